import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import type { SimHost, SimHostInfo } from "../index";
import { readHostConfig } from "../host";
import { attachSimHost, startSimHost } from "../index";
import { opensshRun, scannedFingerprint, ssh2Run, type SshRun } from "./ssh-test-client";
import { GAMING, NAS, TV } from "./tools.fixture";

const HOST = "5f0c7a3e-2b9d-4e61-a8f4-1d6c93b0e27a";
const REFUSED = "Error: Connection refused (calling connect )\n";
const STILL_BOOTING = "The host toolstack is still initialising. Please wait.\n";

// The CLI as `npm run sim` runs it: compiled by the jest global setup.
const CLI = path.resolve(__dirname, "..", "..", "dist", "sim", "cli.js");

function sim(...args: string[]): { stdout: string; stderr: string; status: number | null } {
  const result = spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8", timeout: 60000 });
  return { stdout: result.stdout, stderr: result.stderr, status: result.status };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
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

/** When the port stopped accepting connections and when it accepted them again, watched every 20 ms from now. */
async function downWindow(port: number, timeoutMs: number, onTick: () => void = () => undefined): Promise<{ refusedAt: number; backAt: number }> {
  const deadline = Date.now() + timeoutMs;
  let refusedAt: number | undefined;
  while (Date.now() < deadline) {
    onTick();
    const accepts = await portAccepts(port);
    const now = Date.now();
    if (!accepts && refusedAt === undefined) refusedAt = now;
    if (accepts && refusedAt !== undefined) return { refusedAt, backAt: now };
    await sleep(20);
  }
  throw new Error(`port ${port} did not go down and come back within ${timeoutMs} ms`);
}

/** Waits until a remote command runs on the host (its exec is counted), so that its session is open. */
async function sessionOpen(host: SimHost, execsBefore: number): Promise<void> {
  for (let i = 0; i < 200 && host.state().counters.execs <= execsBefore; i++) await sleep(20);
}

function xeOver(info: SimHostInfo, command: string): SshRun {
  return opensshRun(info, `xe ${command}`);
}

function processesNaming(dir: string): string {
  return spawnSync("pgrep", ["-a", "-f", dir], { encoding: "utf8" }).stdout;
}

describe("a reboot through xapi of a simulated host behind real sshd", () => {
  const dirs: string[] = [];
  const hosts: SimHost[] = [];

  function tempDir(): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sim-ssh-reboot-"));
    dirs.push(dir);
    return dir;
  }

  afterAll(async () => {
    for (const host of hosts) await host.stop();
    for (const dir of dirs) {
      sim("stop", "--dir", dir);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test("drops SSH, refuses it while dom0 is down, comes back with the same key; xe refused, then HOST_STILL_BOOTING, then the host is enabled with a new boot_time", async () => {
    const host = await startSimHost({
      dir: tempDir(),
      profile: "xcpng83",
      rebootDelayMs: 300,
      shutdownTimeoutMs: 800,
      rebootDownMs: 1200,
      xapiStartMs: 1500,
      xapiInitMs: 1500,
    });
    hosts.push(host);
    const { info } = host;
    const bootTime = xeOver(info, `host-param-get uuid=${HOST} param-name=other-config param-key=boot_time`).stdout;
    expect(bootTime).toMatch(/^\d{10}\.\n$/);
    expect(opensshRun(info, `xe pool-param-set uuid=$(xe pool-list --minimal) other-config:auto_poweron=true && xe vm-param-set uuid=${TV} other-config:auto_poweron=true`).exitCode).toBe(0);

    const execs = host.state().counters.execs;
    const session = ssh2Run(info, "sleep 60");
    await sessionOpen(host, execs);
    expect(opensshRun(info, "xe host-reboot")).toEqual({ stdout: "", stderr: "This operation cannot be performed because the host is not disabled. Please disable the host and then try again.\n", exitCode: 1 });
    const asked = Date.now();
    expect(opensshRun(info, "xe host-disable && xe host-reboot; echo $?")).toEqual({ stdout: "0\n", stderr: "", exitCode: 0 });
    expect(host.state().vms.map((vm) => vm.powerState)).toEqual(["running", "running", "halted"]);

    const halted: Record<string, number> = {};
    const window = await downWindow(info.port, 20000, () => {
      for (const vm of host.state().vms) if (vm.powerState === "halted" && halted[vm.uuid] === undefined) halted[vm.uuid] = Date.now();
    });
    // The session was cut: no exit status reached the client.
    expect(await session).toMatchObject({ exitCode: null });
    // NAS shut down cleanly when the shutdown began; Gaming (no PV drivers) only at the deadline, before dom0 went down.
    expect((halted[NAS] ?? 0) - asked).toBeGreaterThanOrEqual(250);
    expect((halted[GAMING] ?? 0) - (halted[NAS] ?? 0)).toBeGreaterThanOrEqual(700);
    expect(window.refusedAt).toBeGreaterThanOrEqual(halted[GAMING] ?? Infinity);
    expect(window.backAt - window.refusedAt).toBeGreaterThanOrEqual(1100);
    expect(window.backAt - window.refusedAt).toBeLessThan(1200 + 3000);

    // sshd is back, xapi not yet.
    expect(xeOver(info, "vm-list")).toEqual({ stdout: "", stderr: REFUSED, exitCode: 1 });
    expect(host.state()).toMatchObject({ boots: 1, enabled: false });
    let answer = xeOver(info, "host-enable");
    for (let i = 0; i < 100 && answer.stderr === REFUSED; i++) {
      await sleep(50);
      answer = xeOver(info, "host-enable");
    }
    expect(answer).toEqual({ stdout: "", stderr: STILL_BOOTING, exitCode: 1 });
    await host.waitUntilUp(10000);
    expect(host.state()).toMatchObject({ boots: 1, enabled: true, power: "up" });
    expect(xeOver(info, "host-list params=enabled --minimal")).toEqual({ stdout: "true\n", stderr: "", exitCode: 0 });
    const newBootTime = xeOver(info, `host-param-get uuid=${HOST} param-name=other-config param-key=boot_time`).stdout;
    expect(newBootTime).toMatch(/^\d{10}\.\n$/);
    expect(newBootTime).not.toBe(bootTime);
    expect(scannedFingerprint(info, "ed25519")).toBe(info.hostKeyFingerprint);
    expect(Object.fromEntries(host.state().vms.map((vm) => [vm.nameLabel, vm.powerState]))).toEqual({ NAS: "halted", Gaming: "halted", TV: "running" });
    expect(host.sshdPid).toBeGreaterThan(0);
  });

  test("the CLI's --reboot-down-ms is how long sshd refuses connections; xs62 refuses host-enable until the reboot; stop cleans up", async () => {
    const dir = tempDir();
    const started = sim("start", "--dir", dir, "--reboot-down-ms", "2500", "--reboot-delay-ms", "200", "--xapi-start-ms", "100", "--xapi-init-ms", "100", "--autostart-delay-ms", "300");
    expect(started.stderr).toBe("");
    const info = JSON.parse(started.stdout) as SimHostInfo;
    expect(sim("xe", "--dir", dir, "--", "host-disable")).toEqual({ stdout: "", stderr: "", status: 0 });
    expect(sim("xe", "--dir", dir, "--", "host-reboot", `uuid=${HOST}`)).toEqual({ stdout: "", stderr: "", status: 0 });
    expect(sim("xe", "--dir", dir, "--", "host-enable")).toEqual({
      stdout: "",
      stderr: "The specified host is disabled and cannot be re-enabled until after it has rebooted.\nhost: <unknown>\n",
      status: 1,
    });
    const window = await downWindow(info.port, 20000);
    expect(window.backAt - window.refusedAt).toBeGreaterThanOrEqual(2400);
    expect(window.backAt - window.refusedAt).toBeLessThan(2500 + 3000);
    const attached = await attachSimHost(dir);
    await attached.waitUntilUp(10000);
    const state = JSON.parse(sim("state", "--dir", dir).stdout) as { boots: number; enabled: boolean; power: string; powerHistory: { phase: string; at: number }[] };
    expect(state).toMatchObject({ boots: 1, enabled: true, power: "up" });
    expect(state.powerHistory.map((t) => t.phase)).toEqual(["reboot-pending", "clearing", "down", "booting", "xapi-starting", "xapi-initialising", "up"]);
    expect(readHostConfig(dir).reboot.autostartDelayMs).toBe(300);
    expect(opensshRun(info, "echo back")).toEqual({ stdout: "back\n", stderr: "", exitCode: 0 });
    expect(sim("stop", "--dir", dir)).toEqual({ stdout: "", stderr: "", status: 0 });
    expect(processesNaming(dir)).toBe("");
  });

  test("a host stopped while dom0 is down leaves no process behind and no sshd comes back", async () => {
    const host = await startSimHost({ dir: tempDir(), profile: "xs82", rebootDelayMs: 100, rebootDownMs: 1500 });
    const { info } = host;
    expect(host.xe("host-disable").exitCode).toBe(0);
    expect(host.xe("host-reboot")).toEqual({ stdout: "", stderr: "", exitCode: 0 });
    for (let i = 0; i < 250 && (await portAccepts(info.port)); i++) await sleep(20);
    expect(host.state().power).toBe("down");
    const attached = await attachSimHost(info.dir);
    expect(attached.info).toEqual(info);
    expect(attached.sshdPid).toBeUndefined();
    await host.stop();
    expect(processesNaming(info.dir)).toBe("");
    await sleep(2500);
    expect(await portAccepts(info.port)).toBe(false);
    expect(processesNaming(info.dir)).toBe("");
    await expect(attachSimHost(info.dir)).rejects.toThrow("no sshd runs there");
  });
});
