/**
 * What the provider should report for a simulated PCI function, derived from
 * the inventory the simulator was seeded with (the simulator writes sysfs and
 * answers lspci from the same record), so that tests compare the provider's
 * reading with the seed, not with a copy of its own output.
 */
import type { InventoryPci } from "../../sim";

const hex = (value: string | undefined, digits: number): string => (value ?? "0x0").replace(/^0x/, "").toLowerCase().padStart(digits, "0");

/** The `hardware` entry of a function. */
export function hardwareOf(pci: InventoryPci): Record<string, string> {
  return {
    address: pci.address,
    vendorId: hex(pci.vendor, 4),
    deviceId: hex(pci.device, 4),
    subsystemVendorId: hex(pci.subsystemVendor, 4),
    subsystemId: hex(pci.subsystemDevice, 4),
    classCode: hex(pci.class, 6),
    vendorName: pci.vendorName ?? "",
    deviceName: pci.deviceName ?? "",
  };
}

/** The full bound id of a function, `vvvv:dddd:ssss:ssss`. */
export function boundIdOf(pci: InventoryPci): string {
  const h = hardwareOf(pci);
  return `${h.vendorId}:${h.deviceId}:${h.subsystemVendorId}:${h.subsystemId}`;
}

/** The function at `address` of `pcis`, or a failed test. */
export function pciAt(pcis: readonly InventoryPci[], address: string): InventoryPci {
  const pci = pcis.find((p) => p.address === address);
  if (pci === undefined) throw new Error(`no PCI function ${address} in the inventory`);
  return pci;
}
