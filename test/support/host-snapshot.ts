/**
 * What a stack may change on a simulated host, for before/after comparisons:
 * the boot config and every VM's `other-config` map.
 */
import type { SimHost } from "../../sim";

/** The boot config text and each VM's `other-config`, in the host's order. */
export interface HostSnapshot {
  bootConfig: string;
  vms: { uuid: string; otherConfig: Record<string, string> }[];
}

/** Takes a {@link HostSnapshot} of `sim` now. */
export function hostSnapshot(sim: SimHost): HostSnapshot {
  const state = sim.state();
  return { bootConfig: state.bootConfig, vms: state.vms.map((vm) => ({ uuid: vm.uuid, otherConfig: vm.otherConfig })) };
}
