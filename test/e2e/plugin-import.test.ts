/**
 * `pulumi import` and the `import` resource option through the real Pulumi
 * CLI, the YAML language host and the provider plugin, which
 * `pulumi-xenserver-pci plugin install` put into the stack's plugin cache
 * (the engine finds it there, not on PATH), against a simulated XenServer 6.2
 * host holding a hand-made `pci` key and a hand-written hide entry. The key
 * and the host key come from the XENSERVER_PCI_* variables. The generated
 * code holds what was read and no credential; the program made of it, with
 * the key from the stack's secret config, changes nothing; destroy leaves the
 * host as it was before the hand edits.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { XS62_LABELS, withHideList } from "../support/hide-list-text";
import { hostSnapshot, type HostSnapshot } from "../support/host-snapshot";
import { PulumiStack } from "../support/pulumi-cli";
import { useSimHost } from "../support/sim-fixture";
import { REPO_ROOT } from "../support/user-project";

const NAS = "db4c64e1-44ce-f9f3-3236-0d86df260249";
const CLI = path.join(REPO_ROOT, "dist", "provider", "cli", "main.js");

describe("pulumi import of a hand-made mapping and a hand-written hide entry, through the provider plugin", () => {
  let work: string;
  const sim = useSimHost({ profile: "xs62" });
  let seed: HostSnapshot;
  let handMade: HostSnapshot;
  let key: string;
  let connectionYaml: string;

  /** The hand edits of someone who set passthrough up without Pulumi. */
  const editByHand = (): void => {
    expect(sim.xe("vm-param-set", `uuid=${NAS}`, "other-config:pci=0/0000:01:00.0,1/0000:06:00.0").exitCode).toBe(0);
    sim.writeHostFile("/boot/extlinux.conf", withHideList(seed.bootConfig, { profile: "xs62", hideParameter: "pciback.hide" }, XS62_LABELS, "(01:00.0)"));
  };

  /** A YAML project in `work/<name>` and its stack, the plugin installed into the stack's plugin cache. */
  const project = async (name: string, program: string): Promise<PulumiStack> => {
    const dir = path.join(work, name);
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), program);
    const stack = new PulumiStack(dir, path.join(work, `${name}-state`), name);
    Object.assign(stack.env, { XENSERVER_PCI_PRIVATE_KEY_FILE: sim.info.privateKeyPath, XENSERVER_PCI_HOST_KEY: sim.info.hostKeyFingerprint });
    execFileSync(process.execPath, [CLI, "plugin", "install"], { env: stack.env, stdio: "pipe" });
    await stack.init();
    await stack.setConfig("sshKey", key, true);
    return stack;
  };

  const header = (name: string): string => [`name: ${name}`, "runtime: yaml", "config:", "  sshKey:", "    type: string", "    secret: true", ""].join("\n");

  /** The state as `stack export` prints it holds neither the key nor any of its lines. */
  const expectNoKeyIn = (text: string): void => {
    for (const line of key.split("\n").filter((l) => l.trim().length >= 16)) expect(text).not.toContain(line.trim());
  };

  beforeAll(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "xspci-plugin-import-"));
    seed = hostSnapshot(sim);
    key = fs.readFileSync(sim.info.privateKeyPath, "utf8");
    connectionYaml = [
      "      connection:",
      "        host: 127.0.0.1",
      `        hostKey: ${sim.info.hostKeyFingerprint}`,
      `        port: ${String(sim.info.port)}`,
      `        user: ${sim.info.user}`,
    ].join("\n");
    editByHand();
    handMade = hostSnapshot(sim);
  }, 600_000);

  afterAll(() => {
    fs.rmSync(work, { recursive: true, force: true });
  });

  test("pulumi import prints the inputs it read, no credential, and leaves the host as it is; up with that code and the key changes nothing; destroy undoes the hand edits", async () => {
    const stack = await project("imported", `name: imported\nruntime: yaml\n`);
    const imports = path.join(work, "imports.json");
    fs.writeFileSync(
      imports,
      JSON.stringify({
        resources: [
          { type: "xenserver-pci:index:PciAssignment", name: "nas", id: `${sim.info.user}@127.0.0.1:${String(sim.info.port)}/${NAS}` },
          { type: "xenserver-pci:index:HiddenPciDevice", name: "controller", id: `127.0.0.1:${String(sim.info.port)}/01:00.0` },
        ],
      }),
    );
    // `plugin install` put it into this stack's plugin cache, where the engine finds it (it is not on PATH).
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as { version: string };
    const plugins = JSON.parse((await stack.ok(["plugin", "ls", "--json"])).stdout) as { name: string; kind: string; version: string }[];
    expect(plugins.map(({ name, kind, version }) => ({ name, kind, version }))).toEqual([{ name: "xenserver-pci", kind: "resource", version: pkg.version }]);
    const generated = path.join(work, "generated.yaml");
    await stack.ok(["import", "--yes", "--protect=false", "--file", imports, "--out", generated]);
    const code = fs.readFileSync(generated, "utf8");
    expect(code).toBe(
      [
        "resources:",
        "  nas:",
        "    type: xenserver-pci:PciAssignment",
        "    properties:",
        "      coldBoot: never",
        connectionYaml,
        "      devices:",
        "        - 0000:01:00.0",
        "        - 0000:06:00.0",
        "      pinToHost: true",
        `      vmUuid: ${NAS}`,
        "  controller:",
        "    type: xenserver-pci:HiddenPciDevice",
        "    properties:",
        "      address: 0000:01:00.0",
        connectionYaml.replace(`\n        user: ${sim.info.user}`, ""),
        "      method: extlinux",
        "",
      ].join("\n"),
    );
    expect(hostSnapshot(sim)).toEqual(handMade);
    const state = await stack.exportState();
    expectNoKeyIn(state);
    expect(state).toContain('"privateKey": {\n');

    // The generated code with the key from the stack's secret config, as the README says to complete it.
    const program = header("imported") + code.replace(/^( +)hostKey: .*$/gm, (line, indent: string) => `${line}\n${indent}privateKey: \${sshKey}`);
    fs.writeFileSync(path.join(stack.projectDir, "Pulumi.yaml"), program);
    await stack.ok(["preview", "--expect-no-changes"]);
    await stack.ok(["up", "--yes", "--skip-preview", "--expect-no-changes"]);
    expect(hostSnapshot(sim)).toEqual(handMade);
    expectNoKeyIn(await stack.exportState());

    await stack.ok(["destroy", "--yes", "--skip-preview"]);
    expect(hostSnapshot(sim)).toEqual(seed);
  });

  test("the import option adopts the same mapping in a pulumi up that changes nothing on the host", async () => {
    editByHand();
    expect(hostSnapshot(sim)).toEqual(handMade);
    const connection = ["      connection:", "        host: 127.0.0.1", `        port: ${String(sim.info.port)}`, `        hostKey: ${sim.info.hostKeyFingerprint}`, "        privateKey: ${sshKey}"].join("\n");
    const program = [
      header("adopted"),
      "resources:",
      "  nas:",
      "    type: xenserver-pci:PciAssignment",
      "    properties:",
      connection,
      `      vmUuid: ${NAS}`,
      '      devices: ["01:00.0", "06:00.0"]',
      "    options:",
      `      import: 127.0.0.1:${String(sim.info.port)}/${NAS}`,
      "  controller:",
      "    type: xenserver-pci:HiddenPciDevice",
      "    properties:",
      connection,
      "      address: 01:00.0",
      "    options:",
      `      import: 127.0.0.1:${String(sim.info.port)}/0000:01:00.0`,
      "",
    ].join("\n");
    const stack = await project("adopted", program);
    const up = await stack.ok(["up", "--yes", "--skip-preview"]);
    // The stack itself is created; the two resources are imported, not updated.
    expect(up.stdout).toMatch(/Resources:\n +\+ 1 created\n += 2 imported\n +3 changes\n/);
    expect(hostSnapshot(sim)).toEqual(handMade);
    await stack.ok(["up", "--yes", "--skip-preview", "--expect-no-changes"]);
    expectNoKeyIn(await stack.exportState());
    await stack.ok(["destroy", "--yes", "--skip-preview"]);
    expect(hostSnapshot(sim)).toEqual(seed);
  });
});
