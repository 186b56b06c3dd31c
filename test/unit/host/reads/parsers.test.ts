/**
 * The host layer's own small parsers: the sysfs device listing and the cut of
 * one domain out of the PCI backend listing.
 */
import { attachedDevicesOf, domainSection } from "../../../../provider/host/reads/pci-backend";
import { parsePciDeviceListing } from "../../../../provider/host/reads/pci-devices";
import { errorWith } from "../../../support/error-match";

describe("parsePciDeviceListing", () => {
  test("reads addresses, sysfs ids and the drivers' bound functions, an unbound driver as undefined, and skips other lines", () => {
    const stdout = [
      "pci 0000:00:19.0 0x8086 0x1502 0x17aa 0x21ce 0x020000",
      "pci 0000:06:00.0 0x1969 0x1063 0x1043 0x8468 0x020000",
      "pci 0000:07:00.1 0x10de 0x0e0b - - 0x040300",
      "pci 0000:08:00.0 - - - - -",
      "driver 0000:00:19.0 e1000e",
      "driver 0000:06:00.0 pciback",
      "driver 0000:0a:00.0 e1000e",
      "driver 0000:zz:00.0 e1000e",
      "not-a-device x",
      "0000:09:00.0 e1000e",
      "",
    ].join("\n");
    expect(parsePciDeviceListing(stdout)).toEqual([
      { address: "0000:00:19.0", driver: "e1000e", ids: { vendorId: "8086", deviceId: "1502", subsystemVendorId: "17aa", subsystemId: "21ce", classCode: "020000" }, vendorName: "", deviceName: "" },
      { address: "0000:06:00.0", driver: "pciback", ids: { vendorId: "1969", deviceId: "1063", subsystemVendorId: "1043", subsystemId: "8468", classCode: "020000" }, vendorName: "", deviceName: "" },
      { address: "0000:07:00.1", driver: undefined, ids: { vendorId: "10de", deviceId: "0e0b", subsystemVendorId: "0000", subsystemId: "0000", classCode: "040300" }, vendorName: "", deviceName: "" },
      { address: "0000:08:00.0", driver: undefined, ids: undefined, vendorName: "", deviceName: "" },
    ]);
  });

  test("takes the vendor and device names from the prefixed `lspci -D -mm` lines", () => {
    const stdout = [
      "pci 0000:06:00.0 0x1969 0x1063 0x1043 0x8468 0x020000",
      "driver 0000:06:00.0 atl1c",
      'name 0000:06:00.0 "Ethernet controller" "Qualcomm Atheros" "AR8131 Gigabit Ethernet" -rc0 "ASUSTeK Computer Inc." "Device 8468"',
      "",
    ].join("\n");
    expect(parsePciDeviceListing(stdout)).toEqual([
      { address: "0000:06:00.0", driver: "atl1c", ids: { vendorId: "1969", deviceId: "1063", subsystemVendorId: "1043", subsystemId: "8468", classCode: "020000" }, vendorName: "Qualcomm Atheros", deviceName: "AR8131 Gigabit Ethernet" },
    ]);
  });
});

describe("the PCI backend of one domain", () => {
  const listing = [
    '3 = ""',
    ' 0 = ""',
    '  dev-0 = "0000:07:00.0"',
    '  dev-1 = "0000:06:00.0"',
    '  num_devs = "2"',
    '12 = ""',
    ' 0 = ""',
    '  dev-0 = "0000:01:00.0"',
    "",
  ].join("\n");

  test("domainSection keeps only the subtree of the domain", () => {
    expect(domainSection(listing, 12)).toBe(' 0 = ""\n  dev-0 = "0000:01:00.0"\n');
    expect(domainSection(listing, 1)).toBe("");
  });

  test("attachedDevicesOf reads the domain's devices in dev-N order", () => {
    expect(attachedDevicesOf("h", { stdout: listing, stderr: "", exitCode: 0 }, 3)).toEqual(["0000:07:00.0", "0000:06:00.0"]);
    expect(attachedDevicesOf("h", { stdout: listing, stderr: "", exitCode: 0 }, -1)).toEqual([]);
  });

  test("a missing backend directory means no devices; another failure is an error", () => {
    const missing = { stdout: "", stderr: "xenstore-ls: xs_directory (/local/domain/0/backend/pci): No such file or directory\n", exitCode: 1 };
    expect(attachedDevicesOf("h", missing, 3)).toEqual([]);
    expect(() => attachedDevicesOf("h", { stdout: "", stderr: "xs_daemon_open: Connection refused\n", exitCode: 1 }, 3)).toThrow(
      errorWith("XENSTORE_FAILED", "the PCI devices of domain 3 on h: xenstore-ls exited with code 1: xs_daemon_open: Connection refused"),
    );
  });
});
