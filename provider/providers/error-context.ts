/**
 * Puts a failure into the words of the resource operation that hit it:
 * "Unable to <action> <resource>: <cause>", keeping the error's class, code,
 * hint and details so callers (and tests) can still tell failures apart.
 * The adapters (providers/, lookups/, plugin/) are the only places whose
 * reasons start with "Unable to"; the cause below says in plain words what was
 * being done and what happened (`listing the VMs on xs1: xe failed: …`).
 */
import { inspect } from "node:util";
import { CommandError, HostKeyError, HostStateError, joinCause, SshError, ValidationError, XsPciError } from "../errors";
import { redact } from "../remote/remote-errors";

/**
 * What went wrong, without the hint: an XsPciError's `reason`, else the
 * message of any other thrown value.
 *
 * @param error - any thrown value
 */
export function causeText(error: unknown): string {
  if (error instanceof XsPciError) return error.reason;
  return error instanceof Error ? error.message : String(error);
}

/**
 * The credentials of a resource's `connection` input (password, passphrase,
 * private key and each long line of it), to keep out of error messages.
 *
 * @param props - inputs or old outputs holding `connection`
 */
export function connectionSecrets(props: Record<string, unknown>): string[] {
  const connection = props.connection;
  if (typeof connection !== "object" || connection === null) return [];
  const { privateKey, privateKeyPassphrase, password } = connection as Record<string, unknown>;
  const keyLines = typeof privateKey === "string" ? privateKey.split("\n").map((line) => line.trim()).filter((line) => line.length >= 16) : [];
  return [privateKey, ...keyLines, privateKeyPassphrase, password].filter((secret): secret is string => typeof secret === "string");
}

/**
 * A new error of the same class, code, hint and details whose message is
 * `${prefix}: ${cause}` (by `joinCause`: one final sentence mark, never a
 * doubled period); `error` itself becomes its `cause`. Every secret in
 * `secrets` is replaced by `***` (a host may echo one in its output); a cause
 * that still shows one is left out, its redacted text being in the message.
 *
 * @param prefix - e.g. `Unable to create PCI assignment for VM <uuid>`
 * @param error - what the operation threw
 * @param secrets - credentials that must not appear, from {@link connectionSecrets}
 */
export function withContext(prefix: string, error: unknown, secrets: readonly string[] = []): Error {
  const message = redact(joinCause(prefix, causeText(error)), secrets);
  const shown = secrets.length === 0 ? "" : inspect(error, { depth: null });
  const cause = redact(shown, secrets) === shown ? error : undefined;
  if (!(error instanceof XsPciError)) {
    return new XsPciError("UNEXPECTED", message, {
      hint: "This is probably a bug in pulumi-xenserver-pci; please report it with this message.",
      cause,
    });
  }
  const options = { cause, ...(error.hint === undefined ? {} : { hint: error.hint }) };
  if (error instanceof CommandError) {
    const details = {
      command: redact(error.command, secrets),
      exitCode: error.exitCode,
      stdout: redact(error.stdout, secrets),
      stderr: redact(error.stderr, secrets),
    };
    return new CommandError(error.code, message, details, options);
  }
  if (error instanceof HostKeyError) return new HostKeyError(message, error.presentedFingerprint, options);
  if (error instanceof ValidationError) return new ValidationError(message, options);
  if (error instanceof HostStateError) return new HostStateError(error.code, message, options);
  if (error instanceof SshError) return new SshError(error.code, message, options);
  return new XsPciError(error.code, message, options);
}
