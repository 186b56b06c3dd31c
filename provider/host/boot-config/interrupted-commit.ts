/**
 * What a boot configuration edit cut short (connection lost, deadline, script
 * killed) means for the operator: the commit scripts guarantee that the
 * configuration holds the old or the new content, so the answer is always
 * "run again".
 */
import { CommandError, type ErrorCode } from "../../errors";

const TRANSPORT_CODES: ReadonlySet<ErrorCode> = new Set(["CONNECTION_LOST", "COMMAND_TIMEOUT"]);

/**
 * Rewords a lost connection, a deadline hit, or a script killed by a signal
 * (code `BOOT_CONFIG_INTERRUPTED`) while a commit script ran; any other error
 * is returned as it is.
 *
 * @param error - what `runScript` threw
 * @param where - the configuration, e.g. `/boot/extlinux.conf`
 */
export function interruptedCommit(error: unknown, where: string): unknown {
  if (!(error instanceof CommandError)) return error;
  const killed = error.code === "COMMAND_FAILED" && error.exitCode === null;
  if (!killed && !TRANSPORT_CODES.has(error.code)) return error;
  return new CommandError(
    killed ? "BOOT_CONFIG_INTERRUPTED" : error.code,
    // The reason alone: our hint replaces the generic one of the transport error.
    error.reason,
    { command: error.command, exitCode: error.exitCode, stdout: error.stdout, stderr: error.stderr },
    {
      hint:
        `The edit of ${where} was cut short: it holds either its old or its new content, never a mix, ` +
        "and a lock left behind is broken by the next run. Run the update again.",
      cause: error,
    },
  );
}
