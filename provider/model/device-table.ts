/**
 * The host's PCI functions as a person looking for the device to pass sees
 * them: ids and names, the dom0 driver, whether dom0 hides the function now
 * and at the next boot, which VMs claim it, the other functions of its card,
 * and whether dom0 boots from it. Pure: the host layer gathers the facts.
 */
import type { GuestPciKey, HostPciDevice } from "./host-state";
import type { OcamlIntBits } from "./ocaml-int";
import { decodePciValue } from "./other-config-pci";
import { canRunHere } from "./pci-assignment-plan";
import { hardwareAt, siblingFunctions, type PciHardware } from "./pci-identity";

/** A VM as a lookup names it. */
export interface VmRef {
  uuid: string;
  nameLabel: string;
}

/** One PCI function of the host, as `getPciDevices` returns it. */
export interface PciDeviceInfo extends PciHardware {
  /** The bound dom0 driver (`pciback` when hidden), `""` when none. */
  driver: string;
  /** dom0 hides it now (bound to pciback). */
  hiddenNow: boolean;
  /** The boot configuration hides it at the next boot. */
  hiddenInBootConfig: boolean;
  /** The VMs whose `other-config:pci` claims it (those that can run on this host). */
  assignedTo: VmRef[];
  /** The other functions of the same card (domain, bus and device). */
  siblings: string[];
  /** dom0's root disk hangs off it (its controller, or a bridge above it): never hide or pass it. */
  holdsRootDisk: boolean;
}

/** The facts the table is built from. */
export interface DeviceTableFacts {
  readonly functions: readonly HostPciDevice[];
  readonly guests: readonly GuestPciKey[];
  /** The connected host; in a pool, keys of VMs that run or are pinned elsewhere name other hosts' cards. */
  readonly hostUuid: string;
  /** The functions the boot configuration hides. */
  readonly hiddenInBootConfig: ReadonlySet<string>;
  /** The PCI functions on the way to dom0's root disk. */
  readonly rootDiskPath: readonly string[];
  /** The width of the host's xapi ints (`PoolView.xapiIntBits`), for reading the keys; default 63. */
  readonly xapiIntBits?: OcamlIntBits | undefined;
}

/** The table, one row per function in sysfs order. */
export function deviceTable(facts: DeviceTableFacts): PciDeviceInfo[] {
  const addresses = facts.functions.map((fn) => fn.address);
  const claims = facts.guests
    .filter((guest) => guest.pciValue !== undefined && canRunHere(guest, facts.hostUuid))
    .map((guest) => ({ guest, devices: new Set(decodePciValue(guest.pciValue ?? "", facts.xapiIntBits).attachOrder) }));
  return facts.functions.map((fn) => ({
    ...hardwareAt(fn.address, facts.functions),
    driver: fn.driver ?? "",
    hiddenNow: fn.driver === "pciback",
    hiddenInBootConfig: facts.hiddenInBootConfig.has(fn.address),
    assignedTo: claims.filter(({ devices }) => devices.has(fn.address)).map(({ guest }) => ({ uuid: guest.uuid, nameLabel: guest.nameLabel })),
    siblings: siblingFunctions(fn.address, addresses),
    holdsRootDisk: facts.rootDiskPath.includes(fn.address),
  }));
}
