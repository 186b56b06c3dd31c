/**
 * The command line's tables, exactly as printed.
 */
import { formatColumns, formatDevices, formatVms, type VmRow } from "../../../provider/cli/format";
import type { GetPciDevicesResult } from "../../../provider/lookups/get-pci-devices";
import type { PciDeviceInfo } from "../../../provider/model/device-table";

const HOST_UUID = "11111111-1111-4111-8111-111111111111";
const NAS = { uuid: "db4c64e1-44ce-f9f3-3236-0d86df260249", nameLabel: "NAS" };
const TV = { uuid: "3e5b9d70-1f2c-4a8e-b6d4-90c1e7f2a845", nameLabel: "TV" };
const LAB = { uuid: "7c1f0e2a-9b3d-4c5e-8f6a-1b2c3d4e5f60", nameLabel: "Lab" };

const device = (address: string, change: Partial<PciDeviceInfo>): PciDeviceInfo => ({
  address,
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
  ...change,
});

const GPU = (change: Partial<PciDeviceInfo> = {}): PciDeviceInfo =>
  device("0000:07:00.0", {
    vendorId: "10de",
    deviceId: "1c82",
    subsystemVendorId: "1043",
    subsystemId: "8613",
    classCode: "030000",
    vendorName: "NVIDIA",
    deviceName: "GTX 1050 Ti",
    driver: "pciback",
    siblings: ["0000:07:00.1"],
    ...change,
  });

const result = (devices: PciDeviceInfo[], iommuEnabled = true): GetPciDevicesResult => ({ hostUuid: HOST_UUID, hostName: "xs1", iommuEnabled, devices });

describe("formatColumns", () => {
  test.each<[string, string[], string[][], string]>([
    ["pads every column but the last to its widest cell, two spaces apart", ["A", "BB", "C"], [["xxx", "y", "zz"]], "A    BB  C\nxxx  y   zz"],
    ["a header wider than its cells sets the width", ["NAME", "X"], [["a", "b"]], "NAME  X\na     b"],
    ["a long last column widens nothing", ["A", "B"], [["a", "a very long last cell"], ["bb", "c"]], "A   B\na   a very long last cell\nbb  c"],
    ["empty cells at the end of a row leave no trailing spaces", ["H1", "H2", "H3"], [["a", "", ""], ["", "", "z"]], "H1  H2  H3\na\n        z"],
    ["no rows print the header alone", ["H1", "H2", "H3"], [], "H1  H2  H3"],
  ])("%s", (_title, header, rows, expected) => {
    expect(formatColumns(header, rows)).toBe(expected);
  });
});

describe("formatDevices", () => {
  test("prints the host line and a row per device", () => {
    const devices = [
      device("0000:00:1c.0", { vendorId: "8086", deviceId: "a110", subsystemVendorId: "1043", subsystemId: "8694", vendorName: "Intel", deviceName: "Root Port", driver: "pcieport", holdsRootDisk: true }),
      device("0000:02:00.0", { vendorId: "8086", deviceId: "a102", vendorName: "Intel", deviceName: "SATA AHCI", driver: "ahci", holdsRootDisk: true, assignedTo: [NAS] }),
      GPU({ hiddenNow: true, hiddenInBootConfig: true, assignedTo: [TV, LAB] }),
      device("0000:07:00.1", { vendorId: "10de", deviceId: "0fb9", vendorName: "NVIDIA", driver: "pciback", hiddenNow: true, siblings: ["0000:07:00.0"] }),
      device("0000:08:00.0", { vendorId: "8086", deviceId: "10d3", deviceName: "82574L", driver: "e1000e", hiddenInBootConfig: true }),
      device("0000:09:00.0", {}),
    ];
    expect(formatDevices(result(devices))).toBe(
      [
        `Host xs1 (${HOST_UUID}), IOMMU on`,
        "",
        "ADDRESS       IDS        NAME                DRIVER    HIDDEN        ASSIGNED TO",
        "0000:00:1c.0  8086:a110  Intel Root Port     pcieport  no            (dom0 root disk)",
        "0000:02:00.0  8086:a102  Intel SATA AHCI     ahci      no            (dom0 root disk), NAS",
        "0000:07:00.0  10de:1c82  NVIDIA GTX 1050 Ti  pciback   yes           TV, Lab",
        "0000:07:00.1  10de:0fb9  NVIDIA              pciback   until reboot",
        "0000:08:00.0  8086:10d3  82574L              e1000e    after reboot",
        `0000:09:00.0${" ".repeat(43)}no`,
        "",
      ].join("\n"),
    );
  });

  test.each<[string, boolean, string]>([
    ["on", true, `Host xs1 (${HOST_UUID}), IOMMU on`],
    ["off, saying passthrough will not work", false, `Host xs1 (${HOST_UUID}), IOMMU OFF: passthrough will not work until VT-d / AMD-Vi is enabled`],
  ])("heads the table with the host and its IOMMU %s", (_title, iommuEnabled, head) => {
    expect(formatDevices(result([GPU()], iommuEnabled))).toBe(
      [
        head,
        "",
        "ADDRESS       IDS        NAME                DRIVER   HIDDEN  ASSIGNED TO",
        "0000:07:00.0  10de:1c82  NVIDIA GTX 1050 Ti  pciback  no",
        "",
      ].join("\n"),
    );
  });

  test("prints the header alone for a host without devices", () => {
    expect(formatDevices(result([], false))).toBe(
      [
        `Host xs1 (${HOST_UUID}), IOMMU OFF: passthrough will not work until VT-d / AMD-Vi is enabled`,
        "",
        "ADDRESS  IDS  NAME  DRIVER  HIDDEN  ASSIGNED TO",
        "",
      ].join("\n"),
    );
  });

  test.each<[string, boolean, boolean, string]>([
    ["yes: bound to pciback and in the boot configuration", true, true, "yes"],
    ["after reboot: in the boot configuration only", false, true, "after reboot"],
    ["until reboot: bound to pciback only", true, false, "until reboot"],
    ["no: neither", false, false, "no"],
  ])("says HIDDEN %s", (_title, hiddenNow, hiddenInBootConfig, text) => {
    const lines = formatDevices(result([GPU({ hiddenNow, hiddenInBootConfig })])).split("\n");
    expect(lines[3]).toBe(`0000:07:00.0  10de:1c82  NVIDIA GTX 1050 Ti  pciback  ${text}`);
  });

  test.each<[string, boolean, { uuid: string; nameLabel: string }[], string]>([
    ["nothing for a device no VM claims", false, [], "0000:07:00.0  10de:1c82  NVIDIA GTX 1050 Ti  pciback  no"],
    ["the VMs that claim the device, by name", false, [TV, LAB], "0000:07:00.0  10de:1c82  NVIDIA GTX 1050 Ti  pciback  no      TV, Lab"],
    ["the root disk marker for a device dom0 boots from", true, [], "0000:07:00.0  10de:1c82  NVIDIA GTX 1050 Ti  pciback  no      (dom0 root disk)"],
    ["the root disk marker first, then the VMs", true, [NAS], "0000:07:00.0  10de:1c82  NVIDIA GTX 1050 Ti  pciback  no      (dom0 root disk), NAS"],
  ])("says in ASSIGNED TO %s", (_title, holdsRootDisk, assignedTo, line) => {
    const lines = formatDevices(result([GPU({ holdsRootDisk, assignedTo })])).split("\n");
    expect(lines[3]).toBe(line);
  });
});

describe("formatVms", () => {
  test("prints a row per VM, the member it runs on and its raw pci key", () => {
    const vms: VmRow[] = [
      { uuid: NAS.uuid, nameLabel: "NAS", powerState: "running", residentOn: "rack-1", pci: "0/0000:07:00.0,0/0000:07:00.1" },
      { uuid: TV.uuid, nameLabel: "TV", powerState: "halted", residentOn: "", pci: "" },
      { uuid: LAB.uuid, nameLabel: "Lab", powerState: "suspended", residentOn: "", pci: "0/0000:08:00.0" },
    ];
    expect(formatVms(vms)).toBe(
      [
        `NAME  UUID${" ".repeat(34)}POWER      RESIDENT ON  PCI`,
        `NAS   ${NAS.uuid}  running    rack-1       0/0000:07:00.0,0/0000:07:00.1`,
        `TV    ${TV.uuid}  halted`,
        `Lab   ${LAB.uuid}  suspended               0/0000:08:00.0`,
        "",
      ].join("\n"),
    );
  });

  test("prints the header alone when there are no VMs", () => {
    expect(formatVms([])).toBe("NAME  UUID  POWER  RESIDENT ON  PCI\n");
  });
});
