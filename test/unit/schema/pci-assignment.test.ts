import { ValidationError } from "../../../provider/errors";
import { UNKNOWN } from "../../../provider/model/unknown";
import { checkPciAssignmentInputs, parsePciAssignmentInputs } from "../../../provider/schema/pci-assignment";

const VM = "db4c64e1-44ce-f9f3-3236-0d86df260249";
const valid = (): Record<string, unknown> => ({
  __provider: "serialized-provider",
  connection: { host: "10.0.0.5", privateKey: "-----BEGIN OPENSSH PRIVATE KEY-----" },
  vmUuid: VM,
  devices: ["01:00.0", "06:00.0"],
});
const PCI = "expected BB:DD.F or DDDD:BB:DD.F in hex, e.g. 06:00.0";

describe("checkPciAssignmentInputs", () => {
  it("accepts valid inputs and returns them untouched, __provider included", () => {
    const news = valid();
    expect(checkPciAssignmentInputs(news)).toEqual({ inputs: valid(), failures: [] });
  });

  it("names the bad device by its index, shows its value and the expected form", () => {
    expect(checkPciAssignmentInputs({ ...valid(), devices: ["01:00.0", "06:00"] }).failures).toEqual([
      { property: "devices[1]", reason: `"06:00" is not a PCI address; ${PCI}` },
    ]);
  });

  it("reports a device that repeats another after normalisation", () => {
    expect(checkPciAssignmentInputs({ ...valid(), devices: ["06:00.0", "01:00.0", "0000:06:00.0"] }).failures).toEqual([
      { property: "devices[2]", reason: '"0000:06:00.0" repeats devices[0] (both are 0000:06:00.0); expected each device once' },
    ]);
  });

  it("refuses an empty device list", () => {
    expect(checkPciAssignmentInputs({ ...valid(), devices: [] }).failures).toEqual([
      {
        property: "devices",
        reason: 'an empty list is not a device list; expected a list of 1 to 16 PCI addresses in attach order, e.g. ["01:00.0", "06:00.0"]',
      },
    ]);
  });

  it("refuses more than 16 devices", () => {
    const devices = Array.from({ length: 17 }, (_, i) => `0${(i + 1).toString(16)}:00.0`.slice(-7));
    expect(checkPciAssignmentInputs({ ...valid(), devices }).failures).toEqual([
      {
        property: "devices",
        reason: 'a list of 17 items is not a device list; expected a list of 1 to 16 PCI addresses in attach order, e.g. ["01:00.0", "06:00.0"]',
      },
    ]);
  });

  it("refuses a malformed VM UUID", () => {
    expect(checkPciAssignmentInputs({ ...valid(), vmUuid: "db4c64e1" }).failures).toEqual([
      {
        property: "vmUuid",
        reason: '"db4c64e1" is not a VM UUID; expected 32 hex digits as 8-4-4-4-12, e.g. db4c64e1-44ce-f9f3-3236-0d86df260249',
      },
    ]);
  });

  it("reports missing required inputs", () => {
    expect(checkPciAssignmentInputs({ __provider: "p" }).failures).toEqual([
      {
        property: "connection",
        reason:
          "a value is required; expected an object with the properties host (required), port, user, privateKey, privateKeyPassphrase, password, agent, hostKey, knownHostsFile, insecureIgnoreHostKey, timeoutMs, sudo",
      },
      {
        property: "vmUuid",
        reason: "a value is required; expected 32 hex digits as 8-4-4-4-12, e.g. db4c64e1-44ce-f9f3-3236-0d86df260249",
      },
      {
        property: "devices",
        reason: 'a value is required; expected a list of 1 to 16 PCI addresses in attach order, e.g. ["01:00.0", "06:00.0"]',
      },
    ]);
  });

  it("refuses an unknown cold boot policy", () => {
    expect(checkPciAssignmentInputs({ ...valid(), coldBoot: "always" }).failures).toEqual([
      { property: "coldBoot", reason: '"always" is not a cold boot policy; expected "never" or "whenRequired"' },
    ]);
  });

  it("accepts deviceIds parallel to devices and normalises them to lower case", () => {
    expect(checkPciAssignmentInputs({ ...valid(), deviceIds: ["1000:0072", "1969:1063:1043:8468"] }).failures).toEqual([]);
    expect(parsePciAssignmentInputs({ ...valid(), deviceIds: ["1000:0072", "1969:1063:1043:8468"].map((id) => id.toUpperCase()) }).deviceIds).toEqual([
      "1000:0072",
      "1969:1063:1043:8468",
    ]);
  });

  it("names a malformed device id by its index", () => {
    expect(checkPciAssignmentInputs({ ...valid(), deviceIds: ["1000:0072", "1969-1063"] }).failures).toEqual([
      { property: "deviceIds[1]", reason: '"1969-1063" is not a device id; expected vvvv:dddd or vvvv:dddd:ssss:ssss in hex, as `lspci -nn` prints them, e.g. "8086:10d3"' },
    ]);
  });

  it("refuses deviceIds that are not one per device", () => {
    expect(checkPciAssignmentInputs({ ...valid(), deviceIds: ["1000:0072"] }).failures).toEqual([
      { property: "deviceIds", reason: "1 ids for 2 devices; expected one id per device, in the order of devices" },
    ]);
  });

  it("refuses an unknown property", () => {
    expect(checkPciAssignmentInputs({ ...valid(), device: ["06:00.0"] }).failures).toEqual([
      { property: "device", reason: '"device" is not a known property; expected only the properties connection, vmUuid, devices, coldBoot, pinToHost, deviceIds' },
    ]);
  });

  it("ignores properties whose value is undefined, as the engine sends for outputs", () => {
    expect(checkPciAssignmentInputs({ ...valid(), pciValue: undefined }).failures).toEqual([]);
  });

  it.each<[string, Record<string, unknown>]>([
    ["the whole device list", { devices: UNKNOWN }],
    ["one device", { devices: ["01:00.0", UNKNOWN] }],
    ["two devices, which are not duplicates of each other", { devices: [UNKNOWN, UNKNOWN] }],
    ["the whole connection", { connection: UNKNOWN }],
    ["the connection's host", { connection: { host: UNKNOWN } }],
    ["the connection's port", { connection: { host: "h", port: UNKNOWN } }],
    ["the VM UUID", { vmUuid: UNKNOWN }],
    ["the cold boot policy", { coldBoot: UNKNOWN }],
  ])("lets an unknown preview value pass for %s, untouched", (_title, change) => {
    const news = { ...valid(), ...change };
    const result = checkPciAssignmentInputs(news);
    expect(result.failures).toEqual([]);
    expect(result.inputs).toBe(news);
  });

  it("still reports the known bad values next to an unknown one", () => {
    expect(checkPciAssignmentInputs({ ...valid(), devices: [UNKNOWN, "6:00.0"] }).failures).toEqual([
      { property: "devices[1]", reason: `"6:00.0" is not a PCI address; ${PCI}` },
    ]);
  });
});

describe("parsePciAssignmentInputs", () => {
  it("normalises devices and the UUID and applies every default", () => {
    expect(parsePciAssignmentInputs({ ...valid(), vmUuid: VM.toUpperCase(), devices: ["0B:1F.7", "0000:06:00.0"] })).toEqual({
      connection: {
        host: "10.0.0.5",
        port: 22,
        user: "root",
        privateKey: "-----BEGIN OPENSSH PRIVATE KEY-----",
        insecureIgnoreHostKey: false,
        timeoutMs: 60000,
        sudo: false,
      },
      vmUuid: VM,
      devices: ["0000:0b:1f.7", "0000:06:00.0"],
      coldBoot: "never",
      pinToHost: true,
    });
  });

  it("accepts old outputs, ignoring the output-only properties", () => {
    const olds = { ...valid(), coldBoot: "whenRequired", pciValue: "0/0000:01:00.0", vmName: "NAS", pendingColdBoot: true };
    expect(parsePciAssignmentInputs(olds).coldBoot).toBe("whenRequired");
  });

  it("throws a ValidationError with the same sentences check returns", () => {
    const parse = () => parsePciAssignmentInputs({ ...valid(), devices: ["06:00"], coldBoot: "x" });
    expect(parse).toThrow(ValidationError);
    expect(parse).toThrow(
      `PciAssignment inputs: devices[0]: "06:00" is not a PCI address; ${PCI}; coldBoot: "x" is not a cold boot policy; expected "never" or "whenRequired".\n` +
        "Correct these inputs in the Pulumi program and run the update again.",
    );
  });

  it("does not let the preview placeholder through outside check", () => {
    expect(() => parsePciAssignmentInputs({ ...valid(), devices: [UNKNOWN] })).toThrow(
      `PciAssignment inputs: devices[0]: "04da6b54-80e4-46f7-96ec-b56ff0331ba9" is not a PCI address; ${PCI}.`,
    );
  });
});
