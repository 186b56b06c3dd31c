/**
 * `host-disable`, `host-enable`, `host-evacuate`, `host-reboot` (xen-api
 * `cli_operations.ml`, `xapi_host.ml`; tag XS62 for 6.2). Hosts are chosen by
 * `host-select.ts`. A reboot only records its request here: the simulated
 * xapi process takes the steps after the command returned
 * (test/sim/xapi/power-driver.ts).
 */
import { readHostConfig } from "../../host/host-config";
import { isRebooting } from "../../host/host-power";
import type { PoolMember } from "../../host/pool-store";
import { optionalParam, type XeArgs } from "./args";
import type { XeContext } from "./context";
import { apiError, recordFailure } from "./errors";
import { planEvacuation } from "./evacuation";
import { selectHosts } from "./host-select";
import { migrateTo } from "./vm-migrate";

/** How xe names a host in error parameters: uuid and name-label. */
export function hostHandle(member: PoolMember): string {
  return `${member.state.hostUuid} (${member.state.hostName})`;
}

const TRUE_WORDS = ["true", "t", "yes", "y", "1"];
const FALSE_WORDS = ["false", "f", "no", "n", "0"];

/** The CLI's `get_bool_param` over `Record_util.bool_of_string`. */
function boolParam(args: XeArgs, name: string, fallback: boolean): boolean {
  const value = optionalParam(args, name);
  if (value === undefined) return fallback;
  if (TRUE_WORDS.includes(value.toLowerCase())) return true;
  if (FALSE_WORDS.includes(value.toLowerCase())) return false;
  throw recordFailure(`Failed to parse parameter '${name}': Expected 'true','t','yes','y','1','false','f','no','n','0' got ${value}`);
}

/**
 * `xe host-disable [selectors] [auto-enable=false]`: an enabled host becomes
 * disabled, its VMs keep running; a disabled one is left alone. From xapi
 * 25.31 (`xcpng83`) `auto-enable=false` keeps it disabled after its next boot;
 * older versions read the word as a filter on a field hosts lack, which
 * filters nothing.
 */
export function hostDisable(context: XeContext, args: XeArgs): string {
  const hasAutoEnable = context.facts.hasAutoEnable;
  const autoEnable = hasAutoEnable ? boolParam(args, "auto-enable", true) : true;
  for (const member of selectHosts(context, args, { multiple: true, ownParams: hasAutoEnable ? ["auto-enable"] : [] })) {
    if (!member.state.enabled) continue;
    member.state.enabled = false;
    if (!autoEnable) member.state.autoEnable = false;
  }
  return "";
}

/**
 * `xe host-enable [selectors]`: the CLI first drops the GUI's
 * `other-config:MAINTENANCE_MODE`; an enabled host is left alone; a disabled
 * one refuses while its xapi is still starting (HOST_STILL_BOOTING) and after
 * a reboot was asked until it happened (HOST_DISABLED_UNTIL_REBOOT: 6.2
 * raises it without the host, which xe prints as `host: <unknown>`).
 */
export function hostEnable(context: XeContext, args: XeArgs): string {
  for (const member of selectHosts(context, args, { multiple: true })) {
    const { state } = member;
    state.otherConfig = Object.fromEntries(Object.entries(state.otherConfig).filter(([key]) => key !== "MAINTENANCE_MODE"));
    if (state.enabled) continue;
    if (state.power.phase === "xapi-initialising") throw apiError(context.facts, "HOST_STILL_BOOTING", []);
    if (state.disabledUntilReboot) {
      throw apiError(context.facts, "HOST_DISABLED_UNTIL_REBOOT", context.facts.disablesUntilRebootAtOnce ? [] : [hostHandle(member)]);
    }
    state.autoEnable = true;
    state.enabled = true;
  }
  return "";
}

/**
 * `xe host-evacuate [selectors]` (one host): the whole plan is made first and
 * its first refusal fails the command before any guest moves; then every
 * guest migrates live to its destination.
 */
export function hostEvacuate(context: XeContext, args: XeArgs): string {
  for (const member of selectHosts(context, args, { multiple: false, ownParams: ["network-uuid", "batch-size"] })) {
    const plan = planEvacuation(context, member);
    for (const step of plan) if ("error" in step) throw step.error;
    for (const step of plan) if ("target" in step) migrateTo(context, step.vm, step.target);
  }
  return "";
}

/**
 * `xe host-reboot [selectors]`: refused with HOST_NOT_DISABLED unless the
 * host is disabled (running VMs do not matter), then returns at once. 6.2
 * marks the host disabled until its reboot there and then. The shutdown
 * starts `rebootDelayMs` later (xapi: 10 s).
 * unconfirmed: a second `host-reboot` while one runs; xapi refuses it as an
 * operation in progress, the simulator lets it do nothing.
 */
export function hostReboot(context: XeContext, args: XeArgs): string {
  for (const member of selectHosts(context, args, { multiple: true })) {
    const { state } = member;
    if (state.enabled) throw apiError(context.facts, "HOST_NOT_DISABLED", []);
    if (isRebooting(state.power)) continue;
    if (context.facts.disablesUntilRebootAtOnce) state.disabledUntilReboot = true;
    state.power = { ...state.power, phase: "reboot-pending", due: Date.now() + readHostConfig(member.dir).reboot.rebootDelayMs };
  }
  return "";
}
