/**
 * Error classes of the package. Every error carries a stable `code`, a `hint`
 * that tells the operator what to do, and the `cause` when there is one, so
 * that `pulumi up` prints something actionable instead of a stack trace.
 */

/** Options shared by every error of this package. */
export interface XsPciErrorOptions {
  /** What the operator should do about it, one or two sentences. */
  hint?: string;
  /** The lower-level error this one wraps. */
  cause?: unknown;
}

/** Base class: `message` already ends with the hint, so the CLI shows both. */
export class XsPciError extends Error {
  /** Stable machine-readable code, e.g. `HOST_KEY_MISMATCH`. */
  readonly code: string;
  /** What to do about it. */
  readonly hint: string | undefined;

  constructor(code: string, message: string, options: XsPciErrorOptions = {}) {
    super(options.hint ? `${message}\n${options.hint}` : message, { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.hint = options.hint;
  }
}

/** Input that failed validation (raised only outside `check`, which returns failures). */
export class ValidationError extends XsPciError {
  constructor(message: string, options: XsPciErrorOptions = {}) {
    super("INVALID_INPUT", message, options);
  }
}

/** SSH transport failures: connect, authentication, host key, deadline. */
export class SshError extends XsPciError {}

/** The presented host key matched neither the pin nor known_hosts. */
export class HostKeyError extends SshError {
  /** `SHA256:…` fingerprint the host presented, as `ssh-keygen -lf` prints it. */
  readonly presentedFingerprint: string;

  constructor(message: string, presentedFingerprint: string, options: XsPciErrorOptions = {}) {
    super("HOST_KEY_REJECTED", message, options);
    this.presentedFingerprint = presentedFingerprint;
  }
}

/** A remote command that exited non-zero or did not finish in time. */
export class CommandError extends XsPciError {
  /** The command line as run (already quoted), without secrets. */
  readonly command: string;
  /** Exit code, or `null` when killed by a signal or a deadline. */
  readonly exitCode: number | null;
  readonly stdout: string;
  readonly stderr: string;

  constructor(
    code: string,
    message: string,
    details: { command: string; exitCode: number | null; stdout: string; stderr: string },
    options: XsPciErrorOptions = {},
  ) {
    super(code, message, options);
    this.command = details.command;
    this.exitCode = details.exitCode;
    this.stdout = details.stdout;
    this.stderr = details.stderr;
  }
}

/** A host state that makes the requested change unsafe or impossible (conflict, unknown VM…). */
export class HostStateError extends XsPciError {}
