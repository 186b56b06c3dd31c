/**
 * The seed's machine (the NAS's controller hidden and passed with its NIC, the
 * gaming VM's GPU with its audio function, the VMs looked up by name) as a
 * program in another language than the dynamic resources' TypeScript, run
 * through the provider plugin `pulumi-resource-xenserver-pci` by the real CLI
 * against a simulated XenServer 6.2 host. The YAML, Go and Node.js SDK
 * end-to-end tests share the steps; each says how its program runs.
 */
import { execFileSync, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { checkPciAssignmentInputs } from "../../provider/schema/pci-assignment";
import type { SimHost } from "../../sim";
import { hostSnapshot, type HostSnapshot } from "./host-snapshot";
import type { PulumiStack } from "./pulumi-cli";
import { useSimHost } from "./sim-fixture";
import { packPackage, REPO_ROOT } from "./user-project";

/** How one language's program is run; every method throws with the CLI's output when the step fails. */
export interface ProgramRunner {
  /** The stack, for `pulumi stack export` by the CLI. */
  stack: PulumiStack;
  /** `pulumi up`; resolves to the stack's outputs, secrets shown. */
  up(): Promise<Record<string, unknown>>;
  /** `pulumi refresh`. */
  refresh(): Promise<void>;
  /** `pulumi preview --expect-no-changes`. */
  previewNoChanges(): Promise<void>;
  /**
   * `pulumi preview` of the program with the gaming VM's devices set to
   * `["07:00"]`; resolves to the CLI's exit code and output (it must fail).
   */
  previewBadAddress(): Promise<{ exitCode: number; output: string }>;
  /** `pulumi destroy`. */
  destroy(): Promise<void>;
}

/**
 * A {@link ProgramRunner} through the CLI for a program whose text is on disk:
 * `write` puts a text of it in place, `program` is its text as the example
 * has it (the bad-address step writes a changed copy, then puts it back).
 */
export function cliRunner(stack: PulumiStack, program: string, write: (text: string) => void): ProgramRunner {
  const devices = `devices: [${GAMING_DEVICES.map((d) => JSON.stringify(d)).join(", ")}]`;
  return {
    stack,
    up: async () => {
      await stack.ok(["up", "--yes", "--skip-preview"]);
      return stack.outputs();
    },
    refresh: async () => {
      await stack.ok(["refresh", "--yes", "--skip-preview"]);
    },
    previewNoChanges: async () => {
      await stack.ok(["preview", "--expect-no-changes"]);
    },
    previewBadAddress: async () => {
      write(replaceOnce(program, devices, `devices: [${JSON.stringify(BAD_ADDRESS)}]`));
      try {
        const r = await stack.run(["preview"]);
        return { exitCode: r.exitCode, output: r.stdout + r.stderr };
      } finally {
        write(program);
      }
    },
    destroy: async () => {
      await stack.ok(["destroy", "--yes", "--skip-preview"]);
    },
  };
}

/** Makes the runner of one language, in `work`, for the stack reaching `sim`; `pluginDir` holds the plugin. */
export type RunnerFactory = (work: string, sim: SimHost, pluginDir: string) => Promise<ProgramRunner>;

/** The address the bad-address step gives the gaming VM. */
export const BAD_ADDRESS = "07:00";

/** The devices of the gaming VM in every program, as written there (the bad-address step rewrites them). */
export const GAMING_DEVICES = ["07:00.0", "07:00.1"];

/**
 * Packs the package and installs it into `dir` with npm, as a user does (the
 * plugin is an executable of the package's `bin`); `extraDependencies` are
 * added to the same `npm install`. Returns `node_modules/.bin`, the folder
 * holding `pulumi-resource-xenserver-pci`.
 */
export function installPackage(dir: string, packDir: string, extraDependencies: Record<string, string> = {}): string {
  const tarball = packPackage(packDir);
  fs.mkdirSync(dir, { recursive: true });
  const pkg = {
    name: "xenserver-pci-plugin-user",
    private: true,
    dependencies: { "pulumi-xenserver-pci": `file:${tarball}`, ...extraDependencies },
  };
  fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify(pkg, null, 2));
  execFileSync("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"], {
    cwd: dir,
    stdio: ["ignore", "inherit", "inherit"],
  });
  const bin = path.join(dir, "node_modules", ".bin");
  if (!fs.existsSync(path.join(bin, "pulumi-resource-xenserver-pci"))) {
    throw new Error(`npm installed no pulumi-resource-xenserver-pci in ${bin}`);
  }
  return bin;
}

/** `Pulumi.yaml` text with the plugin's folder added (`plugins.providers`), so the engine runs the installed plugin. */
export function withPluginPath(pulumiYaml: string, pluginDir: string): string {
  if (/^plugins:/m.test(pulumiYaml)) throw new Error("the project already has a plugins section");
  return `${pulumiYaml.trimEnd()}\nplugins:\n  providers:\n    - name: xenserver-pci\n      path: ${JSON.stringify(pluginDir)}\n`;
}

/** `text` with `from` replaced by `to`, exactly once. */
export function replaceOnce(text: string, from: string, to: string): string {
  const at = text.indexOf(from);
  if (at < 0 || text.indexOf(from, at + 1) >= 0) throw new Error(`expected exactly one ${JSON.stringify(from)} in the program`);
  return text.slice(0, at) + to + text.slice(at + from.length);
}

/** Every VM's `other-config` as the seed's machine program leaves it after `up`, from the host before it. */
export function vmsAfterUp(original: HostSnapshot, sim: SimHost): HostSnapshot["vms"] {
  const uuidOf = (name: string): string => sim.state().vms.find((vm) => vm.nameLabel === name)?.uuid ?? "";
  const pci: Record<string, string> = {
    [uuidOf("NAS")]: "0/0000:01:00.0,1/0000:06:00.0",
    [uuidOf("Gaming")]: "0/0000:07:00.0,1/0000:07:00.1",
  };
  return original.vms.map((vm) => {
    const key = pci[vm.uuid];
    return key === undefined ? vm : { uuid: vm.uuid, otherConfig: { ...vm.otherConfig, pci: key } };
  });
}

/** The hide list entry the program's HiddenPciDevice writes on a XenServer 6.2 host. */
const HIDE_PARAMETER = " pciback.hide=(0000:01:00.0)";

/**
 * Defines the end-to-end steps of one language's program, in order, on one
 * stack: up (host state and outputs exact), the export without the key,
 * refresh then a preview without changes, a bad address refused with the
 * same text as the TypeScript resource, and destroy restoring the host byte
 * for byte.
 */
export function describeSeedMachineProgram(title: string, makeRunner: RunnerFactory): void {
  describe(title, () => {
    let work: string;
    const sim = useSimHost({ profile: "xs62" });
    let runner: ProgramRunner;
    let original: HostSnapshot;
    let privateKey: string;

    beforeAll(async () => {
      work = fs.mkdtempSync(path.join(os.tmpdir(), "xspci-plugin-"));
      privateKey = fs.readFileSync(sim.info.privateKeyPath, "utf8");
      const pluginDir = installPackage(path.join(work, "plugin"), path.join(work, "pack"));
      runner = await makeRunner(work, sim, pluginDir);
      original = hostSnapshot(sim);
    }, 900_000);

    afterAll(() => {
      fs.rmSync(work, { recursive: true, force: true });
    });

    test("up hides the controller, writes both pci keys, and reports what is pending", async () => {
      const outputs = await runner.up();
      const after = hostSnapshot(sim);
      expect(after.vms).toEqual(vmsAfterUp(original, sim));
      // The boot config gains the hide parameter and nothing else.
      expect(after.bootConfig).toContain(HIDE_PARAMETER);
      expect(after.bootConfig.split(HIDE_PARAMETER).join("")).toBe(original.bootConfig);
      expect(outputs).toEqual({
        nasPciValue: "0/0000:01:00.0,1/0000:06:00.0",
        nasNeedsColdBoot: true,
        gamingNeedsColdBoot: true,
        hostNeedsReboot: true,
      });
    });

    test("the stack export holds the connection encrypted and no private key", async () => {
      const exported = await runner.stack.exportState();
      const keyBody = privateKey.split("\n").filter((l) => l.length > 20 && !l.startsWith("-----"));
      expect(keyBody.length).toBeGreaterThan(0);
      for (const line of keyBody) expect(exported).not.toContain(line);
      expect(exported).not.toContain("PRIVATE KEY");
      const doc = JSON.parse(exported) as {
        deployment: { resources: { type: string; inputs?: Record<string, unknown>; outputs?: Record<string, unknown> }[] };
      };
      const ours = doc.deployment.resources.filter((r) => r.type.startsWith("xenserver-pci:index:"));
      expect(ours.map((r) => r.type).sort()).toEqual([
        "xenserver-pci:index:HiddenPciDevice",
        "xenserver-pci:index:PciAssignment",
        "xenserver-pci:index:PciAssignment",
      ]);
      // The programs pass the key as a secret, so the whole connection is one;
      // whatever the program sends, the key at least is encrypted.
      const encrypted = ["4dabf18193072939515e22adb298388d", "ciphertext"];
      for (const r of ours) {
        for (const connection of [r.inputs?.connection, r.outputs?.connection]) {
          const keys = Object.keys(connection as object).sort();
          if (keys.includes("ciphertext")) expect(keys).toEqual(encrypted);
          else expect(Object.keys((connection as { privateKey: object }).privateKey).sort()).toEqual(encrypted);
        }
      }
    });

    test("refresh finds nothing changed, and the next preview proposes nothing", async () => {
      const before = hostSnapshot(sim);
      await runner.refresh();
      await runner.previewNoChanges();
      expect(hostSnapshot(sim)).toEqual(before);
    });

    test("a bad address fails the preview with the TypeScript resource's words", async () => {
      const before = hostSnapshot(sim);
      const bad = { connection: { host: sim.info.host }, vmUuid: original.vms[0]?.uuid, devices: [BAD_ADDRESS] };
      const failures = checkPciAssignmentInputs(bad).failures;
      expect(failures).toEqual([{ property: "devices[0]", reason: expect.stringContaining(BAD_ADDRESS) as unknown }]);
      const r = await runner.previewBadAddress();
      expect(r.exitCode).not.toBe(0);
      expect(r.output).toContain(`property devices[0] value`);
      expect(r.output).toContain(`has a problem: ${failures[0]?.reason ?? "?"}`);
      expect(hostSnapshot(sim)).toEqual(before);
    });

    test("destroy returns the host to its original state, byte for byte", async () => {
      await runner.destroy();
      expect(hostSnapshot(sim)).toEqual(original);
    });
  });
}

/** What an Automation API driver prints for a step: the outputs of an up, the CLI's output, the error of a failed step. */
interface DriverResult {
  outputs?: Record<string, unknown>;
  stdout: string;
  stderr: string;
  error?: string;
}

/**
 * A runner whose steps are runs of an Automation API driver (the Go and
 * Python drivers under test/e2e): `command` followed by the step's name
 * (`up`, `preview`, `refresh`, `destroy`, `bad-preview`), printing one JSON
 * {@link DriverResult}, exiting 1 when the step fails. The driver reads the
 * stack and the host from `XSPCI_*` variables; the CLI's own come from `stack`.
 */
export function automationRunner(
  stack: PulumiStack,
  command: string[],
  sim: SimHost,
  pluginDir: string,
): ProgramRunner {
  const [program, ...args] = command;
  if (program === undefined) throw new Error("no driver command");
  const env = {
    ...stack.env,
    XSPCI_WORK_DIR: stack.projectDir,
    XSPCI_STACK: stack.stackName,
    XSPCI_PLUGIN_DIR: pluginDir,
    XSPCI_HOST: sim.info.host,
    XSPCI_PORT: String(sim.info.port),
    XSPCI_HOST_KEY: sim.info.hostKeyFingerprint,
    XSPCI_SSH_KEY_FILE: sim.info.privateKeyPath,
  };
  const run = (step: string): Promise<{ exitCode: number; result: DriverResult }> =>
    new Promise((resolve, reject) => {
      const child = spawn(program, [...args, step], { cwd: stack.projectDir, env, stdio: ["ignore", "pipe", "pipe"] });
      let stdout = "";
      let stderr = "";
      child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
      child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
      child.on("error", reject);
      child.on("close", (code) => {
        try {
          resolve({ exitCode: code ?? -1, result: JSON.parse(stdout) as DriverResult });
        } catch {
          reject(new Error(`driver step ${step} exited ${String(code)} without its JSON result\n${stdout}\n${stderr}`));
        }
      });
    });
  const ok = async (step: string): Promise<DriverResult> => {
    const { exitCode, result } = await run(step);
    if (exitCode !== 0) throw new Error(`driver step ${step} failed: ${result.error ?? "?"}\n${result.stdout}\n${result.stderr}`);
    return result;
  };
  return {
    stack,
    up: async () => (await ok("up")).outputs ?? {},
    refresh: async () => {
      await ok("refresh");
    },
    previewNoChanges: async () => {
      await ok("preview");
    },
    previewBadAddress: async () => {
      const { exitCode, result } = await run("bad-preview");
      return { exitCode, output: `${result.error ?? ""}\n${result.stdout}\n${result.stderr}` };
    },
    destroy: async () => {
      await ok("destroy");
    },
  };
}

/** The repository's examples. */
export const EXAMPLES = path.join(REPO_ROOT, "examples");
