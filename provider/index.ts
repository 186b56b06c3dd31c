/**
 * pulumi-xenserver-pci: PCI passthrough on XenServer and XCP-ng hosts as Pulumi resources.
 * Public exports only.
 */
import { hiddenPciDeviceProvider } from "./providers/hidden-pci-device";
import { pciAssignmentProvider } from "./providers/pci-assignment";

export { PciAssignment, type PciAssignmentArgs } from "./resources/pci-assignment";
export { HiddenPciDevice, type HiddenPciDeviceArgs, type HideMethod } from "./resources/hidden-pci-device";
export type { ConnectionArgs } from "./resources/connection-args";
export {
  getPciDevices,
  getPciDevicesOutput,
  type GetPciDevicesArgs,
  type GetPciDevicesOutputArgs,
  type GetPciDevicesResult,
  type PciDeviceInfo,
  type VmRef,
} from "./lookups/get-pci-devices";
export { getVm, getVmOutput, type GetVmArgs, type GetVmOutputArgs, type VmInfo } from "./lookups/get-vm";
export type { PciHardware } from "./model/pci-identity";
export { CommandError, HostKeyError, HostStateError, SshError, ValidationError, XsPciError, type ErrorCode, type XsPciErrorOptions } from "./errors";

/**
 * The resource providers behind the resources, for tests (ours and users') that
 * call check/diff/create/read/update/delete directly, without the Pulumi engine.
 */
export const providers = {
  /** The `PciAssignment` provider. */
  pciAssignment: pciAssignmentProvider,
  /** The `HiddenPciDevice` provider. */
  hiddenPciDevice: hiddenPciDeviceProvider,
} as const;
