/**
 * Drives the real `pulumi` CLI for the end-to-end tests, the demo and the
 * benchmark: a local file backend and a passphrase-protected stack in a
 * directory of the caller's, nothing global.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

/** Result of one CLI run. */
export interface PulumiRun {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/** One stack of one project directory, with its own backend directory. */
export class PulumiStack {
  /** Environment of every CLI run of this stack. */
  readonly env: NodeJS.ProcessEnv;

  /**
   * @param projectDir - directory holding Pulumi.yaml
   * @param stateDir - directory of the file backend (created)
   * @param stackName - stack name
   */
  constructor(
    readonly projectDir: string,
    readonly stateDir: string,
    readonly stackName: string,
  ) {
    fs.mkdirSync(stateDir, { recursive: true });
    this.env = {
      ...process.env,
      PULUMI_BACKEND_URL: `file://${stateDir}`,
      PULUMI_CONFIG_PASSPHRASE: "e2e-passphrase",
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
      PULUMI_HOME: path.join(stateDir, ".pulumi-home"),
      PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK: "true",
    };
  }

  /** Runs `pulumi <args>` in the project directory; never throws on a non-zero exit. */
  run(args: string[], stdin?: string): Promise<PulumiRun> {
    return new Promise((resolve, reject) => {
      const child = spawn("pulumi", ["--non-interactive", "--color", "never", ...args], {
        cwd: this.projectDir,
        env: this.env,
        stdio: ["pipe", "pipe", "pipe"],
      });
      let stdout = "";
      let stderr = "";
      child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
      child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
      child.on("error", reject);
      child.on("close", (code) => {
        resolve({ stdout, stderr, exitCode: code ?? -1 });
      });
      child.stdin.end(stdin ?? "");
    });
  }

  /** Runs `pulumi <args>` and throws with the CLI's output when it fails. */
  async ok(args: string[], stdin?: string): Promise<PulumiRun> {
    const r = await this.run(args, stdin);
    if (r.exitCode !== 0) {
      throw new Error(`pulumi ${args.join(" ")} exited ${r.exitCode}\n${r.stdout}\n${r.stderr}`);
    }
    return r;
  }

  /** Creates the stack (`pulumi stack init`). */
  async init(): Promise<void> {
    await this.ok(["stack", "init", this.stackName]);
  }

  /** Sets a config value; secrets travel on stdin, never on the command line. */
  async setConfig(key: string, value: string, secret = false): Promise<void> {
    const args = ["config", "set", "--stack", this.stackName, key];
    if (secret) {
      await this.ok([...args, "--secret"], value);
    } else {
      await this.ok([...args, "--", value]);
    }
  }

  /** Sets a config value holding JSON, read back by the program with `Config.getObject`. */
  async setConfigObject(key: string, value: unknown): Promise<void> {
    await this.setConfig(key, JSON.stringify(value));
  }

  /** The stack's outputs, secrets shown. */
  async outputs(): Promise<Record<string, unknown>> {
    const r = await this.ok(["stack", "output", "--stack", this.stackName, "--json", "--show-secrets"]);
    return JSON.parse(r.stdout) as Record<string, unknown>;
  }

  /** `pulumi stack export` as text (secrets stay encrypted). */
  async exportState(): Promise<string> {
    return (await this.ok(["stack", "export", "--stack", this.stackName])).stdout;
  }

  /**
   * The outputs the state holds for one resource (after `refresh` these are
   * fresh, while the stack's own outputs change only when the program runs).
   */
  async resourceOutputs(type: string, name: string): Promise<Record<string, unknown>> {
    const doc = JSON.parse(await this.exportState()) as {
      deployment: { resources?: { urn: string; outputs?: Record<string, unknown> }[] };
    };
    // URNs end in `…:xenserver-pci:<type>::<name>`.
    const res = (doc.deployment.resources ?? []).find((r) => r.urn.endsWith(`:${type}::${name}`));
    if (res === undefined) throw new Error(`the stack has no ${type} named ${name}`);
    return res.outputs ?? {};
  }
}
