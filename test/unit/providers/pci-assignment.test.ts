/**
 * `check` and `diff` of the PciAssignment provider: no host, no I/O.
 */
import { pciAssignmentProvider as provider } from "../../../provider/providers/pci-assignment";
import { UNKNOWN } from "../../../provider/model/unknown";

const NAS = "db4c64e1-44ce-f9f3-3236-0d86df260249";
const TV = "3e5b9d70-1f2c-4a8e-b6d4-90c1e7f2a845";
const connection = { host: "10.0.0.5", privateKey: "-----BEGIN OPENSSH PRIVATE KEY-----\nx\n-----END OPENSSH PRIVATE KEY-----" };
const valid = { connection, vmUuid: NAS, devices: ["01:00.0", "06:00.0"] };
const UUID_FORM = "expected 32 hex digits as 8-4-4-4-12, e.g. db4c64e1-44ce-f9f3-3236-0d86df260249";
const LIST_FORM = 'expected a list of 1 to 16 PCI addresses in attach order, e.g. ["01:00.0", "06:00.0"]';

describe("PciAssignment check", () => {
  test("valid inputs pass and come back without the engine's __provider key", async () => {
    await expect(provider.check({}, { ...valid, __provider: "serialized closure" })).resolves.toEqual({ inputs: valid, failures: [] });
  });

  test.each<[string, Record<string, unknown>]>([
    ["an unknown device list", { ...valid, devices: UNKNOWN }],
    ["an unknown device", { ...valid, devices: ["01:00.0", UNKNOWN] }],
    ["an unknown VM UUID", { ...valid, vmUuid: UNKNOWN }],
    ["an unknown connection", { ...valid, connection: UNKNOWN }],
  ])("preview placeholders pass: %s", async (_name, news) => {
    await expect(provider.check({}, news)).resolves.toEqual({ inputs: news, failures: [] });
  });

  test.each<[string, Record<string, unknown>, { property: string; reason: string }[]]>([
    ["a VM UUID that is not one", { ...valid, vmUuid: "nope" }, [{ property: "vmUuid", reason: `"nope" is not a VM UUID; ${UUID_FORM}` }]],
    ["a missing VM UUID", { connection, devices: ["06:00.0"] }, [{ property: "vmUuid", reason: `a value is required; ${UUID_FORM}` }]],
    [
      "a bad address",
      { ...valid, devices: ["06:00.0", "6:0.0"] },
      [{ property: "devices[1]", reason: '"6:0.0" is not a PCI address; expected BB:DD.F or DDDD:BB:DD.F in hex, e.g. 06:00.0' }],
    ],
    [
      "the same device twice in two forms",
      { ...valid, devices: ["06:00.0", "0000:06:00.0"] },
      [{ property: "devices[1]", reason: '"0000:06:00.0" repeats devices[0] (both are 0000:06:00.0); expected each device once' }],
    ],
    ["an empty device list", { ...valid, devices: [] }, [{ property: "devices", reason: `an empty list is not a device list; ${LIST_FORM}` }]],
    [
      "an unknown cold boot policy",
      { ...valid, coldBoot: "always" },
      [{ property: "coldBoot", reason: '"always" is not a cold boot policy; expected "never" or "whenRequired"' }],
    ],
    [
      "an unknown property",
      { ...valid, device: "06:00.0" },
      [{ property: "device", reason: '"device" is not a known property; expected only the properties connection, vmUuid, devices, coldBoot, pinToHost, deviceIds' }],
    ],
  ])("refuses %s", async (_name, news, failures) => {
    await expect(provider.check({}, news)).resolves.toEqual({ inputs: news, failures });
  });
});

describe("PciAssignment diff", () => {
  const olds = {
    connection,
    vmUuid: NAS,
    devices: ["0000:01:00.0", "0000:06:00.0"],
    coldBoot: "never",
    pciValue: "0/0000:01:00.0,1/0000:06:00.0",
    vmName: "NAS",
    powerState: "running",
    attachedDevices: [],
    pendingColdBoot: true,
    nextSteps: ["…"],
  };
  const none = { changes: false, replaces: [], deleteBeforeReplace: false };
  const update = { changes: true, replaces: [], deleteBeforeReplace: false };

  test.each<[string, Record<string, unknown>, unknown]>([
    ["the same inputs in short form change nothing", valid, none],
    ["an upper-case VM UUID changes nothing", { ...valid, vmUuid: NAS.toUpperCase() }, none],
    ["an explicit default cold boot policy changes nothing", { ...valid, coldBoot: "never" }, none],
    ["another order is an update", { ...valid, devices: ["06:00.0", "01:00.0"] }, update],
    ["another device is an update", { ...valid, devices: ["01:00.0"] }, update],
    ["another cold boot policy is an update", { ...valid, coldBoot: "whenRequired" }, update],
    ["new credentials are an update", { ...valid, connection: { ...connection, privateKey: "other" } }, update],
    ["another port is an update", { ...valid, connection: { ...connection, port: 2222 } }, update],
    ["unknown devices are an update", { ...valid, devices: UNKNOWN }, update],
    ["another VM replaces, deleting first", { ...valid, vmUuid: TV }, { changes: true, replaces: ["vmUuid"], deleteBeforeReplace: true }],
    [
      "another host replaces, deleting first",
      { ...valid, connection: { ...connection, host: "10.0.0.6" } },
      { changes: true, replaces: ["connection.host"], deleteBeforeReplace: true },
    ],
    [
      "an unknown connection replaces",
      { ...valid, connection: UNKNOWN },
      { changes: true, replaces: ["connection.host"], deleteBeforeReplace: true },
    ],
  ])("%s", async (_name, news, expected) => {
    await expect(provider.diff(`10.0.0.5/${NAS}`, olds, { ...news, __provider: "serialized closure" })).resolves.toEqual(expected);
  });
});
