/**
 * What the baseline runs for each resource: the reads, checks and write the
 * provider's create does on XenServer 6.2, as separate shell commands (each
 * gets its own SSH connection). Pure.
 */
import { extlinuxHideEditCommand } from "./extlinux-hide-edit";
import { assignmentResourceName, hiddenResourceName, type Workload } from "./workload";

/** The `other-config:pci` value for `devices` (full addresses): `0/0000:20:00.0,1/0000:21:00.0`. */
export function pciValue(devices: readonly string[]): string {
  return devices.map((device, index) => `${String(index)}/${device}`).join(",");
}

/** The commands of one PciAssignment create: check the VM, scan for conflicts, write, read back. */
export function assignmentCommands(vmUuid: string, devices: readonly string[]): string[] {
  return [
    `xe vm-list uuid=${vmUuid} params=power-state --minimal`,
    `xe vm-param-get uuid=${vmUuid} param-name=other-config param-key=pci || true`,
    "xe vm-list params=uuid,other-config",
    "ls /sys/bus/pci/devices",
    `xe vm-param-set uuid=${vmUuid} other-config:pci=${pciValue(devices)}`,
    `xe vm-param-get uuid=${vmUuid} param-name=other-config param-key=pci`,
    `xe vm-list uuid=${vmUuid} params=dom-id --minimal`,
    "xenstore-ls /local/domain/0/backend/pci || true",
  ];
}

/** The commands of one HiddenPciDevice create (extlinux method): probe, edit, reinstall, read back. */
export function hiddenDeviceCommands(address: string): string[] {
  return [
    "cat /etc/xensource-inventory",
    "uname -r",
    "ls /sys/bus/pci/devices",
    "cat /boot/extlinux.conf",
    extlinuxHideEditCommand(address),
    "extlinux -i /boot",
    "cat /boot/extlinux.conf",
    `readlink /sys/bus/pci/devices/${address}/driver || true`,
  ];
}

/** One baseline resource: the commands of one PciAssignment or HiddenPciDevice create. */
export interface BaselineChange {
  readonly host: number;
  /** The resource name, as the provider run names the same resource. */
  readonly name: string;
  readonly commands: readonly string[];
}

/** The baseline's resources for a workload: hidden devices first, then assignments, as the provider run declares them. */
export function baselineChanges(workload: Workload): BaselineChange[] {
  return [
    ...workload.hidden.map((h, i) => ({ host: h.host, name: hiddenResourceName(h.host, i), commands: hiddenDeviceCommands(h.address) })),
    ...workload.assignments.map((a, i) => ({
      host: a.host,
      name: assignmentResourceName(a.host, i),
      commands: assignmentCommands(a.vmUuid, a.devices),
    })),
  ];
}
