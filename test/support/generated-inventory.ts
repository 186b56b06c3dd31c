/**
 * A large simulated host for the concurrency test and the benchmark: the
 * seed's machine (dom0's root controller 0000:00:1f.2 stays) plus generated
 * guest VMs and PCI functions, so that many resources each get their own VM
 * and their own device.
 */
import { defaultInventory, type Inventory, type InventoryPci, type InventoryVm, type PoolInventory, type Profile } from "../../sim/host";

/** How many generated VMs and PCI functions to add. */
export interface GeneratedInventorySize {
  vms: number;
  devices: number;
}

/** The UUID of generated VM `i` (0-based), stable across runs. */
export function generatedVmUuid(i: number): string {
  return `c0ffee00-0000-4000-8000-${i.toString(16).padStart(12, "0")}`;
}

/** The full address of generated PCI function `i` (0-based): one function per bus, from bus 0x20 on. */
export function generatedPciAddress(i: number): string {
  return `0000:${(0x20 + i).toString(16).padStart(2, "0")}:00.0`;
}

/**
 * The UUID of generated VM `i` of pool member `member`: member 0's are those
 * of {@link generatedVmUuid}, so a host alone and the first member of a pool
 * hold the same VMs.
 */
export function generatedPoolVmUuid(member: number, i: number): string {
  return generatedVmUuid(member * 1000 + i);
}

function generatedVm(i: number): InventoryVm {
  return {
    uuid: generatedVmUuid(i),
    nameLabel: `guest-${String(i).padStart(2, "0")}`,
    // Alternate so that both the running (pending cold boot) and halted paths run.
    powerState: i % 2 === 0 ? "halted" : "running",
    hasPvDrivers: true,
    otherConfig: {
      "install-methods": "cdrom",
      mac_seed: `5eed0000-0000-4000-8000-${i.toString(16).padStart(12, "0")}`,
      base_template_name: "Other install media",
      import_task: "OpaqueRef:NULL",
    },
  };
}

function generatedPci(i: number): InventoryPci {
  return {
    address: generatedPciAddress(i),
    vendor: "0x8086",
    device: "0x10fb",
    class: "0x020000",
    driver: "ixgbe",
    vendorName: "Intel Corporation",
    deviceName: "82599ES 10-Gigabit SFI/SFP+ Network Connection",
  };
}

/** The seed's machine for `profile` plus `size.vms` generated VMs and `size.devices` generated PCI functions. */
export function generatedInventory(profile: Profile, size: GeneratedInventorySize): Inventory {
  const seed = defaultInventory(profile);
  return {
    vms: [...seed.vms, ...Array.from({ length: size.vms }, (_, i) => generatedVm(i))],
    pcis: [...seed.pcis, ...Array.from({ length: size.devices }, (_, i) => generatedPci(i))],
  };
}

/**
 * A pool of `members` hosts, each with the same `size.devices` generated PCI
 * functions (the same addresses on every member: other cards) and
 * `size.vms` generated VMs of its own, the running ones resident on it; the
 * seed's VMs run on member 0.
 */
export function generatedPoolInventory(profile: Profile, members: number, size: GeneratedInventorySize): PoolInventory {
  const single = generatedInventory(profile, size);
  const seedVms = defaultInventory(profile).vms;
  const memberVms = Array.from({ length: members }, (_, member) =>
    Array.from({ length: size.vms }, (_, i): InventoryVm => {
      const vm = generatedVm(member * 1000 + i);
      return {
        ...vm,
        nameLabel: `guest-m${String(member)}-${String(i).padStart(2, "0")}`,
        // Running VMs alternate as on a single host; they run on their member.
        powerState: i % 2 === 0 ? "halted" : "running",
        ...(i % 2 === 0 ? {} : { residentOn: member }),
      };
    }),
  ).flat();
  return {
    hosts: Array.from({ length: members }, () => ({ pcis: single.pcis })),
    vms: [...seedVms, ...memberVms],
  };
}
