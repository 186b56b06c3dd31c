/**
 * `host-disable`, `host-enable`, `host-evacuate`, `host-reboot` (xen-api
 * `cli_operations.ml`, `xapi_host.ml`; tag XS62 for 6.2). Hosts are chosen by
 * `host-select.ts`. A reboot only records its request here: the simulated
 * xapi process takes the steps after the command returned
 * (sim/xapi/power-driver.ts).
 */
import { readHostConfig } from "../../host/host-config";
import { enterPhase } from "../../host/host-power";
import { stableUuid } from "../../host/uuid";
import { optionalParam, type XeArgs } from "./args";
import type { XeContext } from "./context";
import { apiError, recordFailure } from "./errors";
import { firstEvacuationError, planEvacuation } from "./evacuation";
import { selectHosts } from "./host-select";
import { hostRef, rebootTaskRef } from "./refs";
import { migrateTo } from "./vm-migrate";

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
 * a reboot was asked until it happened (HOST_DISABLED_UNTIL_REBOOT,
 * `xapi_host.ml` `assert_safe_to_reenable`: tags XS62 and v1.249.42 raise it
 * without the host, which xe prints as `host: <unknown>`; v26 with it).
 */
export function hostEnable(context: XeContext, args: XeArgs): string {
  for (const member of selectHosts(context, args, { multiple: true })) {
    const { state } = member;
    state.otherConfig = Object.fromEntries(Object.entries(state.otherConfig).filter(([key]) => key !== "MAINTENANCE_MODE"));
    if (state.enabled) continue;
    if (state.power.phase === "xapi-initialising") throw apiError(context.facts, "HOST_STILL_BOOTING", []);
    if (state.disabledUntilReboot) {
      throw apiError(context.facts, "HOST_DISABLED_UNTIL_REBOOT", context.facts.disabledUntilRebootNamesHost ? [hostRef(state)] : []);
    }
    state.autoEnable = true;
    state.enabled = true;
  }
  return "";
}

/**
 * `xe host-evacuate [selectors]` (one host): the whole plan is made first and
 * its first refusal fails the command before any guest moves; then every
 * guest migrates live to its destination. Only xapi v26 keeps
 * `network-uuid` and `batch-size` for itself; older versions read them as
 * host filters (an unknown field).
 */
export function hostEvacuate(context: XeContext, args: XeArgs): string {
  for (const member of selectHosts(context, args, { multiple: false, ownParams: context.facts.hostEvacuateOwnParams })) {
    const plan = planEvacuation(context, member);
    const refusal = firstEvacuationError(plan);
    if (refusal !== undefined) throw refusal;
    for (const step of plan) if (step.target !== undefined) migrateTo(context, step.vm, step.target);
  }
  return "";
}

/**
 * `xe host-reboot [selectors]`: refused with OTHER_OPERATION_IN_PROGRESS
 * while an earlier `host-reboot` of the host is under way, else with
 * HOST_NOT_DISABLED unless the host is disabled (running VMs do not
 * matter), then returns at once. 6.2 marks the host disabled until its
 * reboot there and then. The shutdown starts `rebootDelayMs` later (xapi:
 * 10 s).
 *
 * A reboot leaves a "Host is rebooting" task in the host's current
 * operations as operation `shutdown` (`xapi_host.ml` `reboot`,
 * `shutdown_and_reboot_common`) until xapi starts again, and the host's
 * `valid_operations` (`xapi_host_helpers.ml`) refuses `reboot` while a
 * `shutdown` runs, before it looks at `enabled`: parameters `host`, the
 * host, `shutdown` (tags XS62 and v1.249.42, the third printed as
 * `<extra>`) and, from xapi v26, the task.
 */
export function hostReboot(context: XeContext, args: XeArgs): string {
  for (const member of selectHosts(context, args, { multiple: true })) {
    const { state } = member;
    if (state.power.task !== "") {
      const task = context.facts.namesOperationInProgress ? [rebootTaskRef(state.power.task)] : [];
      throw apiError(context.facts, "OTHER_OPERATION_IN_PROGRESS", ["host", hostRef(state), "shutdown", ...task]);
    }
    if (state.enabled) throw apiError(context.facts, "HOST_NOT_DISABLED", []);
    if (context.facts.disablesUntilRebootAtOnce) state.disabledUntilReboot = true;
    const now = Date.now();
    state.power = { ...state.power, task: stableUuid(`${state.hostUuid}/reboot-task/${state.boots}`) };
    enterPhase(state, "reboot-pending", now + readHostConfig(member.dir).reboot.rebootDelayMs, now);
  }
  return "";
}
