/**
 * Exit codes shared by the remote commit scripts of the boot-config methods,
 * and the errors they become. Codes 70-76 stay clear of the tools' own
 * failures (1, 2, 127) and of signal exits (128+).
 */
import { CommandError, joinCause, type ErrorCode } from "../../errors";
import type { CommandResult } from "../../remote/ssh";

/** Exit codes of the commit scripts besides 0. */
export const BOOT_COMMIT_EXIT = {
  /** A step failed before anything was written; stderr names the step. */
  stepFailed: 70,
  /** The temp file did not get the whole new content (stdin cut short). Nothing was written. */
  incomplete: 71,
  /** After the write the configuration does not read back as expected. */
  verifyFailed: 72,
  /** The configuration changed since it was read, or the lock was lost: read again and retry. */
  conflict: 73,
  /** `extlinux -i` failed after the new file was in place. */
  installFailed: 74,
  /** Another run held the lock for the whole wait. Nothing was written. */
  lockBusy: 75,
  /** The lock directory could not be created (read-only /boot?). Nothing was written. */
  lockFailed: 76,
  /** Stopped by a signal (hang-up of the SSH connection…): temp file removed, lock released. */
  interrupted: 129,
} as const;

/** Every code a commit script may exit with, 0 included: the caller decides, not `runScript`. */
export const COMMIT_EXIT_CODES: readonly number[] = [0, ...Object.values(BOOT_COMMIT_EXIT)];

const CODE_NAMES: Readonly<Record<number, ErrorCode>> = {
  [BOOT_COMMIT_EXIT.stepFailed]: "BOOT_CONFIG_STEP_FAILED",
  [BOOT_COMMIT_EXIT.incomplete]: "BOOT_CONFIG_INCOMPLETE_WRITE",
  [BOOT_COMMIT_EXIT.verifyFailed]: "BOOT_CONFIG_VERIFY_FAILED",
  [BOOT_COMMIT_EXIT.conflict]: "BOOT_CONFIG_CONFLICT",
  [BOOT_COMMIT_EXIT.installFailed]: "EXTLINUX_INSTALL_FAILED",
  [BOOT_COMMIT_EXIT.lockBusy]: "BOOT_CONFIG_LOCKED",
  [BOOT_COMMIT_EXIT.lockFailed]: "BOOT_CONFIG_LOCK_FAILED",
  [BOOT_COMMIT_EXIT.interrupted]: "BOOT_CONFIG_INTERRUPTED",
};

/** Where the edit happened, for the error text. */
export interface CommitContext {
  /** The command as the error should name it, e.g. `the extlinux.conf commit script`. */
  readonly label: string;
  /** The host name. */
  readonly host: string;
  /** What to do when the change may have landed or not, the restore instructions… */
  readonly hint: string;
}

/**
 * The error for a commit script's non-zero exit: the script's own `xspci:`
 * lines of stderr say which step failed and why.
 */
export function commitFailure(result: CommandResult, context: CommitContext): CommandError {
  const reason =
    result.stderr
      .split("\n")
      .filter((line) => line.startsWith("xspci: "))
      .map((line) => line.slice("xspci: ".length))
      .join("; ") || `the script exited with status ${result.exitCode}`;
  const code = CODE_NAMES[result.exitCode] ?? "BOOT_CONFIG_STEP_FAILED";
  return new CommandError(
    code,
    joinCause(`changing the boot configuration on ${context.host}`, reason),
    { command: context.label, exitCode: result.exitCode, stdout: result.stdout, stderr: result.stderr },
    { hint: context.hint },
  );
}
