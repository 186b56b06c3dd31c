/**
 * `Bootloader.loadExisting()` and `commit()` for the simulated dom0: the first
 * boot config that exists in the library's search order is read; a commit
 * renders the whole file into a `mkstemp` file beside it (mode 0600) and
 * renames that over the original.
 */
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import type { BootMenu } from "./boot-menu";
import { LibraryError } from "./library-error";
import { PythonError } from "./python-error";
import type { PythonFlavour } from "./python-flavour";
import { readExtlinux } from "./read-extlinux";
import { readGrub2 } from "./read-grub2";
import { libraryFrame, scriptFrames, type LibrarySite } from "./source-lines";
import { writeExtlinux } from "./write-extlinux";
import { writeGrub2 } from "./write-grub2";

/** Reads the boot config below the simulated root `root`; PythonError (with its traceback frames) when the library raises. */
export function loadExisting(root: string, flavour: PythonFlavour, brand: string): BootMenu {
  const outer = scriptFrames(flavour, "load");
  const found = flavour.searchOrder.find((candidate) => fs.existsSync(path.join(root, candidate.path)));
  if (found === undefined) {
    throw new PythonError("RuntimeError", "No existing bootloader configuration found", [...outer, libraryFrame(flavour, "loadExisting:none")]);
  }
  const file = path.join(root, found.path);
  const content = fs.readFileSync(file, "utf8");
  try {
    return found.reader === "grub2" ? readGrub2(file, content, brand, flavour.intUnderscores) : readExtlinux(file, content);
  } catch (error) {
    if (!(error instanceof LibraryError)) throw error;
    const via = libraryFrame(flavour, `loadExisting:${found.path}` as LibrarySite);
    throw error.error.within([...outer, via, libraryFrame(flavour, error.site)]);
  }
}

/** `tempfile.mkstemp(dir=…)`: `tmp` and eight random characters, created exclusively with mode 0600. */
function mkstemp(directory: string): string {
  const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789_";
  for (;;) {
    const name = Array.from(crypto.randomBytes(8), (b) => alphabet.charAt(b % alphabet.length)).join("");
    const file = path.join(directory, `tmp${name}`);
    try {
      fs.closeSync(fs.openSync(file, "wx", 0o600));
      return file;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
  }
}

/** Writes `menu` back over the file it came from, whole, through a temp file and a rename. */
export function commit(menu: BootMenu, flavour: PythonFlavour): void {
  let content: string;
  try {
    content = menu.format === "grub2" ? writeGrub2(menu) : writeExtlinux(menu);
  } catch (error) {
    if (!(error instanceof LibraryError)) throw error;
    // The temp file exists by then and is left behind, as with the real library.
    mkstemp(path.dirname(menu.file));
    throw error.error.within([...scriptFrames(flavour, "commit"), libraryFrame(flavour, "commit:extlinux"), libraryFrame(flavour, error.site)]);
  }
  const temp = mkstemp(path.dirname(menu.file));
  fs.writeFileSync(temp, content);
  fs.renameSync(temp, menu.file);
}
