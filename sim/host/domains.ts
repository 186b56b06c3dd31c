/**
 * Domain life cycle on a host's state: building a domain attaches the devices
 * of `other-config:pci` in xapi's order to its xenstore PCI backend and binds
 * them to pciback; destroying it releases them. Domains, their ids, xenstore
 * and devices belong to one host; the VM record (the pool database) only
 * points at it with `residentOn`.
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

/**
 * Xen found no IOMMU on the host and the new domain has PCI devices: xenopsd
 * (v0.165, XCP-ng 8.3) refuses to build it, so the start fails and the VM
 * stays halted (docs/host-facts.md#iommu).
 * unconfirmed: the text on 8.2 and 6.2; the simulator uses 8.3's on every profile.
 */
export class IommuUnavailableError extends Error {
  constructor() {
    super('Invalid_argument("IOMMU unavailable")');
    this.name = "IommuUnavailableError";
  }
}

/** The VM whose domain on `state`'s host holds `address`: another host's domains have other devices. */
function holderOf(state: HostState, vms: readonly VmState[], address: string): VmState | undefined {
  return vms.find((vm) => vm.domId >= 0 && vm.residentOn === state.hostUuid && vm.attachedDevices.includes(address));
}

/**
 * Creates `vm`'s domain on the host whose state is `state`, with its
 * passthrough devices (default: from `other-config:pci`; a reboot passes the
 * old domain's) taken from that host's functions; `vms` is the pool's VMs,
 * to find a device another domain of that host holds. Throws
 * IommuUnavailableError (a host without IOMMU, checked when the domain is
 * made, before any device) or CannotAddDeviceError, before changing anything.
 */
export function buildDomain(state: HostState, vms: readonly VmState[], vm: VmState, attach?: readonly string[]): void {
  const devices = attach !== undefined ? [...attach] : vm.otherConfig.pci === undefined ? [] : pciAttachOrder(vm.otherConfig.pci, PROFILE_FACTS[state.profile].ocamlIntBits);
  // An HVM guest needs the IOMMU once its device list is not empty; a key whose pieces were all dropped does not.
  if (devices.length > 0 && !state.iommu) throw new IommuUnavailableError();
  for (const address of devices) {
    if (!state.pcis.some((p) => p.address === address)) {
      throw new CannotAddDeviceError(address, 'Xenctrl.Error("19: No such device")');
    }
    if (holderOf(state, vms, address) !== undefined) {
      throw new CannotAddDeviceError(address, 'Xenctrl.Error("16: Device or resource busy")');
    }
  }
  const domId = state.nextDomId;
  state.nextDomId += 1;
  vm.domId = domId;
  vm.residentOn = state.hostUuid;
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
 * Destroys `vm`'s domain on its host, whose state is `state` (undefined when
 * the VM has none). Released devices go back to their dom0 driver unless the
 * host's booted command line hides them: that is how a VM reboot hands a
 * non-hidden storage controller back to dom0 (the seed's lock-up).
 */
export function destroyDomain(state: HostState | undefined, vm: VmState, hiddenAtBoot: ReadonlySet<string>): void {
  if (state !== undefined && vm.domId >= 0) {
    xenstoreRemove(state.xenstore, pciBackendPath(vm.domId));
    xenstoreRemove(state.xenstore, `/local/domain/${vm.domId}`);
  }
  for (const address of vm.attachedDevices) {
    const pci = state?.pcis.find((p) => p.address === address);
    if (pci !== undefined && !hiddenAtBoot.has(address)) pci.driver = pci.ownDriver;
  }
  vm.domId = -1;
  vm.residentOn = "";
  vm.attachedDevices = [];
}
