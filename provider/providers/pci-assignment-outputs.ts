/**
 * The outputs of `PciAssignment`, always built from a fresh read of the VM.
 * JSON-like only: the engine rejects `undefined` anywhere in outputs.
 */
import { assignmentIdentity, type BoundIds } from "../model/assignment-identity";
import type { HostPciDevice, PoolView, VmState } from "../model/host-state";
import type { PciHardware } from "../model/pci-identity";
import { decodePciValue } from "../model/other-config-pci";
import { isPendingColdBoot, pciAssignmentNextSteps, type AssignmentPlacement } from "../model/pending";
import { iommuEnabledOf, memberName } from "../model/pool";
import type { ColdBootPolicy } from "../schema/pci-assignment";

/** The outputs of a `PciAssignment` (engine props: every input echoed, then what the host says). */
export interface PciAssignmentOutputs {
  connection: Record<string, unknown>;
  vmUuid: string;
  devices: string[];
  coldBoot: ColdBootPolicy;
  pinToHost: boolean;
  pciValue: string;
  vmName: string;
  powerState: string;
  attachedDevices: string[];
  pendingColdBoot: boolean;
  /** The name-label of the pool member the VM runs on, `""` when it is not running. */
  residentOn: string;
  /** The name-label of the member the VM's affinity names, `""` when none. */
  affinity: string;
  /** This resource set the VM's affinity (to this host) and clears it at delete. */
  ownsAffinity: boolean;
  /** What is at each address of `devices` now, in order. */
  hardware: PciHardware[];
  /** The id each device of `devices` is bound to (`vvvv:dddd[:ssss:ssss]`), parallel to it. */
  boundIds: string[];
  /** The addresses of `devices` that hold another device than the bound one. */
  hardwareChanged: string[];
  /** The connected host's IOMMU (`chipset-info`); a VM with passthrough devices starts only when it is on. */
  iommuEnabled: boolean;
  /** The other functions of the devices' cards that `devices` leaves out. */
  missingFunctions: string[];
  nextSteps: string[];
  [key: string]: unknown;
}

/** What the outputs echo of the inputs and know of the resource besides the live VM. */
export interface AssignmentSettings {
  coldBoot: ColdBootPolicy;
  pinToHost: boolean;
  /** Whether this resource owns the VM's affinity now. */
  ownsAffinity: boolean;
  /** The ids the resource is bound to, by address; an address without one binds to what is there now. */
  bound: BoundIds;
  /** The `deviceIds` input, echoed when given. */
  deviceIds?: string[] | undefined;
}

/** The host as read with the VM: its pool and its PCI functions. */
export interface AssignmentHost {
  pool: PoolView;
  pciDevices: readonly HostPciDevice[];
}

/** The connection as given, without `undefined` values (the engine rejects them). */
export function echoConnection(connection: unknown): Record<string, unknown> {
  if (typeof connection !== "object" || connection === null) return {};
  return Object.fromEntries(Object.entries(connection).filter(([, value]) => value !== undefined));
}

/** Where the VM stands in the pool, for the next steps; `undefined` on a host alone. */
function placementOf(vm: VmState, pool: PoolView, pinToHost: boolean): AssignmentPlacement | undefined {
  if (pool.members.length <= 1) return undefined;
  return {
    hostUuid: pool.hostUuid,
    hostName: memberName(pool, pool.hostUuid),
    runsOnOtherMember: vm.residentOn !== "" && vm.residentOn !== pool.hostUuid ? memberName(pool, vm.residentOn) : "",
    mayStartElsewhere: !pinToHost && vm.affinity !== pool.hostUuid,
  };
}

/**
 * The outputs from the VM as just read from the host.
 *
 * @param connection - the connection input as given (secret; echoed)
 * @param settings - the inputs echoed besides the connection, the affinity ownership and the bound ids
 * @param vm - the VM, freshly read
 * @param host - the connected host's pool and PCI functions, read with the VM
 */
export function assignmentOutputs(connection: unknown, settings: AssignmentSettings, vm: VmState, host: AssignmentHost): PciAssignmentOutputs {
  const { pool } = host;
  const devices = vm.pciValue === undefined ? [] : decodePciValue(vm.pciValue, pool.xapiIntBits).attachOrder;
  const identity = assignmentIdentity(devices, settings.bound, host.pciDevices);
  const iommuEnabled = iommuEnabledOf(pool);
  const state = {
    vmUuid: vm.uuid,
    vmName: vm.nameLabel,
    powerState: vm.powerState,
    devices,
    attachedDevices: vm.attachedDevices,
    placement: placementOf(vm, pool, settings.pinToHost),
    hardwareChanges: identity.changes,
    iommuEnabled,
    missingFunctions: identity.missingFunctions,
  };
  return {
    connection: echoConnection(connection),
    vmUuid: vm.uuid,
    devices,
    coldBoot: settings.coldBoot,
    pinToHost: settings.pinToHost,
    ...(settings.deviceIds === undefined ? {} : { deviceIds: [...settings.deviceIds] }),
    pciValue: vm.pciValue ?? "",
    vmName: vm.nameLabel,
    powerState: vm.powerState,
    attachedDevices: [...vm.attachedDevices],
    pendingColdBoot: isPendingColdBoot(state),
    residentOn: memberName(pool, vm.residentOn),
    affinity: memberName(pool, vm.affinity),
    ownsAffinity: settings.ownsAffinity && vm.affinity === pool.hostUuid,
    hardware: identity.hardware,
    boundIds: identity.boundIds,
    hardwareChanged: identity.hardwareChanged,
    iommuEnabled,
    missingFunctions: identity.missingFunctions,
    nextSteps: pciAssignmentNextSteps(state),
  };
}
