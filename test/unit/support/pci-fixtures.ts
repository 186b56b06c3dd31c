/**
 * The PCI ids, empty hardware and error capture the identity tables share:
 * one card per id, named as pci.ids names it.
 */
import { HostStateError } from "../../../provider/errors";
import type { PciHardware, PciIds } from "../../../provider/model/pci-identity";

/** An Intel 82574L NIC. */
export const INTEL_NIC: PciIds = { vendorId: "8086", deviceId: "10d3", subsystemVendorId: "8086", subsystemId: "a01f", classCode: "020000" };
/** An ASMedia ASM1062 SATA controller. */
export const SATA: PciIds = { vendorId: "1b21", deviceId: "0612", subsystemVendorId: "1b21", subsystemId: "1060", classCode: "010601" };
/** An NVIDIA GTX 1050 Ti and its HDMI audio function. */
export const GPU: PciIds = { vendorId: "10de", deviceId: "1c82", subsystemVendorId: "1043", subsystemId: "8613", classCode: "030000" };
export const GPU_AUDIO: PciIds = { vendorId: "10de", deviceId: "0fb9", subsystemVendorId: "1043", subsystemId: "8613", classCode: "040300" };

/** The hardware entry of an address that holds nothing. */
export function nothingAt(address: string): PciHardware {
  return { address, vendorId: "", deviceId: "", subsystemVendorId: "", subsystemId: "", classCode: "", vendorName: "", deviceName: "" };
}

/** The HostStateError `fn` throws; any other outcome fails the test. */
export function hostStateErrorOf(fn: () => unknown): HostStateError {
  try {
    fn();
  } catch (error) {
    if (error instanceof HostStateError) return error;
    throw error;
  }
  throw new Error("expected a HostStateError");
}
