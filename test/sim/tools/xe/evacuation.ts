/**
 * Host evacuation as xapi plans it (xen-api `xapi_host.ml`
 * `compute_evacuation_plan_no_wlb`, the same in tag XS62): every guest
 * resident on the host gets either a destination among the other enabled
 * members or the error that keeps it there. With no such member every guest
 * gets NO_HOSTS_AVAILABLE; otherwise each guest gets the refusal
 * `VM.pool_migrate` would give (power state, PV drivers, VM_HAS_PCI_ATTACHED).
 */
import type { PoolMember } from "../../host/pool-store";
import type { VmState } from "../../host/types";
import type { XeContext } from "./context";
import { apiError, XeError } from "./errors";
import { preferredMember } from "./placement";
import { assertCanMigrate } from "./vm-migrate";
import { vmHandle } from "./vm-record";

/** One guest's line of the plan: where it goes, or why it cannot. */
export type EvacuationStep = { vm: VmState; target: PoolMember } | { vm: VmState; error: XeError };

/** Guests with a domain on `member` (running or paused), in database order: xapi's `resident_VMs` without dom0. */
export function residentGuests(context: XeContext, member: PoolMember): VmState[] {
  return context.pool.vms.filter((vm) => !vm.isControlDomain && vm.domId >= 0 && vm.residentOn === member.state.hostUuid);
}

/** The members an evacuation of `member` may send guests to: every other enabled one. */
export function evacuationTargets(context: XeContext, member: PoolMember): PoolMember[] {
  return context.pool.members.filter((m) => m !== member && m.state.enabled);
}

/**
 * The plan for `member`, in database order. Destinations spread the guests
 * over the targets (see `preferredMember`), counting those already planned.
 * NO_HOSTS_AVAILABLE carries the VM although the datamodel names no
 * parameter, so xe prints it as `<extra>: <uuid> (<name>)`.
 * unconfirmed: xapi keeps the plan in a hash table, so which refusal
 * `host-evacuate` reports first when several guests cannot move is not
 * fixed; the simulator reports the first in database order.
 */
export function planEvacuation(context: XeContext, member: PoolMember): EvacuationStep[] {
  const targets = evacuationTargets(context, member);
  const guests = residentGuests(context, member);
  if (targets.length === 0) return guests.map((vm) => ({ vm, error: apiError(context.facts, "NO_HOSTS_AVAILABLE", [vmHandle(vm)]) }));
  const planned = new Map<PoolMember, number>();
  return guests.map((vm): EvacuationStep => {
    try {
      assertCanMigrate(context, vm, false);
    } catch (error) {
      if (error instanceof XeError) return { vm, error };
      throw error;
    }
    const target = preferredMember(context, vm, targets, planned) ?? targets[0];
    if (target === undefined) return { vm, error: apiError(context.facts, "NO_HOSTS_AVAILABLE", [vmHandle(vm)]) };
    planned.set(target, (planned.get(target) ?? 0) + 1);
    return { vm, target };
  });
}

/** The guests of a plan that cannot move. */
export function blockedGuests(plan: readonly EvacuationStep[]): VmState[] {
  return plan.filter((step) => "error" in step).map((step) => step.vm);
}
