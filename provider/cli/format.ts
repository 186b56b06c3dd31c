/**
 * The command line's tables: what a person reads before writing a program.
 * Pure.
 */
import type { PciDeviceInfo } from "../model/device-table";
import type { GetPciDevicesResult } from "../lookups/get-pci-devices";

/** Lays rows out in columns, two spaces apart, the last column unpadded. */
export function formatColumns(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const all = [header, ...rows];
  const widths = header.map((_, col) => Math.max(...all.map((row) => (row[col] ?? "").length)));
  return all
    .map((row) => row.map((cell, col) => (col === row.length - 1 ? cell : cell.padEnd(widths[col] ?? 0))).join("  ").trimEnd())
    .join("\n");
}

function hiddenText(device: PciDeviceInfo): string {
  if (device.hiddenNow && device.hiddenInBootConfig) return "yes";
  if (device.hiddenInBootConfig) return "after reboot";
  if (device.hiddenNow) return "until reboot";
  return "no";
}

function idsText(device: PciDeviceInfo): string {
  if (device.vendorId === "") return "";
  return `${device.vendorId}:${device.deviceId}`;
}

function assignedText(device: PciDeviceInfo): string {
  const vms = device.assignedTo.map((vm) => vm.nameLabel);
  return device.holdsRootDisk ? ["(dom0 root disk)", ...vms].join(", ") : vms.join(", ");
}

/** The `devices` table, with a line on the host and its IOMMU first. */
export function formatDevices(result: GetPciDevicesResult): string {
  const head = `Host ${result.hostName} (${result.hostUuid}), IOMMU ${result.iommuEnabled ? "on" : "OFF: passthrough will not work until VT-d / AMD-Vi is enabled"}`;
  const rows = result.devices.map((device) => [
    device.address,
    idsText(device),
    [device.vendorName, device.deviceName].filter((part) => part !== "").join(" "),
    device.driver,
    hiddenText(device),
    assignedText(device),
  ]);
  return `${head}\n\n${formatColumns(["ADDRESS", "IDS", "NAME", "DRIVER", "HIDDEN", "ASSIGNED TO"], rows)}\n`;
}

/** A VM as the `vms` command prints it. */
export interface VmRow {
  uuid: string;
  nameLabel: string;
  powerState: string;
  /** Member name-label, `""` when not running. */
  residentOn: string;
  /** The raw `other-config:pci`, `""` when absent. */
  pci: string;
}

/** The `vms` table. */
export function formatVms(vms: readonly VmRow[]): string {
  const rows = vms.map((vm) => [vm.nameLabel, vm.uuid, vm.powerState, vm.residentOn, vm.pci]);
  return `${formatColumns(["NAME", "UUID", "POWER", "RESIDENT ON", "PCI"], rows)}\n`;
}
