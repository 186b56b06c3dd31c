/**
 * The seed write-up's machine: a NAS, a gaming VM and a TV VM on a host with
 * a SATA controller for dom0's root disk (the boot disk, `0000:00:1f.2`), an
 * LSI storage controller for the NAS, the Atheros AR8131 NIC, a GPU with its
 * audio function and dom0's own NIC; an IOMMU.
 */
import type { Inventory, InventoryPci, InventoryVm, Profile } from "./types";

const NAS: InventoryVm = {
  uuid: "db4c64e1-44ce-f9f3-3236-0d86df260249",
  nameLabel: "NAS",
  powerState: "running",
  hasPvDrivers: true,
  otherConfig: {
    "install-methods": "cdrom",
    mac_seed: "2b0c5f43-8d1e-6a7b-95c4-3e1f0a2d7b68",
    base_template_name: "Other install media",
    import_task: "OpaqueRef:NULL",
    last_shutdown_time: "20140112T09:41:17Z",
    last_shutdown_action: "Destroy",
    last_shutdown_initiator: "external",
    last_shutdown_reason: "halted",
  },
};

const GAMING: InventoryVm = {
  uuid: "7a1c3f52-9b0e-4d21-8c6e-2f0a9d4b6e13",
  nameLabel: "Gaming",
  powerState: "running",
  hasPvDrivers: false,
  otherConfig: {
    "install-methods": "cdrom",
    mac_seed: "c4e7a9d2-15f3-0b8e-6d2a-7f91b3c5e046",
    base_template_name: "Windows 7 (64-bit)",
    import_task: "OpaqueRef:NULL",
    vgpu_pci: "",
  },
};

const TV: InventoryVm = {
  uuid: "3e5b9d70-1f2c-4a8e-b6d4-90c1e7f2a845",
  nameLabel: "TV",
  powerState: "halted",
  hasPvDrivers: true,
  otherConfig: {
    "install-methods": "cdrom,nfs,http,ftp",
    mac_seed: "85a2f1c6-3d4b-e970-1c8f-a6b2d5e3f917",
    base_template_name: "Ubuntu Precise Pangolin 12.04 (64-bit)",
    import_task: "OpaqueRef:NULL",
    "linux_template": "true",
  },
};

/**
 * Subsystem ids and revisions of a plausible build: a Lenovo ThinkCentre M91p
 * (Q67, onboard 82579LM and SATA), an LSI 9211-8i HBA, a Gigabyte board's
 * AR8131 and an ASUS GTX 660. Names are those pci.ids gives; where it has none
 * for a subsystem (the 1c00 IDE mode, the ASUS card) the name is left out, as
 * on a real host, and lspci prints its `Device 842e` fallback.
 * unconfirmed: the ASUS card's subsystem id (0x842e) is the simulator's choice.
 */
const LENOVO = { subsystemVendor: "0x17aa", subsystemDevice: "0x3070", subsystemVendorName: "Lenovo" } as const;
const ASUS_GTX_660 = { subsystemVendor: "0x1043", subsystemDevice: "0x842e", subsystemVendorName: "ASUSTeK Computer Inc.", revision: "0xa1" } as const;

function pcis(profile: Profile): InventoryPci[] {
  const xenlinux = profile === "xs62";
  return [
    { address: "0000:00:19.0", vendor: "0x8086", device: "0x1502", class: "0x020000", driver: "e1000e", vendorName: "Intel Corporation", deviceName: "82579LM Gigabit Network Connection", ...LENOVO, subsystemName: "ThinkCentre M91p", revision: "0x04" },
    xenlinux
      ? { address: "0000:00:1f.2", vendor: "0x8086", device: "0x1c00", class: "0x01018f", driver: "ata_piix", vendorName: "Intel Corporation", deviceName: "6 Series/C200 Series Chipset Family SATA IDE Controller", ...LENOVO, revision: "0x05" }
      : { address: "0000:00:1f.2", vendor: "0x8086", device: "0x1c02", class: "0x010601", driver: "ahci", vendorName: "Intel Corporation", deviceName: "6 Series/C200 Series Chipset Family SATA AHCI Controller", ...LENOVO, subsystemName: "ThinkCentre M91p", revision: "0x05" },
    { address: "0000:01:00.0", vendor: "0x1000", device: "0x0072", class: "0x010700", driver: xenlinux ? "mpt2sas" : "mpt3sas", vendorName: "LSI Logic / Symbios Logic", deviceName: "SAS2008 PCI-Express Fusion-MPT SAS-2 [Falcon]", subsystemVendor: "0x1000", subsystemDevice: "0x3020", subsystemVendorName: "LSI Logic / Symbios Logic", subsystemName: "9211-8i", revision: "0x03" },
    { address: "0000:06:00.0", vendor: "0x1969", device: "0x1063", class: "0x020000", driver: "atl1c", vendorName: "Qualcomm Atheros", deviceName: "AR8131 Gigabit Ethernet", subsystemVendor: "0x1458", subsystemDevice: "0xe000", subsystemVendorName: "Gigabyte Technology Co., Ltd", subsystemName: "GA-G31M-ES2L Motherboard", revision: "0xc0" },
    { address: "0000:07:00.0", vendor: "0x10de", device: "0x11c0", class: "0x030000", driver: "nouveau", vendorName: "NVIDIA Corporation", deviceName: "GK106 [GeForce GTX 660]", ...ASUS_GTX_660 },
    { address: "0000:07:00.1", vendor: "0x10de", device: "0x0e0b", class: "0x040300", driver: "snd_hda_intel", vendorName: "NVIDIA Corporation", deviceName: "GK106 HDMI Audio Controller", ...ASUS_GTX_660 },
  ];
}

/** The seed's machine with the driver names of `profile`'s dom0 kernel. */
export function defaultInventory(profile: Profile): Inventory {
  return { vms: [NAS, GAMING, TV].map((vm) => ({ ...vm, otherConfig: { ...vm.otherConfig } })), pcis: pcis(profile) };
}

/** The seed's machine as a pvops (XenServer 7+) host sees it; `initHost` uses xs62 driver names on xs62. */
export const DEFAULT_INVENTORY: Inventory = defaultInventory("xs82");
