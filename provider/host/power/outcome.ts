/**
 * Which failures of an `xe` call say nothing about whether it reached xapi:
 * the connection cut, a deadline, xapi not listening. The reboot treats those
 * as "not known yet" and finds out, instead of taking them as a refusal. And
 * how its messages quote another error.
 */
import { CommandError, XsPciError } from "../../errors";
import { classifyXeError } from "../../model/xe-error";

const UNKNOWN_OUTCOME = new Set(["CONNECTION_LOST", "COMMAND_TIMEOUT", "XAPI_UNREACHABLE", "SSH_CONNECT_FAILED", "SSH_CONNECT_TIMEOUT", "SSH_CHANNEL_FAILED"]);

/** Whether `error` leaves it unknown whether the command took effect. */
export function outcomeUnknown(error: unknown): boolean {
  return error instanceof XsPciError && UNKNOWN_OUTCOME.has(error.code);
}

/** Whether xapi answered that another operation (a reboot) is under way. */
export function operationInProgress(error: unknown): boolean {
  return error instanceof CommandError && classifyXeError(error.stderr).kind === "operation-in-progress";
}

/** The reason of an error, for the reboot's messages (its whole text when it is not one of the package's). */
export function reasonOf(error: unknown): string {
  return error instanceof XsPciError ? error.reason : String(error);
}
