import { diffPciAssignment } from "../../../provider/model/pci-assignment-diff";
import type { DiffResult } from "../../../provider/model/diff-support";
import { UNKNOWN } from "../../../provider/model/unknown";

const VM = "db4c64e1-44ce-f9f3-3236-0d86df260249";
const olds = (): Record<string, unknown> => ({
  connection: { host: "10.0.0.5", port: 22, user: "root", privateKey: "k1", insecureIgnoreHostKey: false, timeoutMs: 60000, sudo: false },
  vmUuid: VM,
  devices: ["0000:01:00.0", "0000:06:00.0"],
  coldBoot: "never",
  pciValue: "0/0000:01:00.0,1/0000:06:00.0",
  vmName: "NAS",
  powerState: "running",
  attachedDevices: ["0000:01:00.0"],
  pendingColdBoot: true,
  nextSteps: ["…"],
});
const news = (change: Record<string, unknown> = {}): Record<string, unknown> => ({
  __provider: "p",
  connection: { host: "10.0.0.5", privateKey: "k1" },
  vmUuid: VM,
  devices: ["01:00.0", "06:00.0"],
  coldBoot: "never",
  ...change,
});
const NO_CHANGE = { changes: false, replaces: [], deleteBeforeReplace: false };
const UPDATE = { changes: true, replaces: [], deleteBeforeReplace: false };

describe("diffPciAssignment", () => {
  it("reports no change when the inputs equal the old outputs after normalisation and defaults", () => {
    expect(diffPciAssignment(olds(), news())).toEqual(NO_CHANGE);
  });

  it("treats a VM UUID in another case as the same VM", () => {
    expect(diffPciAssignment(olds(), news({ vmUuid: VM.toUpperCase() }))).toEqual(NO_CHANGE);
  });

  it("treats an absent coldBoot as never", () => {
    const { coldBoot: _omitted, ...rest } = news();
    expect(diffPciAssignment(olds(), rest)).toEqual(NO_CHANGE);
  });

  it("replaces, deleting first, when the VM changes", () => {
    expect(diffPciAssignment(olds(), news({ vmUuid: "11111111-2222-3333-4444-555555555555" }))).toEqual({
      changes: true,
      replaces: ["vmUuid"],
      deleteBeforeReplace: true,
    });
  });

  it("replaces, deleting first, when the host changes", () => {
    expect(diffPciAssignment(olds(), news({ connection: { host: "10.0.0.6", privateKey: "k1" } }))).toEqual({
      changes: true,
      replaces: ["connection.host"],
      deleteBeforeReplace: true,
    });
  });

  it("treats host names that differ only in case or a trailing dot as the same host", () => {
    const o = { ...olds(), connection: { host: "Dom0.LAN", privateKey: "k1" } };
    expect(diffPciAssignment(o, news({ connection: { host: "dom0.lan.", privateKey: "k1" } }))).toEqual(NO_CHANGE);
  });

  it("lists both replace paths when both change", () => {
    expect(diffPciAssignment(olds(), news({ vmUuid: "11111111-2222-3333-4444-555555555555", connection: { host: "h2" } })).replaces).toEqual([
      "vmUuid",
      "connection.host",
    ]);
  });

  it("updates in place when the device order changes", () => {
    expect(diffPciAssignment(olds(), news({ devices: ["06:00.0", "01:00.0"] }))).toEqual(UPDATE);
  });

  it("updates in place when a device is added", () => {
    expect(diffPciAssignment(olds(), news({ devices: ["01:00.0", "06:00.0", "07:00.0"] }))).toEqual(UPDATE);
  });

  it("updates in place when the cold boot policy changes", () => {
    expect(diffPciAssignment(olds(), news({ coldBoot: "whenRequired" }))).toEqual(UPDATE);
  });

  it.each<[string, Record<string, unknown>]>([
    ["the private key", { privateKey: "k2" }],
    ["the password", { password: "pw" }],
    ["the passphrase", { privateKeyPassphrase: "pp" }],
    ["the agent", { agent: "/run/agent" }],
    ["the pinned host key", { hostKey: "SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8" }],
    ["the known_hosts file", { knownHostsFile: "/k" }],
    ["the user", { user: "admin" }],
    ["the port", { port: 2222 }],
    ["the timeout", { timeoutMs: 5000 }],
    ["sudo", { sudo: true }],
    ["insecureIgnoreHostKey", { insecureIgnoreHostKey: true }],
  ])("updates without replacing when only %s changes", (_title, change) => {
    expect(diffPciAssignment(olds(), news({ connection: { host: "10.0.0.5", privateKey: "k1", ...change } }))).toEqual(UPDATE);
  });

  it("updates when a credential is removed", () => {
    expect(diffPciAssignment(olds(), news({ connection: { host: "10.0.0.5" } }))).toEqual(UPDATE);
  });

  it.each<[string, Record<string, unknown>, string[]]>([
    ["the VM UUID", { vmUuid: UNKNOWN }, ["vmUuid"]],
    ["the whole connection", { connection: UNKNOWN }, ["connection.host"]],
    ["the host", { connection: { host: UNKNOWN, privateKey: "k1" } }, ["connection.host"]],
  ])("conservatively replaces when %s is unknown in a preview", (_title, change, replaces) => {
    expect(diffPciAssignment(olds(), news(change))).toEqual({ changes: true, replaces, deleteBeforeReplace: true });
  });

  it.each<[string, Record<string, unknown>]>([
    ["the device list", { devices: UNKNOWN }],
    ["one device", { devices: ["01:00.0", UNKNOWN] }],
    ["the cold boot policy", { coldBoot: UNKNOWN }],
    ["a credential", { connection: { host: "10.0.0.5", privateKey: UNKNOWN } }],
  ])("reports an update when %s is unknown in a preview", (_title, change) => {
    expect(diffPciAssignment(olds(), news(change))).toEqual(UPDATE);
  });
});

describe("diffPciAssignment and device identity", () => {
  // Old outputs written with device identity: the echoed deviceIds (lower case) and the identity outputs.
  const identityOlds = (change: Record<string, unknown> = {}): Record<string, unknown> => ({
    ...olds(),
    deviceIds: ["1000:0072", "1969:1063:1043:8468"],
    hardware: [
      { address: "0000:01:00.0", vendorId: "1000", deviceId: "0072" },
      { address: "0000:06:00.0", vendorId: "1969", deviceId: "1063" },
    ],
    boundIds: ["1000:0072:1000:3020", "1969:1063:1043:8468"],
    hardwareChanged: [],
    missingFunctions: [],
    ...change,
  });
  const identityNews = (change: Record<string, unknown> = {}): Record<string, unknown> => news({ deviceIds: ["1000:0072", "1969:1063:1043:8468"], ...change });

  test.each<[string, Record<string, unknown>, Record<string, unknown>, DiffResult]>([
    ["nothing changed, identity outputs included, is no change", identityOlds(), identityNews(), NO_CHANGE],
    ["the same deviceIds in upper case are no change", identityOlds(), identityNews({ deviceIds: ["1000:0072", "1969:1063:1043:8468".toUpperCase()] }), NO_CHANGE],
    ["bound ids the outputs found, without deviceIds in the program, are no change", identityOlds({ deviceIds: undefined }), news(), NO_CHANGE],
    ["state written before device identity, without deviceIds, is no change", olds(), news(), NO_CHANGE],
    ["deviceIds added to the program is an update", olds(), identityNews(), UPDATE],
    ["deviceIds removed from the program is an update", identityOlds(), news(), UPDATE],
    ["another id in deviceIds is an update", identityOlds(), identityNews({ deviceIds: ["1000:0072", "1969:1062"] }), UPDATE],
    ["deviceIds in another order is an update", identityOlds(), identityNews({ deviceIds: ["1969:1063:1043:8468", "1000:0072"] }), UPDATE],
    ["deviceIds unknown in a preview is an update", identityOlds(), identityNews({ deviceIds: UNKNOWN }), UPDATE],
    ["one id unknown in a preview is an update", identityOlds(), identityNews({ deviceIds: ["1000:0072", UNKNOWN] }), UPDATE],
    ["an address the last read found holding another device proposes an update", identityOlds({ hardwareChanged: ["0000:01:00.0"] }), identityNews(), UPDATE],
    ["an empty hardwareChanged is no change", identityOlds({ hardwareChanged: [] }), identityNews(), NO_CHANGE],
    ["a hardwareChanged that is not a list is no change", identityOlds({ hardwareChanged: "0000:01:00.0" }), identityNews(), NO_CHANGE],
    [
      "a changed address and another VM still replace, deleting first",
      identityOlds({ hardwareChanged: ["0000:01:00.0"] }),
      identityNews({ vmUuid: "11111111-2222-3333-4444-555555555555" }),
      { changes: true, replaces: ["vmUuid"], deleteBeforeReplace: true },
    ],
  ])("%s", (_title, old, next, expected) => {
    expect(diffPciAssignment(old, next)).toEqual(expected);
  });
});
