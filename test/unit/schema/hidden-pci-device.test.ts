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
    });
  });

  it("keeps the requested boot entries", () => {
    expect(parseHiddenPciDeviceInputs({ ...valid(), method: "extlinux", bootEntries: ["xe", "xe-serial"] }).bootEntries).toEqual([
      "xe",
      "xe-serial",
    ]);
  });
});
