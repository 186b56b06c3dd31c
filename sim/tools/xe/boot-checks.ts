/**
 * The checks xapi makes before a VM runs on a host (xen-api
 * `xapi_vm_helpers.ml` `assert_can_boot_here`, the same order in tags XS62,
 * v1.249.42 and v26.1.4), for the ones the simulator models: the host is
 * enabled (HOST_DISABLED with the host; control domains exempt; from xapi v26
 * also a migration to the VM's own host), it sees the VM's disks
 * (VM_REQUIRES_SR with the VM and the SR: a local SR is seen by its own host
 * only), and, when asked, it has the memory (HOST_NOT_ENOUGH_FREE_MEMORY with
 * the bytes needed and available). Used by `vm-start on=`, by the start
 * placement, by `vm-migrate` (`reserve_memory_for_vm`) and by the evacuation
 * plan (without the memory check).
 * unconfirmed: `assert_host_is_live` (HOST_NOT_LIVE) is left out: a host
 * that is going down is disabled first, and xapi notices a dead host only
 * after its heartbeat timeout.
 */
import { freeMemoryMiB, MIB } from "../../host/memory";
import type { PoolMember } from "../../host/pool-store";
import type { VmState } from "../../host/types";
import type { XeContext } from "./context";
import { apiError, type ErrorValue, type XeError } from "./errors";
import { hostRef, localSrRef, vmRef } from "./refs";

/** Why a VM cannot run on a host: the API error's code and parameters. */
export interface BootRefusal {
  code: "HOST_DISABLED" | "VM_REQUIRES_SR" | "HOST_NOT_ENOUGH_FREE_MEMORY";
  values: ErrorValue[];
}

/** Whether `assert_can_boot_here` runs its memory check: a start or migration does; the evacuation plan does not. */
export interface BootCheckOptions {
  memory: boolean;
}

/** The memory refusal for `vm` on `member`, if it does not fit there (the VM itself not counted where it runs). */
export function memoryRefusal(context: XeContext, vm: VmState, member: PoolMember): BootRefusal | undefined {
  const available = freeMemoryMiB(member.state, context.pool.vms, vm);
  if (available >= vm.memoryMiB) return undefined;
  return { code: "HOST_NOT_ENOUGH_FREE_MEMORY", values: [String(vm.memoryMiB * MIB), String(Math.max(0, available) * MIB)] };
}

/** The first reason `vm` cannot run on `member`, in xapi's order, or undefined when it can. */
export function bootRefusal(context: XeContext, vm: VmState, member: PoolMember, options: BootCheckOptions): BootRefusal | undefined {
  const local = vm.powerState === "running" && vm.residentOn === member.state.hostUuid;
  const exempt = vm.isControlDomain || (local && context.facts.localMigrationIgnoresDisabled);
  if (!member.state.enabled && !exempt) return { code: "HOST_DISABLED", values: [hostRef(member.state)] };
  if (vm.localSrOf !== "" && vm.localSrOf !== member.state.hostUuid) return { code: "VM_REQUIRES_SR", values: [vmRef(vm), localSrRef(vm.localSrOf)] };
  return options.memory ? memoryRefusal(context, vm, member) : undefined;
}

/** The refusal as the error xe prints. */
export function refusalError(context: XeContext, refusal: BootRefusal): XeError {
  return apiError(context.facts, refusal.code, refusal.values);
}

/** `assert_can_boot_here`: throws the first refusal of `vm` on `member`. */
export function assertCanBootHere(context: XeContext, vm: VmState, member: PoolMember, options: BootCheckOptions): void {
  const refusal = bootRefusal(context, vm, member, options);
  if (refusal !== undefined) throw refusalError(context, refusal);
}
