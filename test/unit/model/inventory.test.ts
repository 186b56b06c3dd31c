import { hostUuidOf, parseInventory, readHostInventory } from "../../../provider/model/inventory";

const XS62 = `PRIMARY_DISK='/dev/disk/by-id/scsi-SATA_ST3500418AS_9VM7'
PRODUCT_VERSION='6.2.0'
KERNEL_VERSION='2.6.32.43-0.4.1.xs1.8.0.835.170778xen'
XEN_VERSION='4.1.5'
INSTALLATION_UUID='6f1b1b0e-8a4c-4f1e-9d1a-5b1f4d7e2c3a'
PRODUCT_BRAND='XenServer'
BUILD_NUMBER='70446c'
`;

describe("parseInventory", () => {
  it("reads every single-quoted assignment of a real inventory", () => {
    expect(parseInventory(XS62)).toEqual({
      PRIMARY_DISK: "/dev/disk/by-id/scsi-SATA_ST3500418AS_9VM7",
      PRODUCT_VERSION: "6.2.0",
      KERNEL_VERSION: "2.6.32.43-0.4.1.xs1.8.0.835.170778xen",
      XEN_VERSION: "4.1.5",
      INSTALLATION_UUID: "6f1b1b0e-8a4c-4f1e-9d1a-5b1f4d7e2c3a",
      PRODUCT_BRAND: "XenServer",
      BUILD_NUMBER: "70446c",
    });
  });

  it.each<[string, string]>([
    ["A='it'\\''s'", "it's"],
    ['A="say \\"hi\\" \\$HOME"', 'say "hi" $HOME'],
    ["A=bare\\ word", "bare word"],
    ["A=", ""],
    ["A='x' # comment", "x"],
    ["A=b#c", "b#c"],
    ["export A='x'", "x"],
    ["A='x'\r", "x"],
  ])("unquotes %s", (line, value) => {
    expect(parseInventory(line)).toEqual({ A: value });
  });

  it("ignores comments, blank lines, unclosed quotes and non-assignments", () => {
    expect(parseInventory("# comment\n\nA='unclosed\nB='ok'\necho hi\n")).toEqual({ B: "ok" });
  });

  it("lets a later assignment win", () => {
    expect(parseInventory("A='1'\nA='2'\n")).toEqual({ A: "2" });
  });
});

describe("readHostInventory", () => {
  it("returns the host UUID, version and brand", () => {
    expect(readHostInventory(XS62)).toEqual({
      installationUuid: "6f1b1b0e-8a4c-4f1e-9d1a-5b1f4d7e2c3a",
      productVersion: "6.2.0",
      productBrand: "XenServer",
    });
  });

  it("leaves missing facts undefined", () => {
    expect(readHostInventory("PRODUCT_BRAND='XCP-ng'\n")).toEqual({
      installationUuid: undefined,
      productVersion: undefined,
      productBrand: "XCP-ng",
    });
  });
});

describe("hostUuidOf", () => {
  it("is the INSTALLATION_UUID in lower case, or empty when the inventory names none", () => {
    expect(hostUuidOf("INSTALLATION_UUID='6F1B1B0E-8A4C-4F1E-9D1A-5B1F4D7E2C3A'\n")).toBe("6f1b1b0e-8a4c-4f1e-9d1a-5b1f4d7e2c3a");
    expect(hostUuidOf("PRODUCT_BRAND='XCP-ng'\n")).toBe("");
  });
});
