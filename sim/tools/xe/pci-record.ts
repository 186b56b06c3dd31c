/** The CLI record of a host PCI function (XCP-ng 8.3 / XenServer 8 `xe pci-list`). */
import type { HostState, PciState } from "../../host/types";
import { formatMap, roField, type Field } from "./fields";
import { slotOf } from "./pci-objects";

/** Fields `xe pci-list` shows without `params=`. */
export const PCI_DEFAULT_FIELDS = ["uuid", "vendor-name", "device-name", "pci-id"] as const;

/** The record of `pci`; `dependencies` lists the other functions of the same device. */
export function pciRecord(state: HostState, pci: PciState): Field[] {
  const dependencies = state.pcis.filter((p) => p !== pci && slotOf(p.address) === slotOf(pci.address)).map((p) => p.address);
  return [
    roField("uuid", () => pci.uuid),
    roField("vendor-name", () => pci.vendorName),
    roField("device-name", () => pci.deviceName),
    // The copy xapi took when it started, not the driver bound now.
    roField("driver-name", () => pci.xapiDriverName),
    roField("host-uuid", () => state.hostUuid),
    roField("host-name-label", () => state.hostName),
    roField("pci-id", () => pci.address),
    { name: "dependencies", access: "SRO", get: () => dependencies.join("; ") },
    { name: "other-config", access: "MRW", get: () => formatMap({}) },
  ];
}
