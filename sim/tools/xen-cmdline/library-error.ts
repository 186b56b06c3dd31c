/** An exception raised inside python-libs' bootloader module, with the statement that raised it. */
import { PythonError } from "./python-error";
import type { LibrarySite } from "./source-lines";

/** A Python exception and the library statement it came from; the caller adds the outer frames. */
export class LibraryError extends Error {
  constructor(
    readonly site: LibrarySite,
    readonly error: PythonError,
  ) {
    super(error.message);
    this.name = "LibraryError";
  }
}

/** Raises `type: detail` at `site`. */
export function raiseAt(site: LibrarySite, type: string, detail: string): never {
  throw new LibraryError(site, new PythonError(type, detail));
}

/** Runs `fn`, attributing a Python exception it raises to `site`. */
export function atSite<T>(site: LibrarySite, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof PythonError) throw new LibraryError(site, error);
    throw error;
  }
}
