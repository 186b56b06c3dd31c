/**
 * The devices table: one row per PCI function, with who claims it and whether dom0 hides or boots from it.
 */
import { deviceTable, type DeviceTableFacts, type PciDeviceInfo } from "../../../provider/model/device-table";
import type { GuestPciKey, HostPciDevice } from "../../../provider/model/host-state";
import type { PciIds } from "../../../provider/model/pci-identity";

const HERE = "11111111-1111-4111-8111-111111111111";
const OTHER = "22222222-2222-4222-8222-222222222222";
const NAS = "db4c64e1-44ce-f9f3-3236-0d86df260249";
const TV = "3e5b9d70-1f2c-4a8e-b6d4-90c1e7f2a845";
const LAB = "7c1f0e2a-9b3d-4c5e-8f6a-1b2c3d4e5f60";

const BRIDGE: PciIds = { vendorId: "8086", deviceId: "a110", subsystemVendorId: "1043", subsystemId: "8694", classCode: "060400" };
const AHCI: PciIds = { vendorId: "8086", deviceId: "a102", subsystemVendorId: "1043", subsystemId: "8694", classCode: "010601" };
const GPU: PciIds = { vendorId: "10de", deviceId: "1c82", subsystemVendorId: "1043", subsystemId: "8613", classCode: "030000" };
const GPU_AUDIO: PciIds = { vendorId: "10de", deviceId: "0fb9", subsystemVendorId: "1043", subsystemId: "8613", classCode: "040300" };
const NIC: PciIds = { vendorId: "8086", deviceId: "10d3", subsystemVendorId: "8086", subsystemId: "a01f", classCode: "020000" };

const FUNCTIONS: HostPciDevice[] = [
  { address: "0000:00:1c.0", driver: "pcieport", ids: BRIDGE, vendorName: "Intel Corporation", deviceName: "100 Series PCI Express Root Port" },
  { address: "0000:02:00.0", driver: "ahci", ids: AHCI, vendorName: "Intel Corporation", deviceName: "Q170 SATA Controller" },
  { address: "0000:07:00.0", driver: "pciback", ids: GPU, vendorName: "NVIDIA Corporation", deviceName: "GP107 [GeForce GTX 1050 Ti]" },
  { address: "0000:07:00.1", driver: "pciback", ids: GPU_AUDIO },
  { address: "0000:08:00.0", driver: "e1000e", ids: NIC, vendorName: "Intel Corporation", deviceName: "82574L Gigabit Network Connection" },
  { address: "0000:09:00.0", driver: undefined },
];

const guest = (uuid: string, nameLabel: string, pciValue: string | undefined, residentOn: string, affinity: string): GuestPciKey => ({
  uuid,
  nameLabel,
  powerState: residentOn === "" ? "halted" : "running",
  pciValue,
  residentOn,
  affinity,
});

const facts = (change: Partial<DeviceTableFacts> = {}): DeviceTableFacts => ({
  functions: FUNCTIONS,
  guests: [],
  hostUuid: HERE,
  hiddenInBootConfig: new Set(),
  rootDiskPath: [],
  ...change,
});

const row = (address: string, table: PciDeviceInfo[]): PciDeviceInfo => {
  const found = table.find((device) => device.address === address);
  if (found === undefined) throw new Error(`no row ${address}`);
  return found;
};

describe("deviceTable", () => {
  test("has one row per function in sysfs order, with ids, names, driver and siblings", () => {
    expect(deviceTable(facts())).toEqual([
      {
        address: "0000:00:1c.0",
        ...BRIDGE,
        vendorName: "Intel Corporation",
        deviceName: "100 Series PCI Express Root Port",
        driver: "pcieport",
        hiddenNow: false,
        hiddenInBootConfig: false,
        assignedTo: [],
        siblings: [],
        holdsRootDisk: false,
      },
      {
        address: "0000:02:00.0",
        ...AHCI,
        vendorName: "Intel Corporation",
        deviceName: "Q170 SATA Controller",
        driver: "ahci",
        hiddenNow: false,
        hiddenInBootConfig: false,
        assignedTo: [],
        siblings: [],
        holdsRootDisk: false,
      },
      {
        address: "0000:07:00.0",
        ...GPU,
        vendorName: "NVIDIA Corporation",
        deviceName: "GP107 [GeForce GTX 1050 Ti]",
        driver: "pciback",
        hiddenNow: true,
        hiddenInBootConfig: false,
        assignedTo: [],
        siblings: ["0000:07:00.1"],
        holdsRootDisk: false,
      },
      {
        address: "0000:07:00.1",
        ...GPU_AUDIO,
        vendorName: "",
        deviceName: "",
        driver: "pciback",
        hiddenNow: true,
        hiddenInBootConfig: false,
        assignedTo: [],
        siblings: ["0000:07:00.0"],
        holdsRootDisk: false,
      },
      {
        address: "0000:08:00.0",
        ...NIC,
        vendorName: "Intel Corporation",
        deviceName: "82574L Gigabit Network Connection",
        driver: "e1000e",
        hiddenNow: false,
        hiddenInBootConfig: false,
        assignedTo: [],
        siblings: [],
        holdsRootDisk: false,
      },
      {
        address: "0000:09:00.0",
        vendorId: "",
        deviceId: "",
        subsystemVendorId: "",
        subsystemId: "",
        classCode: "",
        vendorName: "",
        deviceName: "",
        driver: "",
        hiddenNow: false,
        hiddenInBootConfig: false,
        assignedTo: [],
        siblings: [],
        holdsRootDisk: false,
      },
    ]);
  });

  test("is empty for a host without functions", () => {
    expect(deviceTable(facts({ functions: [] }))).toEqual([]);
  });

  test.each<[string, GuestPciKey, { uuid: string; nameLabel: string }[]]>([
    ["a guest running here claims its devices", guest(NAS, "NAS", "0/0000:07:00.0", HERE, ""), [{ uuid: NAS, nameLabel: "NAS" }]],
    ["a halted guest pinned here claims its devices", guest(NAS, "NAS", "0/0000:07:00.0", "", HERE), [{ uuid: NAS, nameLabel: "NAS" }]],
    ["a halted guest pinned nowhere claims its devices", guest(NAS, "NAS", "0/0000:07:00.0", "", ""), [{ uuid: NAS, nameLabel: "NAS" }]],
    ["a guest running elsewhere but pinned here claims its devices", guest(NAS, "NAS", "0/0000:07:00.0", OTHER, HERE), [{ uuid: NAS, nameLabel: "NAS" }]],
    ["a guest running on another member claims none of this host's devices", guest(NAS, "NAS", "0/0000:07:00.0", OTHER, ""), []],
    ["a halted guest pinned to another member claims none of this host's devices", guest(NAS, "NAS", "0/0000:07:00.0", "", OTHER), []],
    ["a guest without a pci key claims nothing", guest(NAS, "NAS", undefined, HERE, ""), []],
    ["a guest claims a device as xapi reads the key, trailing characters included", guest(NAS, "NAS", "1/0000:08:00.0,0/0000:07:00.0xyz", HERE, ""), [{ uuid: NAS, nameLabel: "NAS" }]],
    ["a piece xapi drops claims nothing", guest(NAS, "NAS", "0/07:00.0", HERE, ""), []],
  ])("%s", (_title, claimant, assignedTo) => {
    expect(row("0000:07:00.0", deviceTable(facts({ guests: [claimant] }))).assignedTo).toEqual(assignedTo);
  });

  test("lists every guest that claims a device, in the order of the guests, and only on the devices they claim", () => {
    const table = deviceTable(
      facts({
        guests: [
          guest(TV, "TV", "0/0000:07:00.0,0/0000:07:00.1", "", ""),
          guest(NAS, "NAS", "0/0000:08:00.0,1/0000:07:00.0", HERE, ""),
          guest(LAB, "Lab", "0/0000:07:00.0", OTHER, ""),
        ],
      }),
    );
    expect(table.map((device) => [device.address, device.assignedTo])).toEqual([
      ["0000:00:1c.0", []],
      ["0000:02:00.0", []],
      [
        "0000:07:00.0",
        [
          { uuid: TV, nameLabel: "TV" },
          { uuid: NAS, nameLabel: "NAS" },
        ],
      ],
      ["0000:07:00.1", [{ uuid: TV, nameLabel: "TV" }]],
      ["0000:08:00.0", [{ uuid: NAS, nameLabel: "NAS" }]],
      ["0000:09:00.0", []],
    ]);
  });

  test("reads the keys with the host's xapi int width: 6.2 drops an index past 2^30", () => {
    const guests = [guest(TV, "TV", "0/0000:07:00.0,1073741824/0000:08:00.0", "", "")];
    const claimed = (xapiIntBits: 31 | 63): string[] =>
      deviceTable(facts({ guests, xapiIntBits })).filter((device) => device.assignedTo.length > 0).map((device) => device.address);
    expect(claimed(31)).toEqual(["0000:07:00.0"]);
    expect(claimed(63)).toEqual(["0000:07:00.0", "0000:08:00.0"]);
  });

  test.each<[string, string[], string[]]>([
    ["the root disk's controller and the bridge above it hold the root disk", ["0000:00:1c.0", "0000:02:00.0"], ["0000:00:1c.0", "0000:02:00.0"]],
    ["a controller directly on the root bus holds the root disk alone", ["0000:02:00.0"], ["0000:02:00.0"]],
    ["an unknown root disk path marks nothing", [], []],
  ])("%s", (_title, rootDiskPath, holding) => {
    expect(deviceTable(facts({ rootDiskPath })).filter((device) => device.holdsRootDisk).map((device) => device.address)).toEqual(holding);
  });

  test.each<[string, string, boolean, boolean]>([
    ["a function bound to pciback and in the boot configuration is hidden now and at boot", "0000:07:00.0", true, true],
    ["a function bound to pciback but no longer in the boot configuration is hidden now only", "0000:07:00.1", true, false],
    ["a function in the boot configuration but bound to its driver is hidden at boot only", "0000:08:00.0", false, true],
    ["a function without a driver is not hidden", "0000:09:00.0", false, false],
    ["a function bound to its own driver is not hidden", "0000:02:00.0", false, false],
  ])("%s", (_title, address, hiddenNow, hiddenInBootConfig) => {
    const table = deviceTable(facts({ hiddenInBootConfig: new Set(["0000:07:00.0", "0000:08:00.0"]) }));
    const { hiddenNow: now, hiddenInBootConfig: atBoot } = row(address, table);
    expect({ hiddenNow: now, hiddenInBootConfig: atBoot }).toEqual({ hiddenNow, hiddenInBootConfig });
  });
});
