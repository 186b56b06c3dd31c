/**
 * Domain life cycle on the host state: building a domain attaches the devices
 * of `other-config:pci` in xapi's order to its xenstore PCI backend and binds
 * them to pciback; destroying it releases them.
 */
import { pciAttachOrder } from "./pci-value";
import { PROFILE_FACTS } from "./profiles";
import { PCIBACK_DRIVER } from "./sysfs";
import type { HostState, VmState } from "./types";
import { pciBackendPath, xenstoreRemove, xenstoreWrite } from "./xenstore";

/** A device xenopsd could not add to the new domain; the start fails and the VM stays halted. */
export class CannotAddDeviceError extends Error {
  constructor(
    readonly address: string,
    readonly reason: string,
  ) {
    super(`Cannot_add(${address}, ${reason})`);
    this.name = "CannotAddDeviceError";
  }
}

function holderOf(state: HostState, address: string): VmState | undefined {
  return state.vms.find((vm) => vm.domId >= 0 && vm.attachedDevices.includes(address));
}

/**
 * Creates `vm`'s domain with its passthrough devices (default: from
 * `other-config:pci`; a reboot passes the old domain's); throws
 * CannotAddDeviceError before changing anything.
 */
export function buildDomain(state: HostState, vm: VmState, attach?: readonly string[]): void {
  const devices = attach !== undefined ? [...attach] : vm.otherConfig.pci === undefined ? [] : pciAttachOrder(vm.otherConfig.pci, PROFILE_FACTS[state.profile].ocamlIntBits);
  for (const address of devices) {
    if (!state.pcis.some((p) => p.address === address)) {
      throw new CannotAddDeviceError(address, 'Xenctrl.Error("19: No such device")');
    }
    if (holderOf(state, address) !== undefined) {
      throw new CannotAddDeviceError(address, 'Xenctrl.Error("16: Device or resource busy")');
    }
  }
  const domId = state.nextDomId;
  state.nextDomId += 1;
  vm.domId = domId;
  vm.attachedDevices = devices;
  xenstoreWrite(state.xenstore, `/local/domain/${domId}/name`, vm.nameLabel);
  xenstoreWrite(state.xenstore, `/local/domain/${domId}/domid`, String(domId));
  xenstoreWrite(state.xenstore, `/local/domain/${domId}/vm`, `/vm/${vm.uuid}`);
  if (devices.length === 0) return;
  const backend = `${pciBackendPath(domId)}/0`;
  xenstoreWrite(state.xenstore, `${backend}/frontend`, `/local/domain/${domId}/device/pci/0`);
  xenstoreWrite(state.xenstore, `${backend}/frontend-id`, String(domId));
  xenstoreWrite(state.xenstore, `${backend}/online`, "1");
  xenstoreWrite(state.xenstore, `${backend}/state`, "4");
  xenstoreWrite(state.xenstore, `${backend}/domain`, vm.nameLabel);
  devices.forEach((address, i) => {
    xenstoreWrite(state.xenstore, `${backend}/key-${i}`, address);
    xenstoreWrite(state.xenstore, `${backend}/dev-${i}`, address);
    xenstoreWrite(state.xenstore, `${backend}/opts-${i}`, "msitranslate=0,power_mgmt=0");
    xenstoreWrite(state.xenstore, `${backend}/state-${i}`, "1");
    xenstoreWrite(state.xenstore, `${backend}/vdev-${i}`, `0000:00:${(i + 1).toString(16).padStart(2, "0")}.0`);
    const pci = state.pcis.find((p) => p.address === address);
    if (pci !== undefined) pci.driver = PCIBACK_DRIVER;
  });
  xenstoreWrite(state.xenstore, `${backend}/num_devs`, String(devices.length));
}

/**
 * Destroys `vm`'s domain. Released devices go back to their dom0 driver unless
 * the booted command line hides them: that is how a VM reboot hands a
 * non-hidden storage controller back to dom0 (the seed's lock-up).
 */
export function destroyDomain(state: HostState, vm: VmState, hiddenAtBoot: ReadonlySet<string>): void {
  if (vm.domId >= 0) {
    xenstoreRemove(state.xenstore, pciBackendPath(vm.domId));
    xenstoreRemove(state.xenstore, `/local/domain/${vm.domId}`);
  }
  for (const address of vm.attachedDevices) {
    const pci = state.pcis.find((p) => p.address === address);
    if (pci !== undefined && !hiddenAtBoot.has(address)) pci.driver = pci.ownDriver;
  }
  vm.domId = -1;
  vm.attachedDevices = [];
}
