/**
 * The simulated `xe`: waits the configured latency, then under the host lock
 * (a pool's one lock for a member) counts the call on the member it runs on,
 * applies that member's injected faults (host/faults.ts), and runs the
 * command on the whole pool: xapi's database is one, whichever member is
 * asked. While the member's xapi, or the master's, is not listening (a
 * reboot through xapi between dom0 going down and xapi opening its socket),
 * or a fault made it unreachable, every call fails as xe's connect does.
 */
import { consumeXeFault, makeXapiUnreachable, xapiUnreachableByFault, type XeCall, type XeFault } from "../../host/faults";
import { readHostConfig } from "../../host/host-config";
import { xeReachesXapi } from "../../host/host-power";
import { PROFILE_FACTS } from "../../host/profiles";
import { sleepSync } from "../../host/sleep";
import { updatePool } from "../../host/pool-store";
import type { HostState } from "../../host/types";
import { dropped, fail, succeed, type ToolResult } from "../tool-result";
import { parseXeArgs, type XeArgs } from "./args";
import type { XeContext } from "./context";
import { connectionRefused, unknownCommand, XeError } from "./errors";
import { hostParamGet, hostParamRemove, hostParamSet } from "./host-param-commands";
import { hostDisable, hostEnable, hostEvacuate, hostReboot } from "./host-power-commands";
import { hostRecord, HOST_DEFAULT_FIELDS } from "./host-record";
import { listCommand } from "./list-command";
import { pciDisableDom0Access, pciEnableDom0Access, pciGetDom0AccessStatus } from "./pci-commands";
import { pciObjects } from "./pci-objects";
import { PCI_DEFAULT_FIELDS, pciRecord } from "./pci-record";
import { hostGetVmsWhichPreventEvacuation } from "./prevent-evacuation";
import { poolList, poolParamGet, poolParamRemove, poolParamSet } from "./pool-commands";
import { vmParamClear, vmParamGet, vmParamRemove, vmParamSet } from "./vm-param-commands";
import { vmMigrate } from "./vm-migrate";
import { vmReboot, vmShutdown, vmStart } from "./vm-power-commands";
import { vmResume, vmSuspend } from "./vm-suspend-commands";
import { VM_DEFAULT_FIELDS, vmRecord } from "./vm-record";

type Command = (context: XeContext, args: XeArgs) => string;

const COMMANDS: Readonly<Record<string, Command>> = {
  "vm-list": (c, a) => listCommand(c.pool.vms.map((vm) => vmRecord(c, vm)), a, VM_DEFAULT_FIELDS),
  "vm-param-get": vmParamGet,
  "vm-param-set": vmParamSet,
  "vm-param-remove": vmParamRemove,
  "vm-param-clear": vmParamClear,
  "vm-start": vmStart,
  "vm-shutdown": vmShutdown,
  "vm-reboot": vmReboot,
  "vm-migrate": vmMigrate,
  "vm-suspend": vmSuspend,
  "vm-resume": vmResume,
  "host-list": (c, a) => listCommand(c.pool.members.map((m) => hostRecord(m.state, m.index)), a, HOST_DEFAULT_FIELDS),
  "host-param-get": hostParamGet,
  "host-param-set": hostParamSet,
  "host-param-remove": hostParamRemove,
  "host-disable": hostDisable,
  "host-enable": hostEnable,
  "host-evacuate": hostEvacuate,
  "host-get-vms-which-prevent-evacuation": hostGetVmsWhichPreventEvacuation,
  "host-reboot": hostReboot,
  "pool-list": poolList,
  "pool-param-get": poolParamGet,
  "pool-param-set": poolParamSet,
  "pool-param-remove": poolParamRemove,
};

const PCI_COMMANDS: Readonly<Record<string, Command>> = {
  // One PCI object per managed function of every member (pci-objects.ts): the same address on two members is two objects.
  "pci-list": (c, a) => listCommand(c.pool.members.flatMap((m) => pciObjects(c.facts, m.state).map((pci) => pciRecord(m.state, pci))), a, PCI_DEFAULT_FIELDS),
  "pci-get-dom0-access-status": pciGetDom0AccessStatus,
  "pci-disable-dom0-access": pciDisableDom0Access,
  "pci-enable-dom0-access": pciEnableDom0Access,
};

function commandFor(context: XeContext, name: string): Command {
  const command = COMMANDS[name] ?? (context.facts.hasPciCommands ? PCI_COMMANDS[name] : undefined);
  if (command === undefined) throw unknownCommand(name);
  return command;
}

function failResult(fault: XeFault): ToolResult {
  return fail(fault.stderr ?? "Lost connection to the server.\n", fault.exitCode ?? 1, fault.stdout ?? "");
}

function runCommand(context: XeContext, args: XeArgs): ToolResult {
  try {
    if (!xeReachesXapi(context.pool.self.state, context.pool.members[0]?.state)) throw connectionRefused();
    return succeed(commandFor(context, args.command)(context, args));
  } catch (error) {
    if (error instanceof XeError) return fail(error.stderr, 1, error.stdout);
    throw error;
  }
}

/** Counts this call on the member `xe` runs on: in total and for its command. */
function countCall(state: HostState, command: string): XeCall {
  state.xeCalls += 1;
  const commandNumber = (state.xeCommandCalls[command] ?? 0) + 1;
  state.xeCommandCalls = { ...state.xeCommandCalls, [command]: commandNumber };
  return { number: state.xeCalls, command, commandNumber };
}

/**
 * A call under a fault: `before`, the fault acts instead of the command;
 * `after`, the command takes effect, then the fault acts. `fail` prints the
 * fault's output; `drop-connection` cuts the SSH connection (no output);
 * `xapi-unreachable` refuses this call (`before`) or answers it (`after`),
 * and every later call until the faults are cleared or `forMs` passed.
 */
function runFaulted(context: XeContext, args: XeArgs, fault: XeFault, now: number): ToolResult {
  const action = fault.action ?? "fail";
  const after = fault.when === "after";
  if (action === "xapi-unreachable") {
    const result = after ? runCommand(context, args) : fail(connectionRefused().stderr);
    makeXapiUnreachable(context.dir, now, fault.forMs);
    return result;
  }
  if (after) runCommand(context, args);
  return action === "drop-connection" ? dropped() : failResult(fault);
}

/** Runs `xe ARGV...` against the host in `dir`, after the host's configured latency. */
export function runXe(dir: string, argv: readonly string[]): ToolResult {
  sleepSync(readHostConfig(dir).xeLatencyMs);
  return runXeNow(dir, argv);
}

/**
 * Runs `xe ARGV...` against the host in `dir` at once: the simulated xapi
 * process waits the latency itself. The call is counted first, then a fault
 * made xapi unreachable refuses it, then a fault planned for it acts.
 */
export function runXeNow(dir: string, argv: readonly string[]): ToolResult {
  const args = parseXeArgs(argv);
  return updatePool(dir, (pool) => {
    const { state } = pool.self;
    const call = countCall(state, args.command);
    const now = Date.now();
    if (xapiUnreachableByFault(dir, now)) return fail(connectionRefused().stderr);
    const context: XeContext = { dir, state, facts: PROFILE_FACTS[state.profile], pool };
    const fault = consumeXeFault(dir, call);
    return fault === undefined ? runCommand(context, args) : runFaulted(context, args, fault, now);
  });
}
