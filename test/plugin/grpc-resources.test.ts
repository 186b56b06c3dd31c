/**
 * The provider plugin at its gRPC surface, as the engine talks to it: the
 * built plugin in a child process, against a simulated XenServer 6.2 host.
 * Secrets go in wrapped (the plugin accepts secrets) and must come out
 * wrapped in every answer; the answers, errors and host changes are those of
 * the dynamic providers; progress lines reach the engine's log, attached to
 * the resource, and nothing but the port reaches stdout.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { getPciDevices, getVm, providers } from "../../provider";
import { closeSessions } from "../../provider/host/session/session-registry";
import type { ConnectionInput } from "../../provider/schema/connection";
import { XS62_LABELS, withHideList } from "../support/hide-list-text";
import { simConnection } from "../support/sim-cases";
import { useSimHost } from "../support/sim-fixture";
import { CallError, FakeEngine, PluginProcess, plainParts, secret, urnOf } from "./plugin-client";

const NAS = "db4c64e1-44ce-f9f3-3236-0d86df260249";
const TV = "3e5b9d70-1f2c-4a8e-b6d4-90c1e7f2a845";
const ASSIGNMENT = "xenserver-pci:index:PciAssignment";
const HIDDEN = "xenserver-pci:index:HiddenPciDevice";
const REPO = path.resolve(__dirname, "..", "..");
const UNIMPLEMENTED = 12;
const INFO = 1;

/** The output properties schema.json requires of a resource or function (`token`), or of a type. */
function requiredOf(part: "resources" | "functions" | "types", token: string): string[] {
  const schema = JSON.parse(fs.readFileSync(path.join(REPO, "schema.json"), "utf8")) as Record<string, Record<string, { required?: string[]; outputs?: { required?: string[] } }>>;
  const entry = schema[part]?.[token];
  return [...((part === "functions" ? entry?.outputs?.required : entry?.required) ?? [])].sort();
}

const SAS_HARDWARE = {
  address: "0000:01:00.0",
  vendorId: "1000",
  deviceId: "0072",
  subsystemVendorId: "1000",
  subsystemId: "3020",
  classCode: "010700",
  vendorName: "LSI Logic / Symbios Logic",
  deviceName: "SAS2008 PCI-Express Fusion-MPT SAS-2 [Falcon]",
};

describe("the provider plugin over gRPC, against a simulated XenServer 6.2 host", () => {
  // The plugin's connections and the sessions end before the host stops.
  const sim = useSimHost({ profile: "xs62" }, {
    name: "xspci-plugin-grpc-",
    beforeStop: async () => {
      await plugin.stop();
      await engine.stop();
      await closeSessions();
    },
  });
  let engine: FakeEngine;
  let plugin: PluginProcess;
  /** The connection as a program gives it (plain). */
  let connection: Record<string, unknown>;
  /** The connection as the engine sends it: the key wrapped. */
  let wired: Record<string, unknown>;
  let key: string;
  let initialOtherConfig: Record<string, Record<string, string>>;
  let originalBootConfig: string;
  /** Every answer of the plugin, to search for secrets in plain text at the end. */
  const answers: unknown[] = [];
  const seen = <T>(answer: T): T => {
    answers.push(answer);
    return answer;
  };
  const failure = async (promise: Promise<unknown>): Promise<CallError> => {
    try {
      await promise;
    } catch (error) {
      answers.push((error as CallError).details);
      return error as CallError;
    }
    throw new Error("expected the call to fail");
  };
  const otherConfig = (uuid: string): Record<string, string> | undefined => sim.state().vms.find((vm) => vm.uuid === uuid)?.otherConfig;
  const bootConfig = (): string => sim.readHostFile("/boot/extlinux.conf");
  const assignment = (name: string) => urnOf(ASSIGNMENT, name);

  beforeAll(async () => {
    connection = simConnection(sim);
    key = connection.privateKey as string;
    wired = { ...connection, privateKey: secret(key) };
    initialOtherConfig = Object.fromEntries(sim.state().vms.map((vm) => [vm.uuid, { ...vm.otherConfig }]));
    originalBootConfig = bootConfig();
    engine = await FakeEngine.start();
    plugin = await PluginProcess.start({ engineAddress: engine.address });
  });

  test("serves xenserver-pci at package.json's version, with schema.json as its schema", async () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8")) as { version: string };
    await expect(plugin.pluginInfo()).resolves.toBe(pkg.version);
    await expect(plugin.schema()).resolves.toBe(fs.readFileSync(path.join(REPO, "schema.json"), "utf8"));
  });

  test("takes no provider configuration: CheckConfig is unimplemented (the engine then keeps the config as given) and Configure accepts secrets", async () => {
    await expect(plugin.checkConfig({ version: "0.1.0" })).rejects.toMatchObject({ code: UNIMPLEMENTED, details: "Not yet implemented: CheckConfig" });
    await expect(plugin.configure({})).resolves.toEqual({ acceptSecrets: true, acceptResources: true });
  });

  test("check returns the inputs with the credentials wrapped, whether the program sent them wrapped or not", async () => {
    const news = { connection: wired, vmUuid: NAS, devices: ["01:00.0"] };
    await expect(plugin.check(assignment("nas"), news).then(seen)).resolves.toEqual({ inputs: news, failures: [] });
    const plain = { connection: { ...connection, password: "a-password" }, address: "01:00.0" };
    await expect(plugin.check(urnOf(HIDDEN, "sas"), plain).then(seen)).resolves.toEqual({
      inputs: { connection: { ...connection, privateKey: secret(key), password: secret("a-password") }, address: "01:00.0" },
      failures: [],
    });
    // A connection the program made secret as a whole stays so.
    const whole = { connection: secret(connection), address: "01:00.0" };
    await expect(plugin.check(urnOf(HIDDEN, "sas"), whole).then(seen)).resolves.toEqual({ inputs: whole, failures: [] });
  });

  test("check refuses a bad address with the dynamic provider's words, and connects to nothing", async () => {
    const news = { connection: wired, vmUuid: NAS, devices: ["06:00.0", "zz:00.0"] };
    const expected = [{ property: "devices[1]", reason: '"zz:00.0" is not a PCI address; expected BB:DD.F or DDDD:BB:DD.F in hex, e.g. 06:00.0' }];
    await expect(plugin.check(assignment("nas"), news).then(seen)).resolves.toEqual({ inputs: news, failures: expected });
    await expect(providers.pciAssignment.check({}, { connection, vmUuid: NAS, devices: ["06:00.0", "zz:00.0"] })).resolves.toMatchObject({ failures: expected });
    const hidden = await plugin.check(urnOf(HIDDEN, "bad"), { connection: wired, address: "1:00.0" });
    expect(hidden.failures).toEqual([{ property: "address", reason: '"1:00.0" is not a PCI address; expected BB:DD.F or DDDD:BB:DD.F in hex, e.g. 06:00.0' }]);
    expect(sim.state().counters.sshConnections).toBe(0);
  });

  test("a preview's unknown values pass check, secret or not, and make diff propose the safe change", async () => {
    const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
    const news = { connection: { ...wired, privateKey: secret(UNKNOWN) }, vmUuid: UNKNOWN, devices: ["01:00.0", UNKNOWN] };
    await expect(plugin.check(assignment("nas"), news)).resolves.toEqual({ inputs: news, failures: [] });
    const olds = { connection: wired, vmUuid: NAS, devices: ["0000:01:00.0"], coldBoot: "never", pinToHost: true };
    await expect(plugin.diff(assignment("nas"), `127.0.0.1/${NAS}`, olds, news)).resolves.toEqual({ changes: "some", replaces: ["vmUuid"], deleteBeforeReplace: true });
    expect(sim.state().counters.sshConnections).toBe(0);
  });

  test("a type the plugin does not serve is refused", async () => {
    const error = await failure(plugin.check(urnOf("xenserver-pci:index:Nope", "x"), {}));
    expect(error.details).toBe("unknown resource type xenserver-pci:index:Nope");
  });

  test("diff: devices (after normalisation) update, vmUuid and connection.host replace deleting first, a wrapper alone changes nothing", async () => {
    const olds = { connection: wired, vmUuid: NAS, devices: ["0000:01:00.0"], coldBoot: "never", pinToHost: true };
    const id = `127.0.0.1/${NAS}`;
    const news = (extra: Record<string, unknown>) => ({ connection: wired, vmUuid: NAS, devices: ["01:00.0"], ...extra });
    await expect(plugin.diff(assignment("nas"), id, olds, news({}))).resolves.toEqual({ changes: "none", replaces: [], deleteBeforeReplace: false });
    await expect(plugin.diff(assignment("nas"), id, olds, news({ devices: ["01:00.0", "06:00.0"] }))).resolves.toEqual({ changes: "some", replaces: [], deleteBeforeReplace: false });
    await expect(plugin.diff(assignment("nas"), id, olds, news({ vmUuid: TV }))).resolves.toEqual({ changes: "some", replaces: ["vmUuid"], deleteBeforeReplace: true });
    await expect(plugin.diff(assignment("nas"), id, olds, news({ connection: { ...wired, host: "10.0.0.9" } }))).resolves.toEqual({
      changes: "some",
      replaces: ["connection.host"],
      deleteBeforeReplace: true,
    });
    // The same key sent plain compares equal; another key is an update (that only stores it).
    await expect(plugin.diff(assignment("nas"), id, olds, news({ connection }))).resolves.toEqual({ changes: "none", replaces: [], deleteBeforeReplace: false });
    await expect(plugin.diff(assignment("nas"), id, olds, news({ connection: { ...wired, privateKey: secret("another key") } }))).resolves.toEqual({
      changes: "some",
      replaces: [],
      deleteBeforeReplace: false,
    });
  });

  test("create, read, update and delete a PciAssignment: the host as the dynamic provider leaves it, the key wrapped in every answer", async () => {
    const news = { connection: wired, vmUuid: NAS, devices: ["01:00.0"] };
    const created = seen(await plugin.create(assignment("nas"), news));
    expect(created).toEqual({
      id: `127.0.0.1/${NAS}`,
      outs: {
        connection: wired,
        vmUuid: NAS,
        devices: ["0000:01:00.0"],
        coldBoot: "never",
        pinToHost: true,
        pciValue: "0/0000:01:00.0",
        vmName: "NAS",
        powerState: "running",
        attachedDevices: [],
        pendingColdBoot: true,
        residentOn: "xenserver-home",
        affinity: "",
        ownsAffinity: false,
        hardware: [SAS_HARDWARE],
        boundIds: ["1000:0072:1000:3020"],
        hardwareChanged: [],
        iommuEnabled: true,
        missingFunctions: [],
        nextSteps: [`Shut down VM "NAS" (${NAS}) and start it again (a reboot is not enough) so that it sees 0000:01:00.0.`],
      },
    });
    expect(otherConfig(NAS)).toEqual({ ...initialOtherConfig[NAS], pci: "0/0000:01:00.0" });
    // Exactly the outputs schema.json declares (deviceIds is echoed only when given).
    expect(Object.keys(created.outs).sort()).toEqual(requiredOf("resources", ASSIGNMENT));

    const read = seen(await plugin.read(assignment("nas"), created.id, created.outs));
    expect(read).toEqual({ id: created.id, props: created.outs, inputs: undefined });

    const updated = seen(await plugin.update(assignment("nas"), created.id, read.props, { ...news, devices: ["06:00.0", "01:00.0"] }));
    expect(updated).toMatchObject({ connection: wired, devices: ["0000:06:00.0", "0000:01:00.0"], pciValue: "0/0000:06:00.0,1/0000:01:00.0" });
    expect(otherConfig(NAS)).toEqual({ ...initialOtherConfig[NAS], pci: "0/0000:06:00.0,1/0000:01:00.0" });

    await plugin.delete(assignment("nas"), created.id, updated);
    expect(otherConfig(NAS)).toEqual(initialOtherConfig[NAS]);
  });

  test("a refusal of create comes back in the dynamic provider's words, and the host is unchanged", async () => {
    const first = await plugin.create(assignment("nas"), { connection: wired, vmUuid: NAS, devices: ["06:00.0"] });
    const error = await failure(plugin.create(assignment("tv"), { connection: wired, vmUuid: TV, devices: ["07:00.0", "06:00.0"] }));
    expect(error.details).toBe(
      `Unable to create PCI assignment for VM ${TV}: 0000:06:00.0 is already assigned to VM "NAS" (${NAS}) in its other-config:pci.\n` +
        "A device can be passed to one VM only. Take it away from that VM first (its PciAssignment, or " +
        `\`xe vm-param-remove uuid=${NAS} param-name=other-config param-key=pci\`), then run the update again.`,
    );
    expect(otherConfig(TV)).toEqual(initialOtherConfig[TV]);
    await plugin.delete(assignment("nas"), first.id, first.outs);
    expect(otherConfig(NAS)).toEqual(initialOtherConfig[NAS]);
  });

  test("a password the host refuses is not in the error", async () => {
    const { privateKey: _key, ...withoutKey } = connection;
    const error = await failure(plugin.create(assignment("tv"), { connection: { ...withoutKey, password: secret("wrong-password-31337") }, vmUuid: TV, devices: ["06:00.0"] }));
    expect(error.details.split("\n")[0]).toMatch(new RegExp(`^Unable to create PCI assignment for VM ${TV}: logging in to 127\\.0\\.0\\.1:${String(sim.info.port)} as ${sim.info.user}`));
    expect(error.details).not.toContain("wrong-password-31337");
  });

  test("progress lines reach the engine's log, attached to the resource that printed them, and never stdout", async () => {
    const created = await plugin.create(assignment("tv"), { connection: wired, vmUuid: TV, devices: ["07:00.0"] });
    expect(engine.lines).toContainEqual({
      severity: INFO,
      message: `VM ${TV}: Pass 0000:07:00.1 too: it is another function of a card in devices (a GPU's HDMI audio, a second port), and guest drivers expect every function of a card.`,
      urn: assignment("tv"),
    });
    await plugin.delete(assignment("tv"), created.id, created.outs);
    expect(otherConfig(TV)).toEqual(initialOtherConfig[TV]);
    expect(plugin.laterStdout).toBe("");
  });

  test("create, read and delete a HiddenPciDevice: the hide entry written and removed byte for byte", async () => {
    const created = seen(await plugin.create(urnOf(HIDDEN, "sas"), { connection: wired, address: "01:00.0" }));
    expect(created).toEqual({
      id: "127.0.0.1/0000:01:00.0",
      outs: {
        connection: wired,
        address: "0000:01:00.0",
        hostUuid: sim.info.hostUuid,
        method: "extlinux",
        bootEntries: [...XS62_LABELS],
        hideParameter: "pciback.hide",
        hiddenInBootConfig: true,
        hiddenNow: false,
        pendingHostReboot: true,
        hardware: SAS_HARDWARE,
        boundId: "1000:0072:1000:3020",
        hardwareChanged: false,
        reboot: "never",
        rebootTimeoutMs: 1200000,
        nextSteps: ["Reboot host 127.0.0.1 so that dom0 stops using 0000:01:00.0: it is in the pciback.hide list but not yet bound to pciback."],
      },
    });
    expect(Object.keys(created.outs).sort()).toEqual(requiredOf("resources", HIDDEN));
    expect(bootConfig()).toBe(withHideList(originalBootConfig, { profile: "xs62", hideParameter: "pciback.hide" }, XS62_LABELS, "(0000:01:00.0)"));
    const read = seen(await plugin.read(urnOf(HIDDEN, "sas"), created.id, created.outs));
    expect(read).toEqual({ id: created.id, props: created.outs, inputs: undefined });
    await plugin.delete(urnOf(HIDDEN, "sas"), created.id, read.props);
    expect(bootConfig()).toBe(originalBootConfig);
  });

  test("getPciDevices and getVm answer as the TypeScript functions do, with the key sent wrapped", async () => {
    const devices = seen(await plugin.invoke("xenserver-pci:index:getPciDevices", { connection: wired }));
    expect(devices).toEqual({ outputs: await getPciDevices({ connection: connection as ConnectionInput }), failures: [] });
    expect(devices.outputs).toMatchObject({ hostUuid: sim.info.hostUuid, hostName: "xenserver-home", iommuEnabled: true });
    expect(Object.keys(devices.outputs).sort()).toEqual(requiredOf("functions", "xenserver-pci:index:getPciDevices"));
    const rows = devices.outputs.devices as Record<string, unknown>[];
    expect(rows.map((row) => Object.keys(row).sort())).toEqual(rows.map(() => requiredOf("types", "xenserver-pci:index:PciDeviceInfo")));
    const vm = seen(await plugin.invoke("xenserver-pci:index:getVm", { connection: wired, nameLabel: "NAS" }));
    expect(vm).toEqual({ outputs: { uuid: NAS, nameLabel: "NAS", powerState: "running", residentOn: "xenserver-home" }, failures: [] });
    expect(Object.keys(vm.outputs).sort()).toEqual(requiredOf("functions", "xenserver-pci:index:getVm"));
  });

  test("getVm fails as the TypeScript function does, and refuses a missing name-label before connecting", async () => {
    const expected = await getVm({ connection: connection as ConnectionInput, nameLabel: "Nope" }).then(
      () => "",
      (error: unknown) => (error as Error).message,
    );
    expect(expected).toMatch(/^Unable to find VM "Nope" on 127\.0\.0\.1: /);
    const error = await failure(plugin.invoke("xenserver-pci:index:getVm", { connection: wired, nameLabel: "Nope" }));
    expect(error.details).toBe(expected);
    await expect(plugin.invoke("xenserver-pci:index:getVm", { connection: wired })).resolves.toEqual({
      outputs: {},
      failures: [{ property: "nameLabel", reason: 'a value is required; expected the exact, case-sensitive name-label as a non-empty string, e.g. "NAS"' }],
    });
    const unknown = await failure(plugin.invoke("xenserver-pci:index:getNothing", {}));
    expect(unknown.details).toBe("unknown function xenserver-pci:index:getNothing");
  });

  test("one plugin process is one run: a function and the resources of a host share one SSH connection", async () => {
    const run = await PluginProcess.start();
    try {
      sim.resetCounters();
      const vm = await run.invoke("xenserver-pci:index:getVm", { connection: wired, nameLabel: "TV" });
      expect(vm.outputs).toMatchObject({ uuid: TV });
      const created = await run.create(assignment("tv"), { connection: wired, vmUuid: TV, devices: ["06:00.0"] });
      await run.delete(assignment("tv"), created.id, created.outs);
      expect(sim.state().counters.sshConnections).toBe(1);
      expect(otherConfig(TV)).toEqual(initialOtherConfig[TV]);
      // Without an engine as well, nothing but the port goes to stdout.
      expect(run.laterStdout).toBe("");
    } finally {
      await run.stop();
    }
  });

  test("no answer, log line or output stream of the plugin holds the key or a password outside a secret", () => {
    const keyLines = key.split("\n").filter((line) => line.trim().length >= 16);
    expect(keyLines.length).toBeGreaterThan(0);
    const visible = [JSON.stringify(answers.map(plainParts)), JSON.stringify(engine.lines), plugin.laterStdout, plugin.stderr].join("\n");
    for (const line of keyLines) expect(visible).not.toContain(line.trim());
    expect(visible).not.toContain("a-password");
    expect(visible).not.toContain("wrong-password-31337");
    // The answers did carry them, wrapped.
    expect(JSON.stringify(answers)).toContain(JSON.stringify(secret(key)).slice(1, -1));
  });
});
