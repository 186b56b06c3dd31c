/**
 * Puts a failure into the words of the resource operation that hit it:
 * "Unable to <action> <resource>: <cause>", keeping the error's class, code,
 * hint and details so callers (and tests) can still tell failures apart.
 */
import { CommandError, HostKeyError, HostStateError, SshError, ValidationError, XsPciError } from "../errors";

/**
 * The message of `error` without the hint line(s) XsPciError appends.
 *
 * @param error - any thrown value
 */
export function causeText(error: unknown): string {
  if (error instanceof XsPciError && error.hint !== undefined) {
    return error.message.slice(0, error.message.length - error.hint.length - 1);
  }
  return error instanceof Error ? error.message : String(error);
}

/**
 * A new error of the same class, code, hint and details whose message is
 * `${prefix}: ${cause}`; `error` itself becomes its `cause`.
 *
 * @param prefix - e.g. `Unable to create PCI assignment for VM <uuid>`
 * @param error - what the operation threw
 */
export function withContext(prefix: string, error: unknown): Error {
  const message = `${prefix}: ${causeText(error)}`;
  if (!(error instanceof XsPciError)) {
    return new XsPciError("UNEXPECTED", message, {
      hint: "This is probably a bug in pulumi-xenserver-pci; please report it with this message.",
      cause: error,
    });
  }
  const options = { cause: error, ...(error.hint === undefined ? {} : { hint: error.hint }) };
  if (error instanceof CommandError) {
    const details = { command: error.command, exitCode: error.exitCode, stdout: error.stdout, stderr: error.stderr };
    return new CommandError(error.code, message, details, options);
  }
  if (error instanceof HostKeyError) return new HostKeyError(message, error.presentedFingerprint, options);
  if (error instanceof ValidationError) return new ValidationError(message, options);
  if (error instanceof HostStateError) return new HostStateError(error.code, message, options);
  if (error instanceof SshError) return new SshError(error.code, message, options);
  return new XsPciError(error.code, message, options);
}
