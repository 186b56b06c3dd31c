/**
 * The shapes of the simulated XenServer host: what a test seeds it with
 * (`Inventory`), what the tools keep between calls (`HostState`, in
 * `DIR/state.json`) and what `readSimState` reports.
 */

/** Which XenServer generation the simulated host behaves like (see docs/host-facts.md#versions-and-profiles). */
export type Profile = "xs62" | "xs82" | "xcpng83";

/** The power states xapi knows for a VM. */
export type PowerState = "running" | "halted" | "paused" | "suspended";

/**
 * Where a host is in a reboot through xapi (`xe host-reboot`), step by step:
 * `reboot-pending` (host-reboot returned, the shutdown has not begun),
 * `clearing` (xapi shuts down or evacuates the host's VMs), `down` (dom0 is
 * off: no sshd), `booting` (the machine boots, sshd starts), `xapi-starting`
 * (sshd answers, xapi does not: `xe` gets `Connection refused`),
 * `xapi-initialising` (xapi answers, `host-enable` gets HOST_STILL_BOOTING),
 * then `up` again, with the autostart step still to come
 * (`HostPower.autostartDue`). sim/xapi/power-driver.ts takes the steps.
 */
export type PowerPhase = "up" | "reboot-pending" | "clearing" | "down" | "booting" | "xapi-starting" | "xapi-initialising";

/** A host's place in a reboot through xapi. */
export interface HostPower {
  phase: PowerPhase;
  /** Epoch ms at which xapi takes the next step (0 when up). */
  due: number;
  /** Epoch ms at which the machine last booted: xapi writes it as `other-config:boot_time` when it starts. */
  bootedAt: number;
  /**
   * Uuid of the "Host is rebooting" task `host-reboot` left in the host's
   * `current_operations` (as operation `shutdown`), "" when none: it stays
   * until xapi starts again, and refuses a second `host-reboot`.
   */
  task: string;
  /**
   * Epoch ms at which the boot's `xapi-autostart-vms` step runs (the pool's
   * `auto_poweron` VMs start), 0 when none is pending. It runs after xapi has
   * enabled the host, while the host is already `up`.
   */
  autostartDue: number;
}

/** One change of a host's power phase, at epoch ms `at`. */
export interface PowerTransition {
  phase: PowerPhase;
  at: number;
}

/** The pool object of the xapi database (`xe pool-list`): one per pool, a single host's too. */
export interface PoolObjectState {
  uuid: string;
  nameLabel: string;
  nameDescription: string;
  /** `other-config`; `auto_poweron: true` makes each booting host start the VMs marked `auto_poweron`. */
  otherConfig: Record<string, string>;
  /** `ha-enabled`: whether HA is on. The simulator has no HA protection: with it on, every guest is unprotected. */
  haEnabled: boolean;
}

/** A guest VM as a test seeds it. */
export interface InventoryVm {
  uuid: string;
  nameLabel: string;
  powerState: PowerState;
  otherConfig: Record<string, string>;
  /** Whether the guest runs PV drivers: without them a clean shutdown of the HVM guest is refused. Default true. */
  hasPvDrivers?: boolean;
  /** Pool member index a running or paused VM is resident on. Default 0 (the master). */
  residentOn?: number;
  /** Pool member index of the VM's affinity host. Default none. */
  affinity?: number;
  /**
   * Where its disks are: `shared` (default) on an SR every member sees;
   * `local` on the local SR of the member it is resident on (`residentOn`,
   * default 0), which no other member sees (VM_REQUIRES_SR elsewhere).
   */
  storage?: "shared" | "local";
  /** Memory the guest needs on a host, in MiB. Default 1024. */
  memoryMiB?: number;
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
  /** The dom0 driver that owns the function when it is not hidden; "" for none (no driver bound). */
  driver: string;
  /** The names `pci.ids` gives, which `lspci` and `xe pci-list` print; absent is unknown to the host. */
  vendorName?: string;
  deviceName?: string;
  /** `0x17aa` form, as sysfs prints it. Default `0x0000` (no subsystem). */
  subsystemVendor?: string;
  subsystemDevice?: string;
  /** Name of the subsystem vendor; default the name of the same vendor id elsewhere on the host, if any. */
  subsystemVendorName?: string;
  /** Name `pci.ids` gives the subsystem (`ThinkCentre M91p`); absent is unknown. */
  subsystemName?: string;
  /** `0x01` form. Default `0x00`. */
  revision?: string;
}

/** Host facts a single-host inventory's `host` gives. */
export interface InventoryHost {
  /** Whether Xen found an IOMMU (`chipset-info:iommu`). Default true. */
  iommu?: boolean;
  /**
   * Memory for guests, in MiB: the host's free memory while no guest runs
   * there; each running or paused guest resident on it takes its
   * `memoryMiB`. Default 65536.
   */
  memoryMiB?: number;
}

/** Everything a simulated host holds besides dom0. */
export interface Inventory {
  vms: InventoryVm[];
  pcis: InventoryPci[];
  /** Default: an IOMMU. */
  host?: InventoryHost;
  /** Full address of the controller holding dom0's root disk. Default `0000:00:1f.2`. */
  bootDisk?: string;
  /** The pool's `ha-enabled`. Default false. */
  haEnabled?: boolean;
}

/** One member of a simulated pool as a test seeds it. */
export interface PoolInventoryHost {
  /** Default `xenserver-home-<index>`. */
  nameLabel?: string;
  /** Default: the pool inventory's top-level `pcis`, else the seed machine's. */
  pcis?: InventoryPci[];
  /** Whether Xen found an IOMMU on this member. Default: the top-level `host.iommu`, else true. */
  iommu?: boolean;
  /** Full address of this member's root disk controller. Default: the top-level `bootDisk`, else `0000:00:1f.2`. */
  bootDisk?: string;
  /** This member's memory for guests in MiB (see `InventoryHost.memoryMiB`). Default: the top-level `host.memoryMiB`, else 65536. */
  memoryMiB?: number;
}

/**
 * Everything a simulated pool holds besides its dom0s: the members' PCI
 * functions and the VMs of the one pool database, each VM placed with
 * `residentOn` / `affinity` (member indexes). A single-host `Inventory` is one.
 */
export interface PoolInventory {
  /** One entry per member, in member order; without it every member gets `pcis`. */
  hosts?: PoolInventoryHost[];
  vms: InventoryVm[];
  /** Default for members without their own `pcis`; default the seed machine's. */
  pcis?: InventoryPci[];
  /** Default for members without their own `iommu`. */
  host?: InventoryHost;
  /** Default for members without their own `bootDisk`. */
  bootDisk?: string;
  /** The pool's `ha-enabled`. Default false. */
  haEnabled?: boolean;
}

/** One PCI function in the `state` views: its address, the driver bound now, and its ids as sysfs prints them. */
export interface SimPciJson {
  address: string;
  driver: string;
  /** `0x1969`. */
  vendor: string;
  /** `0x1063`. */
  device: string;
}

/** What every `state` view shows of one host's own side: a host alone, or a member of a pool. */
export interface SimHostSideJson {
  /** Each function's address, bound driver, and vendor and device ids as sysfs prints them (`0x1969`). */
  pcis: SimPciJson[];
  /** The boot config file's content (extlinux.conf or grub.cfg by profile). */
  bootConfig: string;
  /** `/proc/cmdline` without its trailing newline. */
  cmdline: string;
  /** Boots since the host (a member: its pool) was created: power cycles (`rebootHost`) and reboots through xapi (`xe host-reboot`). */
  boots: number;
  /** The host's `enabled` (`xe host-disable` / `host-enable`; a finished boot enables it). */
  enabled: boolean;
  /** Where the host is in a reboot through xapi; `up` when none runs. */
  power: PowerPhase;
  /**
   * Every change of `power` (`{ phase, at }`, `at` in epoch ms), oldest first,
   * the return to `up` included; empty until the first reboot; the last 200.
   * A power cycle (`rebootHost`) shows as `down` then `up` at the same time.
   */
  powerHistory: PowerTransition[];
  /** Memory for guests not taken by a running or paused guest resident here, in MiB. */
  freeMemoryMiB: number;
}

/** One guest in the `state` view of a host. */
export interface SimGuestJson {
  uuid: string;
  nameLabel: string;
  powerState: string;
  otherConfig: Record<string, string>;
  /** What the running domain has in its xenstore PCI backend, in attach order. */
  attachedDevices: string[];
}

/** The design's `state` view of a simulated host (counters other than `xeCalls` belong to the SSH side). */
export interface SimStateJson extends SimHostSideJson {
  /** Guest VMs in inventory order; dom0 is left out. */
  vms: SimGuestJson[];
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
  /** Memory the guest takes on the host its domain runs on, in MiB. */
  memoryMiB: number;
  /** Uuid of the host whose local SR holds the VM's disks, or "" for shared storage every member sees. */
  localSrOf: string;
  /** Kept in xapi's order: a key added or replaced moves to the front. */
  otherConfig: Record<string, string>;
  /** Host uuid or "" (xapi's null reference). */
  affinity: string;
  /** Uuid of the host whose domain this is, or "" when the VM has no domain (xapi's `resident_on`). */
  residentOn: string;
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
  /** `0x0000` when the function has no subsystem. */
  subsystemVendor: string;
  subsystemDevice: string;
  /** "" when unknown. */
  subsystemVendorName: string;
  subsystemName: string;
  /** `0x00` form. */
  revision: string;
  /** The driver the function binds to when not hidden. */
  ownDriver: string;
  /** The driver bound now (`pciback` when hidden or passed through). */
  driver: string;
  /** `driver-name` of the PCI object: the driver xapi saw when it last started (host start or reboot). */
  xapiDriverName: string;
}

/**
 * The whole persistent state in `DIR/state.json`. In a pool each member has
 * its own (PCI functions, xenstore, domain ids, counters) and the pool
 * database, `vms`, lives in the master's, as xapi keeps it on the master:
 * the other members' `vms` stay empty.
 */
export interface HostState {
  profile: Profile;
  hostUuid: string;
  hostName: string;
  /** PCI address of the controller holding dom0's root disk. */
  bootDisk: string;
  /** Whether Xen found an IOMMU (`chipset-info:iommu`): without one no VM with PCI devices starts. */
  iommu: boolean;
  /** Memory for guests in MiB: free memory is this less what the running and paused guests resident here take. */
  memoryMiB: number;
  /** Every VM of the pool (dom0s included) on a single host or a pool master; empty on other members. */
  vms: VmState[];
  pcis: PciState[];
  /** Xenstore nodes below the PCI backend, full path to value, in creation order. */
  xenstore: Record<string, string>;
  /** This host's next domain id: domain ids are per host. */
  nextDomId: number;
  /** Whether xapi places VMs here (`enabled`); `host-disable` clears it, a finished boot sets it again. */
  enabled: boolean;
  /** False after `host-disable auto-enable=false` (xapi 25.31+): the host stays disabled after a boot. */
  autoEnable: boolean;
  /** xapi's `host_disabled_until_reboot`: `host-enable` fails until the host has booted again. */
  disabledUntilReboot: boolean;
  /** The host's `other-config` in xapi's order (`agent_start_time`, `boot_time`, …). */
  otherConfig: Record<string, string>;
  /** Boots since the host was created (a power cycle or a reboot through xapi). */
  boots: number;
  /** Where the host is in a reboot through xapi. */
  power: HostPower;
  /** Every change of `power.phase`, oldest first (bounded, see `host-power.ts`). */
  powerHistory: PowerTransition[];
  /** `xe` calls made on this host so far, by command name: `xe-fail` faults select by it. */
  xeCommandCalls: Record<string, number>;
  /** The pool object, kept by a single host or a pool master beside the VMs; absent on other members. */
  poolObject?: PoolObjectState;
  xeCalls: number;
  /** The boot config's content at each `extlinux -i`, oldest first. */
  extlinuxInstalls: string[];
}

/** One member in the `state` view of a simulated pool. */
export interface SimPoolHostJson extends SimHostSideJson {
  hostUuid: string;
  nameLabel: string;
  /** `xe` calls made on this member so far (the SSH side turns them into counters). */
  xeCalls: number;
}

/** The `state` view of a simulated pool: its members, then the VMs of its database. */
export interface SimPoolStateJson {
  hosts: SimPoolHostJson[];
  /** Guest VMs in database order; the dom0s are left out. */
  vms: {
    uuid: string;
    nameLabel: string;
    powerState: string;
    otherConfig: Record<string, string>;
    /** Host uuid of the member the VM's domain runs on, or "". */
    residentOn: string;
    /** Host uuid of the VM's affinity, or "". */
    affinity: string;
    attachedDevices: string[];
  }[];
}
