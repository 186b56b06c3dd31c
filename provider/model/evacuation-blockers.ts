/**
 * What `xe host-get-vms-which-prevent-evacuation uuid=H` prints, read into
 * the VMs that cannot leave the host and why. xapi prints one record per VM,
 * the fields `uuid`, `name-label` and `reason`, where `reason` is the error
 * code and its parameters joined with `,` (xen-api
 * `cli_operations.ml` `host_get_vms_which_prevent_evacuation`); the parameters
 * are raw API values (`OpaqueRef:…`), so only the code is kept. Pure.
 */
import { parseRecords } from "./xe-output";

/** A VM that `host-evacuate` would refuse to move, and xapi's error code for it. */
export interface EvacuationBlocker {
  /** Lower case. */
  readonly uuid: string;
  readonly nameLabel: string;
  /** xapi's error code, e.g. `VM_REQUIRES_SR`, `HOST_NOT_ENOUGH_FREE_MEMORY`, `VM_HAS_PCI_ATTACHED`. */
  readonly code: string;
}

/**
 * Parses the command's stdout: nothing printed means nothing blocks.
 *
 * @param stdout - the whole stdout of `xe host-get-vms-which-prevent-evacuation uuid=H`
 */
export function parseEvacuationBlockers(stdout: string): EvacuationBlocker[] {
  return parseRecords(stdout)
    .filter((record) => (record.uuid ?? "") !== "")
    .map((record) => ({
      uuid: (record.uuid ?? "").toLowerCase(),
      nameLabel: record["name-label"] ?? "",
      code: (record.reason ?? "").split(",")[0]?.trim() || "UNKNOWN",
    }));
}

/** Plain words for the codes a reboot meets most, for the plan's progress line. */
const WHY: Readonly<Record<string, string>> = {
  VM_REQUIRES_SR: "its disks or a mounted ISO are on storage only this host reaches",
  HOST_NOT_ENOUGH_FREE_MEMORY: "no other member has the free memory for it",
  VM_HAS_PCI_ATTACHED: "it has PCI devices passed through",
  VM_HAS_VGPU: "it has a vGPU",
  VM_HAS_VUSBS: "it has USB devices passed through",
  VM_HAS_SRIOV_VIF: "it has an SR-IOV network interface",
  VM_IS_IMMOBILE: "it is marked immobile",
  VM_LACKS_FEATURE: "it cannot be migrated without PV drivers",
  VM_MISSING_PV_DRIVERS: "it cannot be migrated without PV drivers",
  NO_HOSTS_AVAILABLE: "no other member is enabled to take it",
  VM_REQUIRES_NET: "its network is not on any other member",
};

/** Why a blocker cannot move, in words, with xapi's code: `its disks … (VM_REQUIRES_SR)`. */
export function blockerReason(code: string): string {
  const words = WHY[code];
  return words === undefined ? `xapi refuses to move it (${code})` : `${words} (${code})`;
}
