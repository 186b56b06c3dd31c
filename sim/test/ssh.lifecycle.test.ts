import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import type { SimHost } from "../index";
import { attachSimHost, startSimHost } from "../index";
import { opensshRun, ssh2Run } from "./ssh-test-client";

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "sim-ssh-lifecycle-"));
}

/** Processes whose command line names `dir`, as pgrep sees them. */
function processesNaming(dir: string): string {
  return spawnSync("pgrep", ["-a", "-f", dir], { encoding: "utf8" }).stdout;
}

/** True while `pid` runs (a zombie waiting for its reaper does not run). */
function isRunning(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    return !stat.slice(stat.lastIndexOf(")") + 2).startsWith("Z");
  } catch {
    return false;
  }
}

function portAccepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => {
      resolve(false);
    });
  });
}

describe("the lifecycle of simulated hosts", () => {
  const dirs: string[] = [];
  const hosts: SimHost[] = [];

  async function start(options: { legacySsh?: boolean } = {}): Promise<SimHost> {
    const dir = tempDir();
    dirs.push(dir);
    const sim = await startSimHost({ dir, ...options });
    hosts.push(sim);
    return sim;
  }

  afterAll(async () => {
    for (const sim of hosts) await sim.stop();
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  test("counters count SSH connections, exec requests and xe calls, but not direct xe calls", async () => {
    const sim = await start();
    expect(sim.state().counters).toEqual({ sshConnections: 0, execs: 0, xeCalls: 0 });
    expect(opensshRun(sim.info, "xe vm-list >/dev/null; xe host-list >/dev/null").exitCode).toBe(0);
    expect(opensshRun(sim.info, "true").exitCode).toBe(0);
    expect(sim.xe("vm-list").exitCode).toBe(0);
    expect(sim.state().counters).toEqual({ sshConnections: 2, execs: 2, xeCalls: 2 });
    sim.resetCounters();
    expect(sim.state().counters).toEqual({ sshConnections: 0, execs: 0, xeCalls: 0 });
  });

  test("counters stay exact when connections run concurrently", async () => {
    const sim = await start();
    const runs = await Promise.all(Array.from({ length: 6 }, (_, i) => ssh2Run(sim.info, `echo ${i}`)));
    expect(runs.map((run) => run.stdout)).toEqual(["0\n", "1\n", "2\n", "3\n", "4\n", "5\n"]);
    expect(sim.state().counters).toEqual({ sshConnections: 6, execs: 6, xeCalls: 0 });
    expect(fs.readFileSync(path.join(sim.info.dir, "counters", "execs.log"), "utf8").split("\n")).toHaveLength(7);
  });

  test("two hosts at once are independent", async () => {
    const first = await start();
    const second = await start();
    first.writeHostFile("/boot/whoami", "first\n");
    second.writeHostFile("/boot/whoami", "second\n");
    expect(opensshRun(first.info, "cat /boot/whoami").stdout).toBe("first\n");
    expect(opensshRun(second.info, "cat /boot/whoami; cat /boot/whoami").stdout).toBe("second\nsecond\n");
    expect(first.info.port).not.toBe(second.info.port);
    expect(first.info.hostKeyFingerprint).not.toBe(second.info.hostKeyFingerprint);
    expect(first.state().counters).toEqual({ sshConnections: 1, execs: 1, xeCalls: 0 });
    expect(second.state().counters).toEqual({ sshConnections: 1, execs: 1, xeCalls: 0 });
  });

  test("a host started elsewhere can be attached to by its directory", async () => {
    const sim = await start();
    const attached = await attachSimHost(sim.info.dir);
    expect(attached.info).toEqual(sim.info);
  });

  test("stop leaves no process, no listening port and no mount behind, even with a remote command running", async () => {
    const mountsBefore = fs.readFileSync("/proc/self/mountinfo", "utf8");
    const sim = await start();
    const pid = Number(fs.readFileSync(path.join(sim.info.dir, "ssh", "sshd.pid"), "utf8"));
    // A remote command that outlives its session: it must die with the host.
    const run = opensshRun(sim.info, "sleep 300 </dev/null >/dev/null 2>&1 & echo $!");
    const sleeper = Number(run.stdout);
    expect(fs.readFileSync(`/proc/${sleeper}/cmdline`, "utf8")).toBe("sleep\u0000300\u0000");
    expect(processesNaming(sim.info.dir)).toContain("sshd");
    await sim.stop();
    expect(processesNaming(sim.info.dir)).toBe("");
    expect(isRunning(pid)).toBe(false);
    expect(isRunning(sleeper)).toBe(false);
    expect(await portAccepts(sim.info.port)).toBe(false);
    expect(fs.readFileSync("/proc/self/mountinfo", "utf8")).toBe(mountsBefore);
    await expect(attachSimHost(sim.info.dir)).rejects.toThrow(
      `Unable to attach to the simulated host in ${sim.info.dir}: no sshd runs there; start one with \`sim start --dir ${sim.info.dir}\`.`,
    );
  });

  test("starting a second host in a running host's directory is refused", async () => {
    const sim = await start();
    await expect(startSimHost({ dir: sim.info.dir })).rejects.toThrow(
      `Unable to start the simulated host in ${sim.info.dir}: one is already running there; stop it first.`,
    );
  });
});
