import { hiddenPciDeviceProvider } from "../../../provider/providers/hidden-pci-device";
import { UNKNOWN } from "../../../provider/model/unknown";

const provider = hiddenPciDeviceProvider;
const connection = { host: "10.0.0.5", privateKey: "key" };
const OLDS = {
  connection,
  address: "0000:01:00.0",
  method: "extlinux",
  bootEntries: ["xe", "xe-serial"],
  hideParameter: "pciback.hide",
  hiddenInBootConfig: true,
  hiddenNow: true,
  pendingHostReboot: false,
  nextSteps: [],
};

describe("the HiddenPciDevice provider without a host", () => {
  test("check strips the engine's __provider key and passes valid inputs untouched", async () => {
    const news = { __provider: "serialized", connection, address: "01:00.0", method: "auto" };
    expect(await provider.check({}, news)).toEqual({ inputs: { connection, address: "01:00.0", method: "auto" }, failures: [] });
  });

  test("check lets preview placeholders through", async () => {
    const news = { connection: { host: UNKNOWN }, address: UNKNOWN, method: "auto" };
    expect((await provider.check({}, news)).failures).toEqual([]);
  });

  test("check names a bad address and a bad method", async () => {
    const result = await provider.check({}, { connection, address: "1:0.0", method: "grub" });
    expect(result.failures.map((f) => f.property)).toEqual(["address", "method"]);
  });

  test("diff treats auto as the old resolved method and an absent bootEntries as the old resolved labels", async () => {
    expect(await provider.diff("id", OLDS, { connection, address: "01:00.0", method: "auto" })).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
    expect(await provider.diff("id", OLDS, { connection, address: "01:00.0", method: "extlinux" })).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
  });

  test("diff replaces, deleting first, when the address, the host or the method changes", async () => {
    expect(await provider.diff("id", OLDS, { connection: { ...connection, host: "10.0.0.6" }, address: "06:00.0", method: "xen-cmdline" })).toEqual({
      changes: true,
      replaces: ["address", "connection.host", "method"],
      deleteBeforeReplace: true,
    });
  });

  test("diff asks for an update when a refresh found the entry gone from the boot config", async () => {
    expect(await provider.diff("id", { ...OLDS, hiddenInBootConfig: false }, { connection, address: "01:00.0", method: "auto" })).toEqual({
      changes: true,
      replaces: [],
      deleteBeforeReplace: false,
    });
  });

  test("create refuses invalid inputs before opening any connection", async () => {
    await expect(provider.create({ connection, address: "zz:00.0", method: "auto" })).rejects.toMatchObject({ code: "INVALID_INPUT" });
  });
});
