/**
 * Import through the plugin's gRPC surface: `read` with an import ID and no
 * state, as `pulumi import` and the `import` option call it, against a
 * simulated XenServer 6.2 host, with the credentials and the host key from
 * the plugin's environment. The answer must carry the inputs `pulumi import`
 * prints (without credentials) and outputs whose diff against a program that
 * matches them is empty; the adopted mapping then deletes as any other.
 */
import { XS62_LABELS, withHideList } from "../support/hide-list-text";
import { simConnection } from "../support/sim-cases";
import { useSimHost } from "../support/sim-fixture";
import { CallError, PluginProcess, plainParts, secret, urnOf } from "./plugin-client";

const NAS = "db4c64e1-44ce-f9f3-3236-0d86df260249";
const TV = "3e5b9d70-1f2c-4a8e-b6d4-90c1e7f2a845";
const ASSIGNMENT = urnOf("xenserver-pci:index:PciAssignment", "nas");
const HIDDEN = urnOf("xenserver-pci:index:HiddenPciDevice", "controller");

describe("import through the plugin, against a simulated XenServer 6.2 host", () => {
  // The plugin's connections end before the host stops.
  const sim = useSimHost({ profile: "xs62" }, { name: "xspci-plugin-import-", beforeStop: () => plugin.stop() });
  let plugin: PluginProcess;
  let connection: Record<string, unknown>;
  let key: string;
  let where: string;
  let initialOtherConfig: Record<string, Record<string, string>>;
  let originalBootConfig: string;
  const otherConfig = (uuid: string): Record<string, string> | undefined => sim.state().vms.find((vm) => vm.uuid === uuid)?.otherConfig;
  const bootConfig = (): string => sim.readHostFile("/boot/extlinux.conf");
  const failure = async (promise: Promise<unknown>): Promise<CallError> => {
    try {
      await promise;
    } catch (error) {
      return error as CallError;
    }
    throw new Error("expected the call to fail");
  };

  beforeAll(async () => {
    connection = simConnection(sim);
    // The key file's text as `pulumi config set --secret sshKey < file` stores it: without the final newline.
    key = (connection.privateKey as string).replace(/\n$/, "");
    expect(key).not.toBe(connection.privateKey);
    where = `${sim.info.user}@127.0.0.1:${String(sim.info.port)}`;
    initialOtherConfig = Object.fromEntries(sim.state().vms.map((vm) => [vm.uuid, { ...vm.otherConfig }]));
    originalBootConfig = bootConfig();
    plugin = await PluginProcess.start({
      env: { ...process.env, SSH_AUTH_SOCK: "", XENSERVER_PCI_PRIVATE_KEY_FILE: sim.info.privateKeyPath, XENSERVER_PCI_HOST_KEY: sim.info.hostKeyFingerprint },
    });
  });

  test("a hand-made mapping imports with its devices in order, the inputs hold no credential, and the matching program's diff is empty", async () => {
    expect(sim.xe("vm-param-set", `uuid=${NAS}`, "other-config:pci=0/0000:06:00.0,1/0000:01:00.0").exitCode).toBe(0);
    const read = await plugin.read(ASSIGNMENT, `${where}/${NAS.toUpperCase()}`);
    const importedConnection = { host: "127.0.0.1", port: sim.info.port, user: sim.info.user, hostKey: sim.info.hostKeyFingerprint };
    expect(read.id).toBe(`127.0.0.1/${NAS}`);
    expect(read.inputs).toEqual({ connection: importedConnection, vmUuid: NAS, devices: ["0000:06:00.0", "0000:01:00.0"], coldBoot: "never", pinToHost: true });
    expect(read.props).toMatchObject({
      connection: { ...importedConnection, privateKey: secret(key) },
      vmUuid: NAS,
      devices: ["0000:06:00.0", "0000:01:00.0"],
      pciValue: "0/0000:06:00.0,1/0000:01:00.0",
      ownsAffinity: false,
      boundIds: ["1969:1063:1458:e000", "1000:0072:1000:3020"],
    });
    expect(JSON.stringify(plainParts(read))).not.toContain(key.split("\n")[1] ?? "missing");

    // The program the generated code leads to, with its own copy of the key: nothing to do.
    const program = { connection: { ...importedConnection, privateKey: secret(key) }, vmUuid: NAS, devices: ["06:00.0", "01:00.0"] };
    const checked = await plugin.check(ASSIGNMENT, program, read.inputs);
    expect(checked.failures).toEqual([]);
    await expect(plugin.diff(ASSIGNMENT, read.id, read.props, checked.inputs)).resolves.toEqual({ changes: "none", replaces: [], deleteBeforeReplace: false });
    // The same program spelling out the defaults.
    await expect(plugin.diff(ASSIGNMENT, read.id, read.props, { ...program, coldBoot: "never", pinToHost: true, connection: { ...program.connection, timeoutMs: 60000, sudo: false } })).resolves.toEqual({
      changes: "none",
      replaces: [],
      deleteBeforeReplace: false,
    });

    await plugin.delete(ASSIGNMENT, read.id, read.props);
    expect(otherConfig(NAS)).toEqual(initialOtherConfig[NAS]);
  });

  test("a hand-written hide entry imports with its method, and deletes byte for byte", async () => {
    sim.writeHostFile("/boot/extlinux.conf", withHideList(originalBootConfig, { profile: "xs62", hideParameter: "pciback.hide" }, XS62_LABELS, "(06:00.0)"));
    const read = await plugin.read(HIDDEN, `127.0.0.1:${String(sim.info.port)}/06:00.0`);
    const importedConnection = { host: "127.0.0.1", port: sim.info.port, hostKey: sim.info.hostKeyFingerprint };
    expect(read.id).toBe("127.0.0.1/0000:06:00.0");
    expect(read.inputs).toEqual({ connection: importedConnection, address: "0000:06:00.0", method: "extlinux" });
    expect(read.props).toMatchObject({
      connection: { ...importedConnection, privateKey: secret(key) },
      address: "0000:06:00.0",
      method: "extlinux",
      bootEntries: [...XS62_LABELS],
      hiddenInBootConfig: true,
      boundId: "1969:1063:1458:e000",
      reboot: "never",
    });
    const program = { connection: { ...importedConnection, privateKey: secret(key) }, address: "06:00.0" };
    await expect(plugin.diff(HIDDEN, read.id, read.props, program)).resolves.toEqual({ changes: "none", replaces: [], deleteBeforeReplace: false });
    await expect(plugin.diff(HIDDEN, read.id, read.props, { ...program, method: "extlinux" })).resolves.toEqual({ changes: "none", replaces: [], deleteBeforeReplace: false });

    await plugin.delete(HIDDEN, read.id, read.props);
    expect(bootConfig()).toBe(originalBootConfig);
  });

  test("nothing to adopt: a VM without a key, a device not hidden, an unknown VM", async () => {
    const bare = await failure(plugin.read(ASSIGNMENT, `${where}/${TV}`));
    expect(bare.details).toBe(
      `Unable to import PCI assignment for VM ${TV}: VM "TV" on 127.0.0.1 has no other-config:pci key.\n` +
        `Check the VM UUID of the import ID (\`xe vm-param-get uuid=${TV} param-name=other-config param-key=pci\` on the host); ` +
        "to create the key instead, declare the resource without importing it.",
    );
    const unknown = await failure(plugin.read(ASSIGNMENT, `${where}/00000000-1111-2222-3333-444444444444`));
    expect(unknown.details.split("\n")[0]).toBe(
      "Unable to import PCI assignment for VM 00000000-1111-2222-3333-444444444444: no VM with UUID 00000000-1111-2222-3333-444444444444 exists on 127.0.0.1.",
    );
    const shown = await failure(plugin.read(HIDDEN, `${where}/07:00.0`));
    expect(shown.details.split("\n")[0]).toBe("Unable to import hidden PCI device 0000:07:00.0 on 127.0.0.1: 0000:07:00.0 is not in the hide list of 127.0.0.1 (method extlinux).");
    expect(sim.state().vms.map((vm) => vm.otherConfig)).toEqual(Object.values(initialOtherConfig));
    expect(bootConfig()).toBe(originalBootConfig);
  });

  test("a malformed ID is refused before connecting, naming the form", async () => {
    sim.resetCounters();
    const noSlash = await failure(plugin.read(ASSIGNMENT, NAS));
    expect(noSlash.details).toBe(
      `Unable to import PCI assignment from ID "${NAS}": the import ID "${NAS}" has no slash before the resource's key; ` +
        "expected [user@]host[:port]/<vm-uuid>, e.g. root@10.0.0.5:22/db4c64e1-44ce-f9f3-3236-0d86df260249.\n" +
        "Give the host (with the user and SSH port when they are not root and 22), a slash, and the resource's key on that host.",
    );
    const badUuid = await failure(plugin.read(ASSIGNMENT, "127.0.0.1/not-a-uuid"));
    expect(badUuid.details.split("\n")[0]).toBe(
      'Unable to import PCI assignment from ID "127.0.0.1/not-a-uuid": "not-a-uuid" is not a VM UUID; expected 32 hex digits as 8-4-4-4-12, e.g. db4c64e1-44ce-f9f3-3236-0d86df260249.',
    );
    const badPort = await failure(plugin.read(HIDDEN, "127.0.0.1:99999/06:00.0"));
    expect(badPort.details.split("\n")[0]).toBe(
      'Unable to import hidden PCI device from ID "127.0.0.1:99999/06:00.0": validating the connection inputs: connection.port: 99999 is not a TCP port; expected an integer from 1 to 65535, e.g. 22.',
    );
    expect(sim.state().counters.sshConnections).toBe(0);
  });
});
