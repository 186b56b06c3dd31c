import {
  boundIdAt,
  boundIdOf,
  describeHardware,
  formatDeviceId,
  hardwareAt,
  identityMismatch,
  idsMatch,
  mismatchSentence,
  parseDeviceId,
  parseSysfsHex,
  siblingFunctions,
  type IdentifiedFunction,
  type IdentityMismatch,
  type PciHardware,
  type PciIds,
} from "../../../provider/model/pci-identity";
import { INTEL_NIC, SATA, nothingAt } from "../support/pci-fixtures";

const NIC: PciIds = { vendorId: "1969", deviceId: "1063", subsystemVendorId: "1043", subsystemId: "8468", classCode: "020000" };

describe("parseDeviceId", () => {
  test.each([
    ["8086:10d3", { vendorId: "8086", deviceId: "10d3" }],
    ["8086:10D3", { vendorId: "8086", deviceId: "10d3" }],
    [" 1969:1063:1043:8468 ", { vendorId: "1969", deviceId: "1063", subsystemVendorId: "1043", subsystemId: "8468" }],
  ])("reads %j", (text, expected) => {
    expect(parseDeviceId(text)).toEqual(expected);
  });

  test.each(["8086", "8086:10d", "8086:10d3:1043", "0x8086:0x10d3", "8086-10d3", "8086:10d3:1043:84689", "gggg:10d3", ""])("refuses %j", (text) => {
    expect(parseDeviceId(text)).toBeUndefined();
  });

  test("formats what it reads", () => {
    expect(formatDeviceId({ vendorId: "8086", deviceId: "10d3" })).toBe("8086:10d3");
    expect(boundIdOf(NIC)).toBe("1969:1063:1043:8468");
  });
});

describe("idsMatch", () => {
  test.each([
    ["vendor and device", "1969:1063", true],
    ["vendor, device and subsystem", "1969:1063:1043:8468", true],
    ["another subsystem", "1969:1063:1043:0000", false],
    ["another device", "1969:1062", false],
    ["another vendor", "8086:1063", false],
  ])("%s", (_title, bound, expected) => {
    const id = parseDeviceId(bound);
    if (id === undefined) throw new Error(`bad test id ${bound}`);
    expect(idsMatch(id, NIC)).toBe(expected);
  });
});

describe("parseSysfsHex", () => {
  test.each([
    ["0x8086\n", 4, "8086"],
    ["0x10D3", 4, "10d3"],
    ["0x020000\n", 6, "020000"],
    ["0x30000", 6, "030000"],
    ["8086", 4, undefined],
    ["0x123456", 4, undefined],
    ["", 4, undefined],
    [undefined, 4, undefined],
  ])("reads %j as %j", (text, digits, expected) => {
    expect(parseSysfsHex(text, digits)).toBe(expected);
  });
});

describe("siblingFunctions", () => {
  const host = ["0000:01:00.0", "0000:07:00.0", "0000:07:00.1", "0000:07:01.0", "0001:07:00.2"];
  test("are the other functions of the same domain, bus and device", () => {
    expect(siblingFunctions("0000:07:00.0", host)).toEqual(["0000:07:00.1"]);
    expect(siblingFunctions("0000:07:00.1", host)).toEqual(["0000:07:00.0"]);
    expect(siblingFunctions("0000:01:00.0", host)).toEqual([]);
  });
});

// A host after a card was added while it was off: the Intel NIC that was at 01:00.0 is now at 06:00.0,
// an ASMedia SATA controller took 01:00.0, a second NIC of the same model (another subsystem) sits at
// 08:00.0, and 09:00.0 is a function whose ids the kernel did not print.
const OTHER_NIC: PciIds = { ...INTEL_NIC, subsystemVendorId: "15d9", subsystemId: "0000" };
const HOST: IdentifiedFunction[] = [
  { address: "0000:00:1f.2", ids: { vendorId: "8086", deviceId: "a102", subsystemVendorId: "1043", subsystemId: "8694", classCode: "010601" } },
  { address: "0000:01:00.0", ids: SATA, vendorName: "ASMedia Technology Inc.", deviceName: "ASM1062 Serial ATA Controller" },
  { address: "0000:06:00.0", ids: INTEL_NIC, vendorName: "Intel Corporation", deviceName: "82574L Gigabit Network Connection" },
  { address: "0000:08:00.0", ids: OTHER_NIC, vendorName: "Intel Corporation", deviceName: "82574L Gigabit Network Connection" },
  { address: "0000:09:00.0", vendorName: "Mystery", deviceName: "Unreadable" },
];
const SATA_AT_01: PciHardware = {
  address: "0000:01:00.0",
  ...SATA,
  vendorName: "ASMedia Technology Inc.",
  deviceName: "ASM1062 Serial ATA Controller",
};
const NIC_AT_06: PciHardware = { address: "0000:06:00.0", ...INTEL_NIC, vendorName: "Intel Corporation", deviceName: "82574L Gigabit Network Connection" };
const NIC_AT_08: PciHardware = { address: "0000:08:00.0", ...OTHER_NIC, vendorName: "Intel Corporation", deviceName: "82574L Gigabit Network Connection" };

describe("hardwareAt", () => {
  test.each<[string, string, PciHardware]>([
    ["a function with ids and names is reported whole", "0000:06:00.0", NIC_AT_06],
    [
      "a function without names has empty names",
      "0000:00:1f.2",
      {
        address: "0000:00:1f.2",
        vendorId: "8086",
        deviceId: "a102",
        subsystemVendorId: "1043",
        subsystemId: "8694",
        classCode: "010601",
        vendorName: "",
        deviceName: "",
      },
    ],
    ["an address the host does not have holds nothing", "0000:0a:00.0", nothingAt("0000:0a:00.0")],
    ["a function whose ids the kernel did not print holds nothing, names included", "0000:09:00.0", nothingAt("0000:09:00.0")],
  ])("%s", (_title, address, expected) => {
    expect(hardwareAt(address, HOST)).toEqual(expected);
  });
});

describe("boundIdAt", () => {
  test.each<[string, PciHardware, string]>([
    ["a function binds to its full id, subsystem included", NIC_AT_06, "8086:10d3:8086:a01f"],
    ["an address that holds nothing binds to nothing", nothingAt("0000:0a:00.0"), ""],
  ])("%s", (_title, hardware, expected) => {
    expect(boundIdAt(hardware)).toBe(expected);
  });
});

describe("identityMismatch", () => {
  test.each<[string, string, string, IdentityMismatch | undefined]>([
    ["an address holding the bound vendor and device matches", "0000:06:00.0", "8086:10d3", undefined],
    ["an address holding the bound vendor, device and subsystem matches", "0000:06:00.0", "8086:10d3:8086:a01f", undefined],
    ["a bound id in upper case matches the same device", "0000:06:00.0", "8086:10D3:8086:A01F", undefined],
    ["an empty bound id binds to nothing", "0000:01:00.0", "", undefined],
    ["an unparsable bound id binds to nothing", "0000:01:00.0", "8086-10d3", undefined],
    [
      "another device at the address, the bound card moved to one other address",
      "0000:01:00.0",
      "8086:10d3:8086:a01f",
      { address: "0000:01:00.0", expected: "8086:10d3:8086:a01f", found: SATA_AT_01, movedTo: [NIC_AT_06] },
    ],
    [
      "another device at the address, a two-part id found at two other addresses in sysfs order",
      "0000:01:00.0",
      "8086:10D3",
      { address: "0000:01:00.0", expected: "8086:10d3", found: SATA_AT_01, movedTo: [NIC_AT_06, NIC_AT_08] },
    ],
    [
      "the same model with another subsystem is another device",
      "0000:08:00.0",
      "8086:10d3:8086:a01f",
      { address: "0000:08:00.0", expected: "8086:10d3:8086:a01f", found: NIC_AT_08, movedTo: [NIC_AT_06] },
    ],
    [
      "nothing at the address, the bound card elsewhere",
      "0000:0a:00.0",
      "1b21:0612",
      { address: "0000:0a:00.0", expected: "1b21:0612", found: nothingAt("0000:0a:00.0"), movedTo: [SATA_AT_01] },
    ],
    [
      "a function without ids does not hold the bound card",
      "0000:09:00.0",
      "1b21:0612:1b21:1060",
      { address: "0000:09:00.0", expected: "1b21:0612:1b21:1060", found: nothingAt("0000:09:00.0"), movedTo: [SATA_AT_01] },
    ],
    [
      "the bound card is gone from the host",
      "0000:01:00.0",
      "10de:1c82",
      { address: "0000:01:00.0", expected: "10de:1c82", found: SATA_AT_01, movedTo: [] },
    ],
  ])("%s", (_title, address, expected, mismatch) => {
    expect(identityMismatch(address, expected, HOST)).toEqual(mismatch);
  });
});

describe("describeHardware", () => {
  test.each<[string, PciHardware, string]>([
    ["the full id and both names", NIC_AT_06, "8086:10d3:8086:a01f (Intel Corporation 82574L Gigabit Network Connection)"],
    ["only the vendor name", { ...NIC_AT_06, deviceName: "" }, "8086:10d3:8086:a01f (Intel Corporation)"],
    ["only the device name", { ...NIC_AT_06, vendorName: "" }, "8086:10d3:8086:a01f (82574L Gigabit Network Connection)"],
    ["the id alone without names", { ...NIC_AT_06, vendorName: "", deviceName: "" }, "8086:10d3:8086:a01f"],
    ["no device for an address that holds nothing", nothingAt("0000:0a:00.0"), "no device"],
  ])("gives %s", (_title, hardware, expected) => {
    expect(describeHardware(hardware)).toBe(expected);
  });
});

describe("mismatchSentence", () => {
  test.each<[string, IdentityMismatch, string]>([
    [
      "the card moved to one other address",
      { address: "0000:01:00.0", expected: "8086:10d3:8086:a01f", found: SATA_AT_01, movedTo: [NIC_AT_06] },
      "0000:01:00.0 now holds 1b21:0612:1b21:1060 (ASMedia Technology Inc. ASM1062 Serial ATA Controller), not the bound 8086:10d3:8086:a01f, " +
        "which is now at 0000:06:00.0: the cards were renumbered while the host was off.",
    ],
    [
      "the card found at two other addresses",
      { address: "0000:01:00.0", expected: "8086:10d3", found: SATA_AT_01, movedTo: [NIC_AT_06, NIC_AT_08] },
      "0000:01:00.0 now holds 1b21:0612:1b21:1060 (ASMedia Technology Inc. ASM1062 Serial ATA Controller), not the bound 8086:10d3, " +
        "which is now at 0000:06:00.0 (also at 0000:08:00.0): the cards were renumbered while the host was off.",
    ],
    [
      "the card gone",
      { address: "0000:01:00.0", expected: "10de:1c82", found: SATA_AT_01, movedTo: [] },
      "0000:01:00.0 now holds 1b21:0612:1b21:1060 (ASMedia Technology Inc. ASM1062 Serial ATA Controller), not the bound 10de:1c82; " +
        "the host has no 10de:1c82 any more (the card was removed or replaced while the host was off).",
    ],
    [
      "nothing at the address, the card elsewhere",
      { address: "0000:0a:00.0", expected: "1b21:0612", found: nothingAt("0000:0a:00.0"), movedTo: [SATA_AT_01] },
      "0000:0a:00.0 now holds no device, not the bound 1b21:0612, which is now at 0000:01:00.0: the cards were renumbered while the host was off.",
    ],
  ])("says %s", (_title, mismatch, expected) => {
    expect(mismatchSentence(mismatch)).toBe(expected);
  });
});
