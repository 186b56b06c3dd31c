/**
 * Runs `xe` and turns its failures into typed errors that say what to do.
 * Classification of xe's stderr is `model/xe-error.ts`'s job; this module
 * decides which error class, code and hint each kind deserves.
 */
import { CommandError, HostStateError, joinCause, type ErrorCode, type XsPciError } from "../../errors";
import { classifyXeError, type XeError } from "../../model/xe-error";
import type { CommandResult } from "../../remote/ssh";
import { buildCommand } from "../../remote/shell";
import type { HostShell } from "./host-shell";

/** Exit status of a shell that could not find the command. */
const COMMAND_NOT_FOUND = 127;

/** What a failed xe call was for, to word the error. */
export interface XeContext {
  /** Host name or address, for the message. */
  host: string;
  /** What was being done, in plain words before " on <host>", e.g. `reading VM db4c…`. */
  action: string;
  /** The argv that ran. */
  argv: readonly string[];
}

function details(context: XeContext, result: CommandResult): { command: string; exitCode: number; stdout: string; stderr: string } {
  return { command: buildCommand(context.argv), exitCode: result.exitCode, stdout: result.stdout, stderr: result.stderr };
}

/** What was being done and where: `reading VM db4c… on xs1`. */
function doing(context: XeContext): string {
  return `${context.action} on ${context.host}`;
}

function stateError(code: ErrorCode, context: XeContext, cause: string, hint: string): HostStateError {
  return new HostStateError(code, joinCause(doing(context), cause), { hint });
}

function fromClassified(context: XeContext, result: CommandResult, xe: XeError): XsPciError {
  const said = xe.message;
  switch (xe.kind) {
    case "unknown-vm":
      return stateError("VM_NOT_FOUND", context, `no VM has this UUID (xe: ${said})`,
        "Check vmUuid against `xe vm-list params=uuid,name-label` on the host; if the VM was deleted, remove the resource from the program.");
    case "key-absent":
      return stateError("PCI_KEY_ABSENT", context, `the VM has no other-config:pci key (xe: ${said})`,
        "Nothing to remove; run `pulumi refresh` to record the VM's current state.");
    case "bad-power-state":
      return stateError("VM_BAD_POWER_STATE", context,
        `the VM is ${xe.parameters.actual ?? "in another power state"} but the operation needs it ${xe.parameters.expected ?? "in another power state"}.`,
        "Someone else may be changing the VM's power state; wait for it to settle, then run the update again.");
    case "missing-pv-drivers":
      return stateError("VM_MISSING_PV_DRIVERS", context, `the guest has no PV drivers, so xapi cannot shut it down cleanly (xe: ${said})`,
        'Install the PV drivers (XenServer Tools) in the guest, or shut it down from inside the guest, or set coldBoot: "whenRequired" (which forces the shutdown).');
    case "lacks-feature":
      return stateError("VM_LACKS_FEATURE", context, `the guest does not support a clean shutdown (xe: ${said})`,
        'Install the guest agent / PV drivers, or shut it down from inside the guest, or set coldBoot: "whenRequired" (which forces the shutdown).');
    case "connection-refused":
      return new CommandError("XAPI_UNREACHABLE", joinCause(doing(context), `xe cannot reach xapi (${said})`), details(context, result), {
        hint: "Check that the toolstack runs on the host (`service xapi status`); restart it with `xe-toolstack-restart`, then retry.",
      });
    case "internal":
      return new CommandError("XAPI_INTERNAL_ERROR", joinCause(doing(context), `xapi failed internally: ${said}`), details(context, result), {
        hint: "Read /var/log/xensource.log on the host for the cause, fix it, then retry.",
      });
    case "unknown-command":
      return stateError("XE_COMMAND_UNSUPPORTED", context, `this host's xe has no such command (xe: ${said})`,
        "This XenServer version does not support the operation; check the host's version against the README.");
    case "operation-in-progress":
    case "other":
      return new CommandError("XE_FAILED", joinCause(doing(context), `xe failed: ${said || `exit code ${result.exitCode}`}`), details(context, result), {
        hint: "Fix what xe reports on the host, then retry.",
      });
  }
}

/**
 * The typed error for a failed xe call.
 *
 * @param context - host, action and argv, for the message
 * @param result - the call's output and non-zero exit status
 * @returns HostStateError (VM_NOT_FOUND, PCI_KEY_ABSENT, VM_BAD_POWER_STATE,
 *   VM_MISSING_PV_DRIVERS, VM_LACKS_FEATURE, XE_COMMAND_UNSUPPORTED, NOT_A_XEN_HOST)
 *   or CommandError (XAPI_UNREACHABLE, XAPI_INTERNAL_ERROR, XE_FAILED)
 */
export function xeError(context: XeContext, result: CommandResult): XsPciError {
  if (result.exitCode === COMMAND_NOT_FOUND) {
    return stateError("NOT_A_XEN_HOST", context, `the host has no \`${context.argv[0] ?? "xe"}\` command.`,
      "Point connection.host at a XenServer or XCP-ng dom0 (not a guest or another machine).");
  }
  return fromClassified(context, result, classifyXeError(result.stderr));
}

/**
 * Runs one xe argv and returns its stdout; any failure becomes the error of {@link xeError}.
 *
 * @param shell - the host
 * @param argv - from the builders of `model/xe-argv.ts`
 * @param action - what was being done, in plain words, e.g. `listing the VMs` (error messages add " on <host>: <cause>")
 */
export async function runXe(shell: Pick<HostShell, "connection" | "runCommand">, argv: readonly string[], action: string): Promise<string> {
  const result = await shell.runCommand(argv, { allowedExitCodes: [0, 1, COMMAND_NOT_FOUND] });
  if (result.exitCode !== 0) throw xeError({ host: shell.connection.host, action, argv }, result);
  return result.stdout;
}
