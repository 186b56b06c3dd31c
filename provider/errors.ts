/**
 * Error classes of the package. Every error carries a stable `code`, the
 * `reason` (what went wrong), a `hint` that tells the operator what to do, and
 * the `cause` when there is one, so that `pulumi up` prints something
 * actionable instead of a stack trace. Code that rewords an error reads these
 * fields; it never takes `message` apart.
 */

/**
 * Every code an error of this package can carry, grouped by the layer that
 * raises it. The constructors take only these, so a new code has to be added
 * here (and described in docs/errors.md, which a test keeps in step).
 */
export const ERROR_CODES = [
  // Inputs, checked by schema/ and by the model's builders.
  "INVALID_INPUT",
  // SSH transport (remote/).
  "SSH_CONNECT_FAILED",
  "SSH_CONNECT_TIMEOUT",
  "SSH_HANDSHAKE_FAILED",
  "SSH_AUTH_FAILED",
  "SSH_AGENT_FAILED",
  "SSH_BAD_PRIVATE_KEY",
  "SSH_CHANNEL_FAILED",
  "KNOWN_HOSTS_UNREADABLE",
  "HOST_KEY_REJECTED",
  // Remote commands (remote/).
  "COMMAND_FAILED",
  "COMMAND_TIMEOUT",
  "CONNECTION_LOST",
  // xe and xapi (host/xe.ts).
  "NOT_A_XEN_HOST",
  "XAPI_UNREACHABLE",
  "XAPI_INTERNAL_ERROR",
  "XE_FAILED",
  "XE_COMMAND_UNSUPPORTED",
  "VM_NOT_FOUND",
  "VM_NAME_AMBIGUOUS",
  "VM_PINNED_ELSEWHERE",
  "VM_BAD_POWER_STATE",
  "VM_MISSING_PV_DRIVERS",
  "VM_LACKS_FEATURE",
  "HOST_UUID_UNKNOWN",
  // PCI assignment (providers/, host/).
  "PCI_KEY_ABSENT",
  "PCI_KEY_IN_USE",
  "PCI_DEVICE_IN_USE",
  "PCI_DEVICE_NOT_FOUND",
  "PCI_DEVICE_CHANGED",
  "IOMMU_DISABLED",
  "PCI_LISTING_FAILED",
  "XENSTORE_FAILED",
  "BATCH_INCOMPLETE",
  // Hiding a device from dom0 (providers/, host/, model/).
  "ROOT_DISK_CONTROLLER",
  "ROOT_DEVICE_UNKNOWN",
  "KERNEL_RELEASE_UNKNOWN",
  "NO_HIDE_METHOD",
  "HIDE_METHOD_UNSUPPORTED",
  "NO_XEN_BOOT_ENTRY",
  "BOOT_ENTRY_NOT_FOUND",
  "BOOT_ENTRY_NOT_XEN",
  "HIDE_LIST_MALFORMED",
  "HIDE_LIST_UNREADABLE_BY_XAPI",
  "HIDE_PARAMETER_DUPLICATED",
  "BOOT_CONFIG_NOT_UTF8",
  // The host reboot of `reboot: "whenRequired"` (model/host-reboot-plan.ts, host/host-reboot.ts).
  "POOL_HA_ENABLED",
  "HOST_DISABLED",
  "REBOOT_WOULD_STOP_PROVIDER",
  "VM_NOT_RESTORABLE",
  "HOST_REBOOT_ROLLED_BACK",
  "HOST_REBOOT_TIMEOUT",
  "HOST_REBOOT_INCOMPLETE",
  // Boot configuration commits (host/boot-config/).
  "BOOT_CONFIG_STEP_FAILED",
  "BOOT_CONFIG_INCOMPLETE_WRITE",
  "BOOT_CONFIG_VERIFY_FAILED",
  "BOOT_CONFIG_CONFLICT",
  "BOOT_CONFIG_LOCKED",
  "BOOT_CONFIG_LOCK_FAILED",
  "BOOT_CONFIG_INTERRUPTED",
  "EXTLINUX_INSTALL_FAILED",
  // `pulumi import` through the provider plugin (plugin/).
  "NOTHING_TO_IMPORT",
  // Anything else: a bug of this package (providers/error-context.ts).
  "UNEXPECTED",
] as const;

/** A stable, machine-readable error code, e.g. `HOST_KEY_REJECTED`; see {@link ERROR_CODES}. */
export type ErrorCode = (typeof ERROR_CODES)[number];

/** Options shared by every error of this package. */
export interface XsPciErrorOptions {
  /** What the operator should do about it, one or two sentences. */
  hint?: string;
  /** The lower-level error this one wraps. */
  cause?: unknown;
}

/**
 * The message the CLI prints: the reason, then the hint on its own line. The
 * one place the two are joined, so that the printed text stays as it was.
 */
function composeMessage(reason: string, hint: string | undefined): string {
  return hint ? `${reason}\n${hint}` : reason;
}

/**
 * `text` ending with exactly one sentence mark: a final `.`, `?` or `!` is
 * kept (a run of periods becomes one), else a period is added.
 *
 * @param text - a cause, often quoted from a host (`Lost connection to the server.`)
 */
export function sentence(text: string): string {
  const trimmed = text.trim().replace(/\.{2,}$/, ".");
  return /[.?!]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

/**
 * The one way to put a cause under what was being done: `<context>: <cause>`,
 * ending with one sentence mark (never a doubled period). Below the adapters
 * the context says in plain words what was being done (`listing the VMs on
 * xs1`, `connecting to xs1:22`); only the adapters start theirs with
 * `Unable to <action> <resource>`.
 *
 * @param context - what was being done, without a final colon
 * @param cause - what happened
 */
export function joinCause(context: string, cause: string): string {
  return `${context}: ${sentence(cause)}`;
}

/** Base class: `message` is `reason`, then `hint` on the next line, so the CLI shows both. */
export class XsPciError extends Error {
  /** Stable machine-readable code, e.g. `HOST_KEY_REJECTED`. */
  readonly code: ErrorCode;
  /** What went wrong, one sentence without the hint: what rewording code builds on. */
  readonly reason: string;
  /** What to do about it. */
  readonly hint: string | undefined;

  /**
   * @param code - one of {@link ERROR_CODES}
   * @param reason - what went wrong, e.g. `connecting to h:22: …` (below the adapters), `Unable to create PCI assignment for VM …: …` (at them)
   * @param options - hint and cause
   */
  constructor(code: ErrorCode, reason: string, options: XsPciErrorOptions = {}) {
    super(composeMessage(reason, options.hint), { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.reason = reason;
    this.hint = options.hint;
  }
}

/** Input that failed validation (raised only outside `check`, which returns failures). */
export class ValidationError extends XsPciError {
  /**
   * @param reason - what is wrong with the input
   * @param options - hint and cause
   */
  constructor(reason: string, options: XsPciErrorOptions = {}) {
    super("INVALID_INPUT", reason, options);
  }
}

/** SSH transport failures: connect, authentication, host key, deadline. */
export class SshError extends XsPciError {}

/** The presented host key matched neither the pin nor known_hosts. */
export class HostKeyError extends SshError {
  /** `SHA256:…` fingerprint the host presented, as `ssh-keygen -lf` prints it. */
  readonly presentedFingerprint: string;

  /**
   * @param reason - why the key was refused
   * @param presentedFingerprint - the key the host presented
   * @param options - hint and cause
   */
  constructor(reason: string, presentedFingerprint: string, options: XsPciErrorOptions = {}) {
    super("HOST_KEY_REJECTED", reason, options);
    this.presentedFingerprint = presentedFingerprint;
  }
}

/** What a remote command was and what it did, as a {@link CommandError} keeps it. */
export interface CommandDetails {
  /** The command line as run (already quoted), without secrets. */
  command: string;
  /** Exit code, or `null` when killed by a signal or a deadline. */
  exitCode: number | null;
  stdout: string;
  stderr: string;
}

/** A remote command that exited non-zero or did not finish in time. */
export class CommandError extends XsPciError {
  /** The command line as run (already quoted), without secrets. */
  readonly command: string;
  /** Exit code, or `null` when killed by a signal or a deadline. */
  readonly exitCode: number | null;
  /** What the command printed on stdout (redacted). */
  readonly stdout: string;
  /** What the command printed on stderr (redacted). */
  readonly stderr: string;

  /**
   * @param code - one of {@link ERROR_CODES}
   * @param reason - what went wrong
   * @param details - the command and its output
   * @param options - hint and cause
   */
  constructor(code: ErrorCode, reason: string, details: CommandDetails, options: XsPciErrorOptions = {}) {
    super(code, reason, options);
    this.command = details.command;
    this.exitCode = details.exitCode;
    this.stdout = details.stdout;
    this.stderr = details.stderr;
  }
}

/** A host state that makes the requested change unsafe or impossible (conflict, unknown VM…). */
export class HostStateError extends XsPciError {}
