import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { SimPoolInfo } from "../index";
import { HOSTS } from "./pool.fixture";
import { opensshRun } from "./ssh-test-client";
import { NAS, TV } from "./tools.fixture";

// The CLI as `npm run sim` runs it: compiled by the jest global setup.
const CLI = path.resolve(__dirname, "..", "..", "dist", "sim", "cli.js");

function sim(...args: string[]): { stdout: string; stderr: string; status: number | null } {
  const result = spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8", timeout: 60000 });
  return { stdout: result.stdout, stderr: result.stderr, status: result.status };
}

describe("the simulated pool's command line", () => {
  let work: string;
  let dir: string;

  beforeAll(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "sim-ssh-pool-cli-"));
    dir = path.join(work, "pool");
  });

  afterAll(() => {
    sim("stop", "--dir", dir);
    fs.rmSync(work, { recursive: true, force: true });
  });

  test("start --pool-size prints the pool's members as one JSON line; state, xe, reboot-host, fault and stop cover them", () => {
    const inventory = path.join(work, "inventory.json");
    fs.writeFileSync(
      inventory,
      JSON.stringify({
        hosts: [{ nameLabel: "alpha" }, { nameLabel: "beta" }, { nameLabel: "gamma" }],
        vms: [
          { uuid: NAS, nameLabel: "NAS", powerState: "running", otherConfig: {}, residentOn: 2, affinity: 2 },
          { uuid: TV, nameLabel: "TV", powerState: "halted", otherConfig: {} },
        ],
      }),
    );
    const started = sim("start", "--dir", dir, "--pool-size", "3", "--profile", "xcpng83", "--inventory", inventory);
    expect(started.stderr).toBe("");
    expect(started.status).toBe(0);
    expect(started.stdout.split("\n")).toHaveLength(2);
    const info = JSON.parse(started.stdout) as SimPoolInfo;
    expect(Object.keys(info)).toEqual(["dir", "pool"]);
    expect(info.dir).toBe(dir);
    expect(info.pool.map((m) => Object.keys(m))).toEqual(
      [0, 1, 2].map(() => ["host", "port", "user", "privateKeyPath", "hostKeyFingerprint", "dir", "hostUuid", "nameLabel"]),
    );
    expect(info.pool.map((m) => [m.dir, m.hostUuid, m.nameLabel, m.privateKeyPath])).toEqual(
      ["alpha", "beta", "gamma"].map((name, i) => [path.join(dir, `host-${i}`), HOSTS[i], name, path.join(dir, `host-${i}`, "ssh", "client_key")]),
    );
    const gamma = info.pool[2];
    if (gamma === undefined) throw new Error("three members expected");
    expect(opensshRun(gamma, "xe vm-list is-control-domain=false power-state=running --minimal")).toEqual({ stdout: `${NAS}\n`, stderr: "", exitCode: 0 });

    const state = JSON.parse(sim("state", "--dir", dir).stdout) as {
      hosts: Record<string, unknown>[];
      vms: Record<string, unknown>[];
      counters: Record<string, number>;
    };
    expect(Object.keys(state)).toEqual(["hosts", "vms", "counters"]);
    expect(state.hosts.map((h) => Object.keys(h))).toEqual([0, 1, 2].map(() => ["hostUuid", "nameLabel", "pcis", "bootConfig", "cmdline", "boots", "enabled", "power", "powerHistory", "freeMemoryMiB", "counters"]));
    expect(state.vms).toEqual([
      { uuid: NAS, nameLabel: "NAS", powerState: "running", otherConfig: {}, residentOn: HOSTS[2], affinity: HOSTS[2], attachedDevices: [] },
      { uuid: TV, nameLabel: "TV", powerState: "halted", otherConfig: {}, residentOn: "", affinity: "", attachedDevices: [] },
    ]);
    expect(state.counters).toEqual({ sshConnections: 1, execs: 1, xeCalls: 1 });
    expect(state.hosts.map((h) => h.counters)).toEqual([
      { sshConnections: 0, execs: 0, xeCalls: 0 },
      { sshConnections: 0, execs: 0, xeCalls: 0 },
      { sshConnections: 1, execs: 1, xeCalls: 1 },
    ]);

    // Placement does not depend on the member xe runs on: member 0 runs no guest.
    expect(sim("xe", "--dir", dir, "--host", "1", "--", "vm-start", `uuid=${TV}`)).toEqual({ stdout: "", stderr: "", status: 0 });
    expect(sim("xe", "--dir", dir, "--host", HOSTS[2], "--", "vm-list", `uuid=${TV}`, "params=resident-on", "--minimal").stdout).toBe(`${HOSTS[0]}\n`);
    expect(sim("xe", "--dir", dir, "--", "host-list", "params=name-label", "--minimal").stdout).toBe("alpha,beta,gamma\n");

    expect(sim("reboot-host", "--dir", dir, "--host", "2")).toEqual({ stdout: "", stderr: "", status: 0 });
    expect(sim("xe", "--dir", dir, "--", "vm-list", "is-control-domain=false", "params=power-state", "--minimal").stdout).toBe("halted,running\n");

    expect(sim("fault", "--dir", dir, "--host", "1", "--json", '[{"kind":"xe-fail","call":1,"stderr":"member fault\\n"}]').status).toBe(0);
    const member1 = info.pool[1];
    if (member1 === undefined) throw new Error("three members expected");
    expect(opensshRun(member1, "xe host-list --minimal")).toEqual({ stdout: "", stderr: "member fault\n", exitCode: 1 });
    expect(opensshRun(gamma, "xe host-list params=name-label --minimal")).toEqual({ stdout: "alpha,beta,gamma\n", stderr: "", exitCode: 0 });

    expect(sim("stop", "--dir", dir)).toEqual({ stdout: "", stderr: "", status: 0 });
    expect(spawnSync("pgrep", ["-f", dir], { encoding: "utf8" }).stdout).toBe("");
  });

  test("usage errors print one line and exit 2; an unknown member exits 1", () => {
    expect(sim("start", "--dir", dir, "--pool-size", "0")).toEqual({
      stdout: "",
      stderr: "sim start: --pool-size must be a whole number of members, at least 1, not 0\n",
      status: 2,
    });
    const inventory = path.join(work, "pool-only.json");
    fs.writeFileSync(inventory, JSON.stringify({ hosts: [{}], vms: [] }));
    expect(sim("start", "--dir", path.join(work, "single"), "--inventory", inventory)).toEqual({
      stdout: "",
      stderr: "sim start: the inventory describes hosts[] of a pool; give --pool-size N\n",
      status: 2,
    });
    expect(sim("reboot-host", "--dir", dir)).toEqual({
      stdout: "",
      stderr: "sim reboot-host: --host I is required for a pool: a member index (0 is the master) or host uuid\n",
      status: 2,
    });
    expect(sim("xe", "--dir", dir, "--host", "7", "--", "vm-list")).toEqual({
      stdout: "",
      stderr: `Unable to find member 7 of the simulated pool in ${dir}: give an index from 0 to 2 or one of the host uuids ${HOSTS.join(", ")}.\n`,
      status: 1,
    });
  });
});
