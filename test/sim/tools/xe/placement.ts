/**
 * Where xapi puts a VM in a pool. xapi's placement ignores
 * `other-config:pci` (xen-api `xapi_vm_helpers.ml`): `on=<host>` pins a
 * start; otherwise the affinity host is tried first; otherwise xapi picks a
 * host that can boot the VM. An evacuation (`xapi_host.ml`
 * `compute_evacuation_plan`) chooses among the other enabled members.
 */
import { xapiAnswers } from "../../host/host-power";
import type { PoolMember } from "../../host/pool-store";
import type { VmState } from "../../host/types";
import type { XeContext } from "./context";
import { hostByUuid } from "./lookup";

function runningGuestsOn(context: XeContext, member: PoolMember): number {
  return context.pool.vms.filter((vm) => !vm.isControlDomain && vm.domId >= 0 && vm.residentOn === member.state.hostUuid).length;
}

/**
 * Among `candidates`, `vm`'s affinity host, else the one running the fewest
 * guests (plus `extra`, guests already planned there), the lowest index first.
 * unconfirmed: xapi's own choice without affinity weighs free memory (and
 * WLB); the simulator's fewest-guests rule only makes the choice predictable.
 */
export function preferredMember(
  context: XeContext,
  vm: VmState,
  candidates: readonly PoolMember[],
  extra: ReadonlyMap<PoolMember, number> = new Map(),
): PoolMember | undefined {
  const affine = candidates.find((m) => vm.affinity !== "" && m.state.hostUuid === vm.affinity);
  if (affine !== undefined) return affine;
  const counts = candidates.map((member) => ({ member, running: runningGuestsOn(context, member) + (extra.get(member) ?? 0) }));
  const fewest = Math.min(...counts.map((c) => c.running));
  return counts.find((c) => c.running === fewest)?.member;
}

/** Members xapi can place a VM on now: enabled, and with xapi answering. */
export function eligibleMembers(context: XeContext): PoolMember[] {
  return context.pool.members.filter((m) => m.state.enabled && xapiAnswers(m.state.power.phase));
}

/**
 * The member `vm` starts on: `on` (a host uuid of the pool, else
 * UUID_INVALID), else the preferred one among the eligible members, else
 * (none is eligible) among every member.
 * unconfirmed: xapi refuses a start on a disabled host (HOST_DISABLED, or
 * NO_HOSTS_AVAILABLE with a per-host table when none can take it); the
 * simulator does not model that refusal.
 */
export function chooseStartHost(context: XeContext, vm: VmState, on: string | undefined): PoolMember {
  if (on !== undefined) return hostByUuid(context, on);
  const eligible = eligibleMembers(context);
  return preferredMember(context, vm, eligible.length > 0 ? eligible : context.pool.members) ?? context.pool.self;
}
