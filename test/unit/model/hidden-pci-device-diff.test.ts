import { diffHiddenPciDevice } from "../../../provider/model/hidden-pci-device-diff";
import type { DiffResult } from "../../../provider/model/diff-support";
import { UNKNOWN } from "../../../provider/model/unknown";

const olds = (): Record<string, unknown> => ({
  connection: { host: "10.0.0.5", password: "pw" },
  address: "0000:01:00.0",
  method: "extlinux",
  bootEntries: ["xe", "xe-serial"],
  hideParameter: "pciback.hide",
  hiddenInBootConfig: true,
  hiddenNow: false,
  pendingHostReboot: true,
  nextSteps: [],
});
const news = (change: Record<string, unknown> = {}): Record<string, unknown> => ({
  __provider: "p",
  connection: { host: "10.0.0.5", password: "pw" },
  address: "01:00.0",
  method: "auto",
  ...change,
});
const NO_CHANGE = { changes: false, replaces: [], deleteBeforeReplace: false };
const UPDATE = { changes: true, replaces: [], deleteBeforeReplace: false };
const replace = (...replaces: string[]) => ({ changes: true, replaces, deleteBeforeReplace: true });

describe("diffHiddenPciDevice", () => {
  it("reports no change for the same address in short form and method auto", () => {
    expect(diffHiddenPciDevice(olds(), news())).toEqual(NO_CHANGE);
  });

  it("reports no change when no method is given", () => {
    const { method: _omitted, ...rest } = news();
    expect(diffHiddenPciDevice(olds(), rest)).toEqual(NO_CHANGE);
  });

  it("reports no change when the explicit method equals the resolved one", () => {
    expect(diffHiddenPciDevice(olds(), news({ method: "extlinux" }))).toEqual(NO_CHANGE);
  });

  it("asks for an update when the old outputs say the entry is missing from the boot config", () => {
    expect(diffHiddenPciDevice({ ...olds(), hiddenInBootConfig: false }, news())).toEqual(UPDATE);
  });

  it("still replaces, deleting first, when the entry is missing and the address changes", () => {
    expect(diffHiddenPciDevice({ ...olds(), hiddenInBootConfig: false }, news({ address: "06:00.0" }))).toEqual(replace("address"));
  });

  it("replaces, deleting first, when the address changes", () => {
    expect(diffHiddenPciDevice(olds(), news({ address: "06:00.0" }))).toEqual(replace("address"));
  });

  it("replaces when the host changes", () => {
    expect(diffHiddenPciDevice(olds(), news({ connection: { host: "xs82", password: "pw" } }))).toEqual(replace("connection.host"));
  });

  it("replaces when an explicit method differs from the resolved one", () => {
    expect(diffHiddenPciDevice(olds(), news({ method: "xen-cmdline" }))).toEqual(replace("method"));
  });

  it("updates when the boot entries change", () => {
    expect(diffHiddenPciDevice(olds(), news({ bootEntries: ["xe"] }))).toEqual(UPDATE);
  });

  it("compares boot entries as a set", () => {
    expect(diffHiddenPciDevice(olds(), news({ bootEntries: ["xe-serial", "xe"] }))).toEqual(NO_CHANGE);
  });

  it("updates without replacing when only the password changes", () => {
    expect(diffHiddenPciDevice(olds(), news({ connection: { host: "10.0.0.5", password: "new" } }))).toEqual(UPDATE);
  });

  it.each<[string, Record<string, unknown>, string[]]>([
    ["the address", { address: UNKNOWN }, ["address"]],
    ["the method", { method: UNKNOWN }, ["method"]],
    ["the connection", { connection: UNKNOWN }, ["connection.host"]],
  ])("conservatively replaces when %s is unknown in a preview", (_title, change, replaces) => {
    expect(diffHiddenPciDevice(olds(), news(change))).toEqual(replace(...replaces));
  });

  it("reports an update when the boot entries are unknown in a preview", () => {
    expect(diffHiddenPciDevice(olds(), news({ bootEntries: [UNKNOWN] }))).toEqual(UPDATE);
  });
});

describe("diffHiddenPciDevice and device identity", () => {
  // Old outputs written with device identity: the echoed deviceId (lower case) and the identity outputs.
  const identityOlds = (change: Record<string, unknown> = {}): Record<string, unknown> => ({
    ...olds(),
    deviceId: "8086:10d3",
    hardware: { address: "0000:01:00.0", vendorId: "8086", deviceId: "10d3" },
    boundId: "8086:10d3:8086:a01f",
    hardwareChanged: false,
    ...change,
  });
  const identityNews = (change: Record<string, unknown> = {}): Record<string, unknown> => news({ deviceId: "8086:10d3", ...change });

  test.each<[string, Record<string, unknown>, Record<string, unknown>, DiffResult]>([
    ["nothing changed, identity outputs included, is no change", identityOlds(), identityNews(), NO_CHANGE],
    ["the same deviceId in upper case is no change", identityOlds(), identityNews({ deviceId: "8086:10D3" }), NO_CHANGE],
    ["a bound id the outputs found, without deviceId in the program, is no change", identityOlds({ deviceId: undefined }), news(), NO_CHANGE],
    ["state written before device identity, without deviceId, is no change", olds(), news(), NO_CHANGE],
    ["deviceId added to the program is an update", olds(), identityNews(), UPDATE],
    ["deviceId removed from the program is an update", identityOlds(), news(), UPDATE],
    ["another deviceId is an update", identityOlds(), identityNews({ deviceId: "8086:10d3:8086:a01f" }), UPDATE],
    ["deviceId unknown in a preview is an update", identityOlds(), identityNews({ deviceId: UNKNOWN }), UPDATE],
    ["another device at the address at the last read proposes an update", identityOlds({ hardwareChanged: true }), identityNews(), UPDATE],
    ["a hardwareChanged that is not true is no change", identityOlds({ hardwareChanged: "yes" }), identityNews(), NO_CHANGE],
    ["a changed address still replaces, deleting first", identityOlds({ hardwareChanged: true }), identityNews({ address: "06:00.0" }), replace("address")],
  ])("%s", (_title, old, next, expected) => {
    expect(diffHiddenPciDevice(old, next)).toEqual(expected);
  });
});
