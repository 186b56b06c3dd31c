import { boundIdOf, formatDeviceId, idsMatch, parseDeviceId, parseSysfsHex, siblingFunctions, type PciIds } from "../../../provider/model/pci-identity";

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
