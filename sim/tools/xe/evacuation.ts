/**
 * Host evacuation as xapi plans it (xen-api `xapi_host.ml`
 * `compute_evacuation_plan_no_wlb`; tags XS62, v1.249.42, v26.1.4): every
 * guest resident on the host gets either a destination among the other
 * enabled members or the errors that keep it there, in xapi's order, each
 * later step replacing an earlier step's error:
 * 1. no other enabled member: every guest gets NO_HOSTS_AVAILABLE (the VM as
 *    its one parameter, which the datamodel does not declare: xe prints
 *    `<extra>: <uuid> (<name>)`), and nothing else is checked;
 * 2. with HA on, the guests HA does not protect (all of them: the simulator
 *    has no protection) get HOST_NOT_ENOUGH_FREE_MEMORY (the VM);
 * 3. each other guest must pass `assert_can_boot_here` (no memory check) on
 *    every target: the first refusal is its error (VM_REQUIRES_SR for a disk
 *    on the host's local SR) and it is left out of the binpack;
 * 4. every guest gets the refusal `VM.pool_migrate`'s operation check gives
 *    (power state, PV drivers, VM_HAS_PCI_ATTACHED: `vm-migrate.ts`);
 * 5. a memory binpack of the guests that passed 3 over the targets' free
 *    memory (`Xapi_ha_vm_failover.compute_evacuation_plan`, `binpack.ml`
 *    `biggest_fit_decreasing`): the biggest guest first, each into the
 *    target with the most free memory if it fits there, else left out; the
 *    guests left out get HOST_NOT_ENOUGH_FREE_MEMORY (the VM as `needed`,
 *    xe prints `available: <unknown>`);
 * 6. each placed guest is checked again on its target; a guest without an
 *    error migrates there.
 * XS62 differs in 5: it adds the memory error (`Hashtbl.add`) rather than
 * replacing, for every guest that passed 2 and was not placed (those that
 * failed 3 too), so a guest can carry two errors.
 * unconfirmed: xapi keeps the plan in a hash table, so the order of the
 * guests (which one `host-evacuate` reports, the order of
 * `host-get-vms-which-prevent-evacuation`'s records) is not fixed; the
 * simulator uses database order, a guest's errors oldest first.
 */
import { freeMemoryMiB } from "../../host/memory";
import type { PoolMember } from "../../host/pool-store";
import type { VmState } from "../../host/types";
import { bootRefusal, refusalError } from "./boot-checks";
import type { XeContext } from "./context";
import { apiError, type XeError } from "./errors";
import { vmRef } from "./refs";
import { migrationRefusal } from "./vm-migrate";

/** One guest's line of the plan: its errors (oldest first; none when it moves) and, when it moves, its destination. */
export interface EvacuationStep {
  vm: VmState;
  errors: XeError[];
  target?: PoolMember;
}

/** Guests with a domain on `member` (running or paused), in database order: xapi's `resident_VMs` without dom0. */
export function residentGuests(context: XeContext, member: PoolMember): VmState[] {
  return context.pool.vms.filter((vm) => !vm.isControlDomain && vm.domId >= 0 && vm.residentOn === member.state.hostUuid);
}

/** The members an evacuation of `member` may send guests to: every other enabled one. */
export function evacuationTargets(context: XeContext, member: PoolMember): PoolMember[] {
  return context.pool.members.filter((m) => m !== member && m.state.enabled);
}

/** `Binpack.biggest_fit_decreasing` of guests over targets by free memory (MiB): the guests placed, each with its target. */
function binpack(context: XeContext, guests: readonly VmState[], targets: readonly PoolMember[]): Map<VmState, PoolMember> {
  // OCaml's List.sort is stable: equal sizes keep their order.
  const things = [...guests].sort((a, b) => b.memoryMiB - a.memoryMiB);
  let bins = targets.map((member) => ({ member, free: freeMemoryMiB(member.state, context.pool.vms) })).sort((a, b) => b.free - a.free);
  const placed = new Map<VmState, PoolMember>();
  for (const vm of things) {
    const [first, ...rest] = bins;
    if (first === undefined || first.free - vm.memoryMiB < 0) continue;
    placed.set(vm, first.member);
    const bin = { member: first.member, free: first.free - vm.memoryMiB };
    // `insert`: before the first bin with no more free memory than it.
    const at = rest.findIndex((b) => b.free <= bin.free);
    bins = at < 0 ? [...rest, bin] : [...rest.slice(0, at), bin, ...rest.slice(at)];
  }
  return placed;
}

/** The plan for `member`, in database order (see the module comment). */
export function planEvacuation(context: XeContext, member: PoolMember): EvacuationStep[] {
  const targets = evacuationTargets(context, member);
  const guests = residentGuests(context, member);
  const steps = new Map(guests.map((vm): [VmState, EvacuationStep] => [vm, { vm, errors: [] }]));
  const entry = (vm: VmState): EvacuationStep => steps.get(vm) ?? { vm, errors: [] };
  const replace = (vm: VmState, error: XeError): void => {
    entry(vm).errors = [error];
  };
  const memoryError = (vm: VmState): XeError => apiError(context.facts, "HOST_NOT_ENOUGH_FREE_MEMORY", [vmRef(vm)]);
  if (targets.length === 0) {
    for (const vm of guests) replace(vm, apiError(context.facts, "NO_HOSTS_AVAILABLE", [vmRef(vm)]));
    return [...steps.values()];
  }
  // With HA on only the guests HA protects may be evacuated; the simulator protects none.
  const protectedGuests = context.pool.poolObject.haEnabled ? [] : guests;
  for (const vm of guests.filter((g) => !protectedGuests.includes(g))) replace(vm, memoryError(vm));
  const migratable = protectedGuests.filter((vm) => {
    for (const target of targets) {
      const refusal = bootRefusal(context, vm, target, { memory: false });
      if (refusal === undefined) continue;
      replace(vm, refusalError(context, refusal));
      return false;
    }
    return true;
  });
  for (const vm of guests) {
    const refusal = migrationRefusal(context, vm, false);
    if (refusal !== undefined) replace(vm, refusal);
  }
  const placed = binpack(context, migratable, targets);
  const missing = (context.facts.evacuationAddsErrors ? protectedGuests : migratable).filter((vm) => !placed.has(vm));
  for (const vm of missing) {
    if (context.facts.evacuationAddsErrors) entry(vm).errors.push(memoryError(vm));
    else replace(vm, memoryError(vm));
  }
  for (const [vm, target] of placed) {
    const refusal = bootRefusal(context, vm, target, { memory: false });
    if (refusal !== undefined) replace(vm, refusalError(context, refusal));
    if (entry(vm).errors.length === 0) entry(vm).target = target;
  }
  return [...steps.values()];
}

/** The error `host-evacuate` raises for a plan: the first blocked guest's latest error (the binding xapi's `Hashtbl.iter` meets first). */
export function firstEvacuationError(plan: readonly EvacuationStep[]): XeError | undefined {
  return plan.find((step) => step.errors.length > 0)?.errors.at(-1);
}

/** The guests of a plan that cannot move. */
export function blockedGuests(plan: readonly EvacuationStep[]): VmState[] {
  return plan.filter((step) => step.errors.length > 0).map((step) => step.vm);
}
