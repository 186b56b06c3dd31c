import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { opensshRun } from "./ssh-test-client";
import type { SimHostInfo } from "../index";

// The CLI as `npm run sim` runs it: compiled by the jest global setup.
const CLI = path.resolve(__dirname, "..", "..", "dist", "sim", "cli.js");

function sim(...args: string[]): { stdout: string; stderr: string; status: number | null } {
  const result = spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8", timeout: 60000 });
  return { stdout: result.stdout, stderr: result.stderr, status: result.status };
}

describe("the simulated host's command line", () => {
  let dir: string;

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "sim-ssh-cli-"));
  });

  afterAll(() => {
    sim("stop", "--dir", dir);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test("start prints one JSON line of connection details and leaves the host running; state, fault and stop work on it", () => {
    const started = sim("start", "--dir", dir, "--profile", "xs62");
    expect(started.status).toBe(0);
    expect(started.stderr).toBe("");
    expect(started.stdout.split("\n")).toHaveLength(2);
    const info = JSON.parse(started.stdout) as SimHostInfo;
    expect(Object.keys(info)).toEqual(["host", "port", "user", "privateKeyPath", "hostKeyFingerprint", "dir", "hostUuid", "nameLabel"]);
    expect(info).toMatchObject({
      host: "127.0.0.1",
      user: "root",
      dir,
      privateKeyPath: path.join(dir, "ssh", "client_key"),
      hostUuid: "5f0c7a3e-2b9d-4e61-a8f4-1d6c93b0e27a",
      nameLabel: "xenserver-home",
    });

    expect(opensshRun(info, "echo still-running")).toEqual({ stdout: "still-running\n", stderr: "", exitCode: 0 });

    const faulted = sim("fault", "--dir", dir, "--json", '[{"kind":"fail-exec","exec":1,"exitCode":9,"stderr":"cli fault\\n"}]');
    expect(faulted).toEqual({ stdout: "", stderr: "", status: 0 });
    expect(opensshRun(info, "echo hidden")).toEqual({ stdout: "", stderr: "cli fault\n", exitCode: 9 });
    expect(sim("fault", "--dir", dir, "--clear").status).toBe(0);

    const state = sim("state", "--dir", dir);
    expect(state.status).toBe(0);
    const parsed = JSON.parse(state.stdout) as Record<string, unknown>;
    expect(Object.keys(parsed)).toEqual(["vms", "pcis", "bootConfig", "cmdline", "boots", "enabled", "power", "powerHistory", "freeMemoryMiB", "counters"]);
    expect(parsed).toMatchObject({ boots: 0, enabled: true, power: "up" });
    expect(parsed.counters).toEqual({ sshConnections: 2, execs: 2, xeCalls: 0 });

    const xe = sim("xe", "--dir", dir, "--", "vm-list", "params=name-label");
    expect(xe.status).toBe(0);
    expect(xe.stdout).toContain("NAS");

    expect(sim("stop", "--dir", dir)).toEqual({ stdout: "", stderr: "", status: 0 });
    expect(spawnSync("pgrep", ["-f", dir], { encoding: "utf8" }).stdout).toBe("");
  });

  test("usage errors print one line and exit 2", () => {
    expect(sim("launch", "--dir", dir)).toEqual({
      stdout: "",
      stderr: "sim: unknown verb launch; usage: sim start|stop|reboot-host|state|xe|fault --dir DIR [...]; see sim/README.md\n",
      status: 2,
    });
    expect(sim("state")).toEqual({ stdout: "", stderr: "sim state: --dir DIR is required\n", status: 2 });
    expect(sim("start", "--dir", dir, "--profile", "xs99")).toEqual({
      stdout: "",
      stderr: "sim start: --profile must be one of xs62, xs82, xcpng83, not xs99\n",
      status: 2,
    });
    expect(sim("fault", "--dir", dir, "--json", '[{"kind":"kill-script","tool":"mv"}]')).toEqual({
      stdout: "",
      stderr: `sim fault: Unable to set faults: faults[0].occurrence: Required. Expected entries like {"kind":"drop-connection","tool":"mv","occurrence":1}, {"kind":"fail-exec","exec":3,"exitCode":1,"stderr":"..."} or {"kind":"xe-fail","command":"host-evacuate"}.\n`,
      status: 2,
    });
  });

  test("verbs on a directory without a host fail with one line and exit 1", () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), "sim-ssh-cli-empty-"));
    expect(sim("state", "--dir", empty)).toEqual({
      stdout: "",
      stderr: `Unable to open the simulated host in ${empty}: there is none; create it with \`sim start --dir ${empty}\`.\n`,
      status: 1,
    });
    fs.rmSync(empty, { recursive: true, force: true });
  });
});
