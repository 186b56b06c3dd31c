/**
 * Where `vm-start` builds a VM's domain in a pool. xapi's placement ignores
 * `other-config:pci` (xen-api `xapi_vm_helpers.ml`): `on=<host>` pins the
 * start; otherwise the affinity host is tried first; otherwise xapi picks a
 * host that can boot the VM.
 */
import type { PoolMember } from "../../host/pool-store";
import type { VmState } from "../../host/types";
import type { XeContext } from "./context";
import { hostByUuid } from "./lookup";

function runningGuestsOn(context: XeContext, member: PoolMember): number {
  return context.pool.vms.filter((vm) => !vm.isControlDomain && vm.domId >= 0 && vm.residentOn === member.state.hostUuid).length;
}

/**
 * The member `vm` starts on: `on` (a host uuid of the pool, else UUID_INVALID),
 * else its affinity host, else the member running the fewest guests, the
 * lowest index first.
 * unconfirmed: xapi's own choice without affinity weighs free memory (and
 * WLB); the simulator's fewest-guests rule only makes the choice predictable.
 */
export function chooseStartHost(context: XeContext, vm: VmState, on: string | undefined): PoolMember {
  if (on !== undefined) return hostByUuid(context, on);
  const affine = context.pool.members.find((m) => vm.affinity !== "" && m.state.hostUuid === vm.affinity);
  if (affine !== undefined) return affine;
  const counts = context.pool.members.map((member) => ({ member, running: runningGuestsOn(context, member) }));
  const fewest = Math.min(...counts.map((c) => c.running));
  const chosen = counts.find((c) => c.running === fewest)?.member ?? context.pool.self;
  return chosen;
}
