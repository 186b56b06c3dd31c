/**
 * The shapes of the simulated XenServer host: what a test seeds it with
 * (`Inventory`), what the tools keep between calls (`HostState`, in
 * `DIR/state.json`) and what `readSimState` reports.
 */

/** Which XenServer generation the simulated host behaves like (see xapi-notes.md "Versions"). */
export type Profile = "xs62" | "xs82" | "xcpng83";

/** The power states xapi knows for a VM. */
export type PowerState = "running" | "halted" | "paused" | "suspended";

/** A guest VM as a test seeds it. */
export interface InventoryVm {
  uuid: string;
  nameLabel: string;
  powerState: PowerState;
  otherConfig: Record<string, string>;
  /** Whether the guest runs PV drivers: without them a clean shutdown of the HVM guest is refused. Default true. */
  hasPvDrivers?: boolean;
}

/** A host PCI function as a test seeds it. */
export interface InventoryPci {
  /** Full form, `0000:06:00.0`. */
  address: string;
  /** `0x1969` form, as sysfs prints it. */
  vendor: string;
  device: string;
  /** `0x020000` form. */
  class: string;
  /** The dom0 driver that owns the function when it is not hidden. */
  driver: string;
  vendorName?: string;
  deviceName?: string;
}

/** Everything a simulated host holds besides dom0. */
export interface Inventory {
  vms: InventoryVm[];
  pcis: InventoryPci[];
}

/** The design's `state` view of a simulated host (counters other than `xeCalls` belong to the SSH side). */
export interface SimStateJson {
  /** Guest VMs in inventory order; dom0 is left out. */
  vms: {
    uuid: string;
    nameLabel: string;
    powerState: string;
    otherConfig: Record<string, string>;
    /** What the running domain has in its xenstore PCI backend, in attach order. */
    attachedDevices: string[];
  }[];
  pcis: { address: string; driver: string }[];
  /** The boot config file's content (extlinux.conf or grub.cfg by profile). */
  bootConfig: string;
  /** `/proc/cmdline` without its trailing newline. */
  cmdline: string;
  xeCalls: number;
  extlinuxInstalls: number;
}

/** A VM as the simulated xapi database keeps it (dom0 included). */
export interface VmState {
  uuid: string;
  nameLabel: string;
  nameDescription: string;
  powerState: PowerState;
  /** -1 unless the domain exists. */
  domId: number;
  isControlDomain: boolean;
  hasPvDrivers: boolean;
  /** Kept in xapi's order: a key added or replaced moves to the front. */
  otherConfig: Record<string, string>;
  /** Host uuid or "" (xapi's null reference). */
  affinity: string;
  /** Devices in the domain's PCI backend, in attach order. */
  attachedDevices: string[];
}

/** A PCI function as the simulated host keeps it. */
export interface PciState {
  uuid: string;
  address: string;
  vendor: string;
  device: string;
  class: string;
  vendorName: string;
  deviceName: string;
  /** The driver the function binds to when not hidden. */
  ownDriver: string;
  /** The driver bound now (`pciback` when hidden or passed through). */
  driver: string;
  /** `driver-name` of the PCI object: the driver xapi saw when it last started (host start or reboot). */
  xapiDriverName: string;
}

/** The whole persistent state in `DIR/state.json`. */
export interface HostState {
  profile: Profile;
  hostUuid: string;
  hostName: string;
  /** PCI address of the controller holding dom0's root disk. */
  bootDisk: string;
  vms: VmState[];
  pcis: PciState[];
  /** Xenstore nodes below the PCI backend, full path to value, in creation order. */
  xenstore: Record<string, string>;
  nextDomId: number;
  xeCalls: number;
  /** The boot config's content at each `extlinux -i`, oldest first. */
  extlinuxInstalls: string[];
}
