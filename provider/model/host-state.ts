/**
 * The host as the domain client reports it to the planning functions: VMs,
 * their `pci` keys, the host's PCI functions. Types only, so that the pure
 * planning in `model/` and the reads in `host/` share them without `model/`
 * depending on `host/`.
 */
import type { OcamlIntBits } from "./ocaml-int";
import type { PciIds } from "./pci-identity";

/** A guest VM as the provider sees it. */
export interface VmState {
  /** Lower case. */
  uuid: string;
  nameLabel: string;
  /** `running`, `halted`, `paused` or `suspended`. */
  powerState: string;
  /** The domain id, `-1` when the VM has no domain (halted). */
  domId: number;
  /** The raw value of `other-config:pci`, `undefined` when the key is absent. */
  pciValue: string | undefined;
  /**
   * What the domain's PCI backend holds, in attach order, in the xenstore of
   * the connected host: empty without a domain, and empty when the VM runs on
   * another member of a pool (domain ids are per host).
   */
  attachedDevices: string[];
  /** UUID of the pool member the VM runs on, `""` when it is not running. */
  residentOn: string;
  /** UUID of the member xapi prefers to start the VM on, `""` when none. */
  affinity: string;
}

/** A member of the host's pool (a host on its own is a pool of one). */
export interface PoolMember {
  /** Lower case. */
  uuid: string;
  nameLabel: string;
  /**
   * The member's IOMMU (VT-d / AMD-Vi) as xapi found it at boot
   * (`chipset-info` `iommu`); `undefined` when xapi does not say.
   */
  iommu?: boolean | undefined;
}

/** The connected host in its pool. */
export interface PoolView {
  /** The connected host's UUID (`INSTALLATION_UUID` of its inventory). */
  hostUuid: string;
  /** Every member, the connected host included. */
  members: PoolMember[];
  /**
   * The width of the connected host's xapi ints (ocaml-int.ts), which decides
   * which `other-config:pci` indexes it can read: 31 on XenServer 6.2.
   * Absent: 63, as on every 64-bit dom0.
   */
  xapiIntBits?: OcamlIntBits;
}

/** A guest's claim on PCI devices, for conflict checks. */
export interface GuestPciKey {
  /** Lower case. */
  uuid: string;
  nameLabel: string;
  powerState: string;
  /** The raw `other-config:pci` value, `undefined` when absent. */
  pciValue: string | undefined;
  /** UUID of the member the guest runs on, `""` when not running. */
  residentOn: string;
  /** UUID of the member the guest prefers, `""` when none. */
  affinity: string;
}

/** One PCI function of the host. */
export interface HostPciDevice {
  /** Full form, `0000:06:00.0`. */
  address: string;
  /** Name of the bound dom0 driver (`pciback` when hidden, `ahci`, `atl1c`…); `undefined` when none is bound. */
  driver: string | undefined;
  /** The function's ids from sysfs; `undefined` when the kernel did not print them. */
  ids?: PciIds | undefined;
  /** Vendor and device names from `lspci` (`""` when the host has no lspci or no name). */
  vendorName?: string;
  deviceName?: string;
}

/** Everything `create` and `update` of a `PciAssignment` decide from, read in one round trip. */
export interface AssignmentSnapshot {
  /** The target VM, `undefined` when no VM has the UUID. */
  vm: VmState | undefined;
  /** Every guest on the host (the target included) with its `pci` key. */
  guests: GuestPciKey[];
  /** The host's PCI functions. */
  pciDevices: HostPciDevice[];
  /** The connected host and its pool. */
  pool: PoolView;
}
