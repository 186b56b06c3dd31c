/**
 * The one retry policy of boot configuration edits. Every commit runs only if
 * the configuration still holds what the edit read (md5 of extlinux.conf, the
 * `--get-dom0` output); when another process changed it meanwhile, the edit
 * reads again and recomputes, up to {@link MAX_EDIT_ATTEMPTS} times.
 */
import { HostStateError } from "../../errors";

/** How often an edit is recomputed after a concurrent change before giving up. */
export const MAX_EDIT_ATTEMPTS = 8;

/** What an attempt returns when the configuration changed under it. */
export const CONFLICT = Symbol("boot configuration changed");

/** What the conflict error names. */
export interface ConflictSubject {
  /** Host name. */
  readonly host: string;
  /** What was being edited, e.g. `/boot/extlinux.conf` or `xen-pciback.hide`. */
  readonly what: string;
  /** What keeps rewriting it, for the hint, e.g. `the file`. */
  readonly rewritten: string;
}

/**
 * Runs `attempt` (1, 2, …) until it returns something other than
 * {@link CONFLICT}.
 *
 * @throws HostStateError `BOOT_CONFIG_CONFLICT` after {@link MAX_EDIT_ATTEMPTS} conflicts
 */
export async function retryOnConflict<T>(subject: ConflictSubject, attempt: (n: number) => Promise<T | typeof CONFLICT>): Promise<T> {
  for (let n = 1; n <= MAX_EDIT_ATTEMPTS; n += 1) {
    const result = await attempt(n);
    if (result !== CONFLICT) return result;
  }
  throw new HostStateError(
    "BOOT_CONFIG_CONFLICT",
    `editing ${subject.what} on ${subject.host}: it changed under us ${MAX_EDIT_ATTEMPTS} times in a row.`,
    { hint: `Something else keeps rewriting ${subject.rewritten}; stop it, then run the update again.` },
  );
}
