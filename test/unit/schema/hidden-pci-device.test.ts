import { UNKNOWN } from "../../../provider/model/unknown";
import { checkHiddenPciDeviceInputs, parseHiddenPciDeviceInputs } from "../../../provider/schema/hidden-pci-device";

const valid = (): Record<string, unknown> => ({ __provider: "p", connection: { host: "10.0.0.5" }, address: "01:00.0" });

describe("checkHiddenPciDeviceInputs", () => {
  it("accepts valid inputs and returns them untouched", () => {
    expect(checkHiddenPciDeviceInputs(valid())).toEqual({ inputs: valid(), failures: [] });
  });

  it("refuses a malformed address, as a hand-typed hide list might hold", () => {
    expect(checkHiddenPciDeviceInputs({ ...valid(), address: "0b::00.1" }).failures).toEqual([
      { property: "address", reason: '"0b::00.1" is not a PCI address; expected BB:DD.F or DDDD:BB:DD.F in hex, e.g. 06:00.0' },
    ]);
  });

  it("refuses an unknown method", () => {
    expect(checkHiddenPciDeviceInputs({ ...valid(), method: "grub" }).failures).toEqual([
      { property: "method", reason: '"grub" is not a hide method; expected "auto", "extlinux", "xen-cmdline" or "dom0-access"' },
    ]);
  });

  it("refuses a boot entry that is not an extlinux label, and a repeated one", () => {
    expect(checkHiddenPciDeviceInputs({ ...valid(), bootEntries: ["xe", "xe serial", "xe"] }).failures).toEqual([
      {
        property: "bootEntries[1]",
        reason: '"xe serial" is not an extlinux label; expected 1 to 64 letters, digits, dots, dashes or underscores, e.g. xe-serial',
      },
      { property: "bootEntries[2]", reason: '"xe" repeats bootEntries[0]; expected each label once' },
    ]);
  });

  it("refuses an empty list of boot entries", () => {
    expect(checkHiddenPciDeviceInputs({ ...valid(), bootEntries: [] }).failures).toEqual([
      {
        property: "bootEntries",
        reason: 'an empty list is not a list of extlinux labels; expected a non-empty list of labels, e.g. ["xe", "xe-serial"]',
      },
    ]);
  });

  it.each<[string, Record<string, unknown>]>([
    ["the address", { address: UNKNOWN }],
    ["the method", { method: UNKNOWN }],
    ["the boot entries", { bootEntries: UNKNOWN }],
    ["two boot entries", { bootEntries: [UNKNOWN, UNKNOWN] }],
    ["the connection", { connection: UNKNOWN }],
  ])("lets an unknown preview value pass for %s", (_title, change) => {
    expect(checkHiddenPciDeviceInputs({ ...valid(), ...change }).failures).toEqual([]);
  });
});

describe("parseHiddenPciDeviceInputs", () => {
  it("normalises the address and defaults the method to auto", () => {
    expect(parseHiddenPciDeviceInputs({ ...valid(), address: "0A:00.1" })).toEqual({
      connection: { host: "10.0.0.5", port: 22, user: "root", insecureIgnoreHostKey: false, timeoutMs: 60000, sudo: false },
      address: "0000:0a:00.1",
      method: "auto",
      reboot: "never",
      rebootTimeoutMs: 1200000,
    });
  });

  it("keeps the requested boot entries", () => {
    expect(parseHiddenPciDeviceInputs({ ...valid(), method: "extlinux", bootEntries: ["xe", "xe-serial"] }).bootEntries).toEqual([
      "xe",
      "xe-serial",
    ]);
  });
});

describe("HiddenPciDevice deviceId", () => {
  test.each<[string, string, string]>([
    ["a vendor and device id", "8086:10d3", "8086:10d3"],
    ["an id with its subsystem", "1969:1063:1043:8468", "1969:1063:1043:8468"],
    ["an id in upper case, lower-cased", "8086:10D3:8086:A01F", "8086:10d3:8086:a01f"],
    ["an id with spaces around it, trimmed", " 8086:10d3 ", "8086:10d3"],
  ])("accepts %s", (_title, deviceId, parsed) => {
    expect(checkHiddenPciDeviceInputs({ ...valid(), deviceId }).failures).toEqual([]);
    expect(parseHiddenPciDeviceInputs({ ...valid(), deviceId })).toEqual({
      connection: { host: "10.0.0.5", port: 22, user: "root", insecureIgnoreHostKey: false, timeoutMs: 60000, sudo: false },
      address: "0000:01:00.0",
      method: "auto",
      reboot: "never",
      rebootTimeoutMs: 1200000,
      deviceId: parsed,
    });
  });

  test.each<[string, unknown, string]>([
    [
      "a malformed id",
      "8086-10d3",
      '"8086-10d3" is not a device id; expected vvvv:dddd or vvvv:dddd:ssss:ssss in hex, as `lspci -nn` prints them, e.g. "8086:10d3"',
    ],
    [
      "an id with 0x prefixes",
      "0x8086:0x10d3",
      '"0x8086:0x10d3" is not a device id; expected vvvv:dddd or vvvv:dddd:ssss:ssss in hex, as `lspci -nn` prints them, e.g. "8086:10d3"',
    ],
    [
      "an id with only the subsystem vendor",
      "8086:10d3:8086",
      '"8086:10d3:8086" is not a device id; expected vvvv:dddd or vvvv:dddd:ssss:ssss in hex, as `lspci -nn` prints them, e.g. "8086:10d3"',
    ],
    [
      "a number, as a program might write 8086",
      8086,
      '8086 is not a device id; expected vvvv:dddd or vvvv:dddd:ssss:ssss in hex, as `lspci -nn` prints them, e.g. "8086:10d3"',
    ],
    [
      "an empty id",
      "",
      '"" is not a device id; expected vvvv:dddd or vvvv:dddd:ssss:ssss in hex, as `lspci -nn` prints them, e.g. "8086:10d3"',
    ],
  ])("refuses %s", (_title, deviceId, reason) => {
    expect(checkHiddenPciDeviceInputs({ ...valid(), deviceId }).failures).toEqual([{ property: "deviceId", reason }]);
  });

  test("lets an unknown preview value pass for the device id", () => {
    expect(checkHiddenPciDeviceInputs({ ...valid(), deviceId: UNKNOWN }).failures).toEqual([]);
  });

  test("reads the device id back from old outputs, ignoring the identity outputs", () => {
    expect(
      parseHiddenPciDeviceInputs({ ...valid(), deviceId: "8086:10d3", boundId: "8086:10d3:8086:a01f", hardwareChanged: false, hardware: { address: "0000:01:00.0" } }),
    ).toEqual({
      connection: { host: "10.0.0.5", port: 22, user: "root", insecureIgnoreHostKey: false, timeoutMs: 60000, sudo: false },
      address: "0000:01:00.0",
      method: "auto",
      reboot: "never",
      rebootTimeoutMs: 1200000,
      deviceId: "8086:10d3",
    });
  });
});

describe("HiddenPciDevice reboot", () => {
  it("accepts whenRequired and a deadline in whole milliseconds", () => {
    expect(parseHiddenPciDeviceInputs({ ...valid(), reboot: "whenRequired", rebootTimeoutMs: 300000 })).toMatchObject({ reboot: "whenRequired", rebootTimeoutMs: 300000 });
  });

  it.each([
    [{ reboot: "always" }, "reboot", '"always" is not a reboot policy; expected "never" or "whenRequired"'],
    [{ rebootTimeoutMs: 999 }, "rebootTimeoutMs", "999 is not a reboot deadline; expected whole milliseconds from 1000 to 86400000, e.g. 1200000 (20 minutes)"],
    [{ rebootTimeoutMs: 1.5e6 + 0.5 }, "rebootTimeoutMs", "1500000.5 is not a reboot deadline; expected whole milliseconds from 1000 to 86400000, e.g. 1200000 (20 minutes)"],
    [{ rebootTimeoutMs: "20m" }, "rebootTimeoutMs", '"20m" is not a reboot deadline; expected whole milliseconds from 1000 to 86400000, e.g. 1200000 (20 minutes)'],
  ])("refuses %j", (extra, property, reason) => {
    expect(checkHiddenPciDeviceInputs({ ...valid(), ...extra }).failures).toEqual([{ property, reason }]);
  });
});
