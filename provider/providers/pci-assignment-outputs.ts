/**
 * The outputs of `PciAssignment`, always built from a fresh read of the VM.
 * JSON-like only: the engine rejects `undefined` anywhere in outputs.
 */
import type { VmState } from "../host/xen-host";
import { decodePciValue } from "../model/other-config-pci";
import { isPendingColdBoot, pciAssignmentNextSteps } from "../model/pending";
import type { ColdBootPolicy } from "../schema/pci-assignment";

/** Every output of `PciAssignment` (the names of the public contract). */
export interface PciAssignmentOutputs {
  /** The connection as given (the engine keeps it secret). */
  connection: Record<string, unknown>;
  /** Lower case. */
  vmUuid: string;
  /** What the VM's `pci` key makes xapi attach, normalised, in attach order. */
  devices: string[];
  coldBoot: ColdBootPolicy;
  /** Exactly what is in `other-config:pci`; empty when the key is absent. */
  pciValue: string;
  vmName: string;
  powerState: string;
  /** What the running domain has now (xenstore), in attach order. */
  attachedDevices: string[];
  pendingColdBoot: boolean;
  nextSteps: string[];
  /** Index signature: the engine takes outputs as a plain record. */
  [key: string]: unknown;
}

/**
 * The connection as given, without `undefined` values (the engine cannot store them).
 *
 * @param connection - `connection` of the inputs or old outputs
 */
export function echoConnection(connection: unknown): Record<string, unknown> {
  if (typeof connection !== "object" || connection === null) return {};
  return Object.fromEntries(Object.entries(connection).filter(([, value]) => value !== undefined));
}

/**
 * The outputs for the VM as just read. `devices` is what the live key attaches
 * (after a hand edit too, so that drift shows in the next diff), and the pending
 * flag and next steps are recomputed from it.
 *
 * @param connection - the connection to echo, as given
 * @param coldBoot - the policy to echo
 * @param vm - the VM as just read
 */
export function assignmentOutputs(connection: unknown, coldBoot: ColdBootPolicy, vm: VmState): PciAssignmentOutputs {
  const devices = vm.pciValue === undefined ? [] : decodePciValue(vm.pciValue).attachOrder;
  const state = { vmUuid: vm.uuid, vmName: vm.nameLabel, powerState: vm.powerState, devices, attachedDevices: vm.attachedDevices };
  return {
    connection: echoConnection(connection),
    vmUuid: vm.uuid,
    devices,
    coldBoot,
    pciValue: vm.pciValue ?? "",
    vmName: vm.nameLabel,
    powerState: vm.powerState,
    attachedDevices: [...vm.attachedDevices],
    pendingColdBoot: isPendingColdBoot(state),
    nextSteps: pciAssignmentNextSteps(state),
  };
}
