/**
 * Matching an error of this package by what stays: its `code` and a
 * distinctive fragment of its `reason`, not the whole message (the adapters
 * put "Unable to <action> <resource>: " before a reason from below).
 */
import type { ErrorCode } from "../../provider/errors";

/**
 * An asymmetric matcher for `toThrow`, `rejects.toThrow` and `toMatchObject`:
 * an error with `code` whose `reason` contains `fragment`, and whatever else
 * `also` names (a `hint`, …).
 *
 * @param code - the error's code
 * @param fragment - a distinctive part of its reason (host, VM, cause)
 * @param also - further properties the error must have
 */
export function errorWith(code: ErrorCode, fragment: string, also: Record<string, unknown> = {}): Error {
  const reason: unknown = expect.stringContaining(fragment);
  const matcher: unknown = expect.objectContaining({ code, reason, ...also });
  return matcher as Error;
}

/**
 * A string matcher for a field of a matcher object (`hint`, `reason`).
 *
 * @param fragment - the part the string must contain
 */
export function containing(fragment: string): string {
  const matcher: unknown = expect.stringContaining(fragment);
  return matcher as string;
}
