/**
 * The simulated `xe`: waits the configured latency, then under the host lock
 * (a pool's one lock for a member) counts the call on the member it runs on,
 * applies that member's injected fault, and runs the command on the whole
 * pool: xapi's database is one, whichever member is asked. While the
 * member's xapi, or the master's, is not listening (a reboot through xapi
 * between dom0 going down and xapi opening its socket), every call fails as
 * xe's connect does.
 */
import { consumeXeFault, type XeFault } from "../../host/faults";
import { readHostConfig } from "../../host/host-config";
import { xapiAnswers } from "../../host/host-power";
import type { LoadedPool } from "../../host/pool-store";
import { PROFILE_FACTS } from "../../host/profiles";
import { sleepSync } from "../../host/sleep";
import { updatePool } from "../../host/pool-store";
import { fail, succeed, type ToolResult } from "../tool-result";
import { parseXeArgs, type XeArgs } from "./args";
import type { XeContext } from "./context";
import { connectionRefused, unknownCommand, XeError } from "./errors";
import { hostParamGet, hostParamRemove, hostParamSet } from "./host-param-commands";
import { hostDisable, hostEnable, hostEvacuate, hostReboot } from "./host-power-commands";
import { hostRecord, HOST_DEFAULT_FIELDS } from "./host-record";
import { listCommand } from "./list-command";
import { pciDisableDom0Access, pciEnableDom0Access, pciGetDom0AccessStatus } from "./pci-commands";
import { PCI_DEFAULT_FIELDS, pciRecord } from "./pci-record";
import { poolList, poolParamGet, poolParamRemove, poolParamSet } from "./pool-commands";
import { vmParamClear, vmParamGet, vmParamRemove, vmParamSet } from "./vm-param-commands";
import { vmMigrate } from "./vm-migrate";
import { vmReboot, vmShutdown, vmStart } from "./vm-power-commands";
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
  "host-list": (c, a) => listCommand(c.pool.members.map((m) => hostRecord(m.state, m.index)), a, HOST_DEFAULT_FIELDS),
  "host-param-get": hostParamGet,
  "host-param-set": hostParamSet,
  "host-param-remove": hostParamRemove,
  "host-disable": hostDisable,
  "host-enable": hostEnable,
  "host-evacuate": hostEvacuate,
  "host-reboot": hostReboot,
  "pool-list": poolList,
  "pool-param-get": poolParamGet,
  "pool-param-set": poolParamSet,
  "pool-param-remove": poolParamRemove,
};

const PCI_COMMANDS: Readonly<Record<string, Command>> = {
  // One PCI object per function of every member: the same address on two members is two objects.
  "pci-list": (c, a) => listCommand(c.pool.members.flatMap((m) => m.state.pcis.map((pci) => pciRecord(m.state, pci))), a, PCI_DEFAULT_FIELDS),
  "pci-get-dom0-access-status": pciGetDom0AccessStatus,
  "pci-disable-dom0-access": pciDisableDom0Access,
  "pci-enable-dom0-access": pciEnableDom0Access,
};

function commandFor(context: XeContext, name: string): Command {
  const command = COMMANDS[name] ?? (context.facts.hasPciCommands ? PCI_COMMANDS[name] : undefined);
  if (command === undefined) throw unknownCommand(name);
  return command;
}

function faultResult(fault: XeFault): ToolResult {
  return fail(fault.stderr ?? "Lost connection to the server.\n", fault.exitCode ?? 1, fault.stdout ?? "");
}

/**
 * Whether xe on this member reaches a xapi that answers: its own, and the
 * master's, through which a member's xapi works (one database).
 * unconfirmed: what xe on a member prints while the master reboots; the
 * simulator prints the same refusal as on the rebooting host.
 */
function reachesXapi(pool: LoadedPool): boolean {
  const master = pool.members[0];
  return xapiAnswers(pool.self.state.power.phase) && (master === undefined || xapiAnswers(master.state.power.phase));
}

function runCommand(context: XeContext, args: XeArgs): ToolResult {
  try {
    if (!reachesXapi(context.pool)) throw connectionRefused();
    return succeed(commandFor(context, args.command)(context, args));
  } catch (error) {
    if (error instanceof XeError) return fail(error.stderr);
    throw error;
  }
}

/** Runs `xe ARGV...` against the host in `dir`, after the host's configured latency. */
export function runXe(dir: string, argv: readonly string[]): ToolResult {
  sleepSync(readHostConfig(dir).xeLatencyMs);
  return runXeNow(dir, argv);
}

/** Runs `xe ARGV...` against the host in `dir` at once: the simulated xapi process waits the latency itself. */
export function runXeNow(dir: string, argv: readonly string[]): ToolResult {
  const args = parseXeArgs(argv);
  return updatePool(dir, (pool) => {
    const { state } = pool.self;
    state.xeCalls += 1;
    const fault = consumeXeFault(dir, state.xeCalls);
    if (fault !== undefined && fault.when !== "after") return faultResult(fault);
    const result = runCommand({ dir, state, facts: PROFILE_FACTS[state.profile], pool }, args);
    return fault === undefined ? result : faultResult(fault);
  });
}
