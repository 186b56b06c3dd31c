/**
 * Memory for guests on a simulated host. A host has `memoryMiB` for guests;
 * each guest whose domain is there (running or paused) takes its own
 * `memoryMiB`. xapi counts the same way when it checks a start or a
 * migration (`Memory_check.host_compute_free_memory_with_maximum_compression`,
 * which leaves out the VM being placed) and in the evacuation's binpack.
 * unconfirmed: xapi adds each domain's overhead (shadow memory, device
 * model); the simulator counts `memoryMiB` alone.
 */
import type { HostState, VmState } from "./types";

/** Bytes in a MiB: xapi's memory errors print bytes. */
export const MIB = 1024 * 1024;

/** The guest memory a new host gets when the inventory names none. */
export const DEFAULT_HOST_MEMORY_MIB = 65536;

/** The memory a guest takes when the inventory names none. */
export const DEFAULT_VM_MEMORY_MIB = 1024;

/** Free memory for guests on `state`'s host, in MiB, among the pool's `vms`; `except` (a VM being placed) is not counted. */
export function freeMemoryMiB(state: HostState, vms: readonly VmState[], except?: VmState): number {
  const taken = vms
    .filter((vm) => vm !== except && !vm.isControlDomain && vm.domId >= 0 && vm.residentOn === state.hostUuid)
    .reduce((sum, vm) => sum + vm.memoryMiB, 0);
  return state.memoryMiB - taken;
}
