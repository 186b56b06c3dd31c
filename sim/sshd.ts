/**
 * Starts and stops the real OpenSSH sshd of a simulated host: detached, inside
 * a private mount namespace holding the host's bind mounts, on 127.0.0.1 and a
 * free port, with the host's own keys, config and session wrapper. A reboot
 * through xapi takes it down (every session with it) and starts it again on
 * the same port with the same keys.
 */
import { execFileSync, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import type { BindMount } from "./launcher-script";
import { renderLauncherScript } from "./launcher-script";
import { ensureKeys } from "./keys";
import type { SimPaths } from "./paths";
import { killNamespace, mountNamespaceOf } from "./processes";
import { renderSessionScript } from "./session-script";
import { renderSshdConfig } from "./sshd-config";

/** What a running sshd is, as recorded in `DIR/ssh/runtime.json`. */
export interface SshdRuntime {
  readonly pid: number;
  readonly port: number;
  /** Identifies every process of the host; see processes.ts. */
  readonly mountNamespace: string;
  readonly legacySsh: boolean;
}

/** How to start a host's sshd. */
export interface StartSshdOptions {
  readonly legacySsh: boolean;
  readonly mounts: readonly BindMount[];
}

const START_ATTEMPTS = 5;
const READY_TIMEOUT_MS = 20000;

/** sshd_config cannot quote every character; a plain directory name avoids surprises. */
const SAFE_DIR = /^[A-Za-z0-9_./@+-]+$/;

/** The sshd last started for the host at `paths`, running or not, or undefined when none was. */
export function readSshdRuntimeFile(paths: SimPaths): SshdRuntime | undefined {
  if (!fs.existsSync(paths.runtimeFile)) return undefined;
  return JSON.parse(fs.readFileSync(paths.runtimeFile, "utf8")) as SshdRuntime;
}

/** The running sshd of the host at `paths`, or undefined when none runs. */
export function readSshdRuntime(paths: SimPaths): SshdRuntime | undefined {
  const runtime = readSshdRuntimeFile(paths);
  return runtime !== undefined && mountNamespaceOf(runtime.pid) === runtime.mountNamespace ? runtime : undefined;
}

/**
 * Starts sshd for the host at `paths` and resolves once it sends its SSH banner.
 * A port taken between choosing and binding it is retried with another port.
 */
export async function startSshd(paths: SimPaths, options: StartSshdOptions): Promise<SshdRuntime> {
  if (!SAFE_DIR.test(paths.dir)) {
    throw new Error(`Unable to start the simulated host in ${paths.dir}: use a directory path made of letters, digits and _./@+- only.`);
  }
  if (readSshdRuntime(paths) !== undefined) {
    throw new Error(`Unable to start the simulated host in ${paths.dir}: one is already running there; stop it first.`);
  }
  fs.mkdirSync(paths.sshDir, { recursive: true });
  fs.mkdirSync(paths.countersDir, { recursive: true });
  fs.appendFileSync(paths.execLog, "");
  fs.mkdirSync("/run/sshd", { recursive: true, mode: 0o755 });
  ensureKeys(paths, options.legacySsh);
  fs.writeFileSync(paths.session, renderSessionScript(paths), { mode: 0o755 });
  fs.writeFileSync(paths.launcher, renderLauncherScript(paths, options.mounts), { mode: 0o755 });
  let lastFailure = "";
  for (let attempt = 0; attempt < START_ATTEMPTS; attempt++) {
    const port = await freePort();
    fs.writeFileSync(paths.sshdConfig, renderSshdConfig(paths, { port, legacySsh: options.legacySsh }));
    checkConfig(paths);
    fs.rmSync(paths.sshdLog, { force: true });
    const outcome = await launch(paths, port);
    if (typeof outcome !== "string") {
      const runtime: SshdRuntime = { ...outcome, port, legacySsh: options.legacySsh };
      fs.writeFileSync(paths.runtimeFile, `${JSON.stringify(runtime)}\n`);
      return runtime;
    }
    lastFailure = outcome;
    if (!/Address already in use|Cannot bind any address/.test(outcome)) break;
  }
  throw new Error(`Unable to start the simulated host's sshd in ${paths.dir}: ${lastFailure}`);
}

/** Kills sshd and every process of its namespace, and a launcher still starting; resolves once none is left. Idempotent. */
export async function stopSshd(paths: SimPaths): Promise<void> {
  await killLauncher(paths);
  const runtime = readSshdRuntime(paths);
  if (runtime !== undefined) await killNamespace(runtime.mountNamespace);
  fs.rmSync(paths.runtimeFile, { force: true });
  fs.rmSync(paths.sshdPidFile, { force: true });
}

/**
 * dom0 goes down: kills sshd with every session and every process of its
 * namespace, as a reboot does, but keeps the record of its port for
 * {@link restartSshd}. Resolves to whether an sshd was running.
 */
export async function takeDownSshd(paths: SimPaths): Promise<boolean> {
  const runtime = readSshdRuntime(paths);
  if (runtime === undefined) return false;
  await killNamespace(runtime.mountNamespace);
  return true;
}

const RESTART_RETRY_MS = 200;

/**
 * dom0 is back: starts the same sshd again (same port, config, keys and
 * algorithms) and resolves once it sends its banner. The port is retried
 * while something else holds it, up to the start timeout. sshd's log is kept,
 * so the connection counter goes on counting.
 */
export async function restartSshd(paths: SimPaths): Promise<SshdRuntime> {
  const previous = readSshdRuntimeFile(paths);
  if (previous === undefined) throw new Error(`Unable to restart the simulated host's sshd in ${paths.dir}: it was never started.`);
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    const outcome = await launch(paths, previous.port, "listening");
    if (typeof outcome !== "string") {
      const runtime: SshdRuntime = { ...outcome, port: previous.port, legacySsh: previous.legacySsh };
      fs.writeFileSync(paths.runtimeFile, `${JSON.stringify(runtime)}\n`);
      return runtime;
    }
    if (!/Address already in use|Cannot bind any address/.test(outcome) || Date.now() > deadline) {
      throw new Error(`Unable to restart the simulated host's sshd in ${paths.dir} on port ${previous.port}: ${outcome}`);
    }
    await new Promise((resolve) => setTimeout(resolve, RESTART_RETRY_MS));
  }
}

/**
 * Kills a launcher recorded as starting (its starter may have died before it
 * answered): its namespace once it has its own, else the process. The pid
 * must still be the launcher's: its command line names the host's ssh
 * directory (unshare, the launch script, then sshd with its config).
 */
async function killLauncher(paths: SimPaths): Promise<void> {
  let pid: number;
  try {
    pid = Number.parseInt(fs.readFileSync(paths.launchingFile, "utf8"), 10);
  } catch {
    return;
  }
  let cmdline = "";
  try {
    cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8");
  } catch {
    // Gone already.
  }
  if (cmdline.includes(paths.sshDir)) {
    const namespace = mountNamespaceOf(pid);
    if (namespace !== undefined && namespace !== mountNamespaceOf("self")) await killNamespace(namespace);
    else {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // Exited meanwhile.
      }
    }
  }
  fs.rmSync(paths.launchingFile, { force: true });
}

function checkConfig(paths: SimPaths): void {
  try {
    execFileSync("/usr/sbin/sshd", ["-t", "-f", paths.sshdConfig], { stdio: ["ignore", "ignore", "pipe"] });
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim() ?? String(error);
    throw new Error(`Unable to start the simulated host's sshd: ${paths.sshdConfig} is invalid: ${stderr}`);
  }
}

/**
 * Runs the launcher detached; returns the sshd pid and namespace, or why it
 * failed. While it starts, its pid is recorded for {@link stopSshd}.
 */
async function launch(paths: SimPaths, port: number, ready: Readiness = "banner"): Promise<{ pid: number; mountNamespace: string } | string> {
  const launchLog = fs.openSync(`${paths.sshDir}/launch.log`, "w");
  const child = spawn("unshare", ["-m", "--propagation", "private", "/bin/sh", paths.launcher], {
    detached: true,
    stdio: ["ignore", launchLog, launchLog],
  });
  fs.closeSync(launchLog);
  child.unref();
  // An object, so that the loop below re-reads what the exit listener writes.
  const launcher = { exited: false };
  child.once("exit", () => {
    launcher.exited = true;
  });
  const pid = child.pid;
  if (pid === undefined) return "unshare could not be run";
  fs.writeFileSync(paths.launchingFile, `${pid}\n`);
  try {
    return await awaitReady(paths, port, pid, launcher, ready);
  } finally {
    fs.rmSync(paths.launchingFile, { force: true });
  }
}

/**
 * How a launch is known to be ready: sshd sends its banner to a test
 * connection, or (when sshd's log must not count one more connection, after
 * a reboot) its own listening socket is bound to the port.
 */
type Readiness = "banner" | "listening";

/** Waits for the launcher `pid` to be ready on `port`; kills it when it is not in time. */
async function awaitReady(
  paths: SimPaths,
  port: number,
  pid: number,
  launcher: { exited: boolean },
  ready: Readiness,
): Promise<{ pid: number; mountNamespace: string } | string> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (launcher.exited) return failureReason(paths);
    if (ready === "banner" ? await sendsSshBanner(port) : listensOn(pid, port)) {
      const mountNamespace = mountNamespaceOf(pid);
      if (mountNamespace === undefined) return failureReason(paths);
      return { pid, mountNamespace };
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const mountNamespace = mountNamespaceOf(pid);
  if (mountNamespace !== undefined && mountNamespace !== mountNamespaceOf("self")) await killNamespace(mountNamespace);
  return `sshd did not answer on port ${port} within ${READY_TIMEOUT_MS} ms. ${failureReason(paths)}`;
}

function failureReason(paths: SimPaths): string {
  const read = (file: string): string => (fs.existsSync(file) ? fs.readFileSync(file, "utf8").trim() : "");
  // The log goes on across reboots: its last lines are this launch's.
  const sshdLog = read(paths.sshdLog).split("\n").slice(-5).join("\n");
  const text = [read(`${paths.sshDir}/launch.log`), sshdLog].filter((t) => t !== "").join(" | ");
  return text === "" ? "it exited without a message" : text.replace(/\s*\n\s*/g, " | ");
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => {
        if (address !== null && typeof address === "object") resolve(address.port);
        else reject(new Error("Unable to find a free port: the listener has no address."));
      });
    });
  });
}

/**
 * Whether process `pid` holds a listening TCP socket on 127.0.0.1:`port`
 * (`/proc/net/tcp` state 0A, the socket's inode among the process's files).
 */
function listensOn(pid: number, port: number): boolean {
  const local = `0100007F:${port.toString(16).toUpperCase().padStart(4, "0")}`;
  let table: string;
  let fds: string[];
  try {
    table = fs.readFileSync("/proc/net/tcp", "utf8");
    fds = fs.readdirSync(`/proc/${pid}/fd`);
  } catch {
    return false;
  }
  const inodes = new Set(
    table
      .split("\n")
      .map((line) => line.trim().split(/\s+/))
      .filter((cols) => cols[1] === local && cols[3] === "0A")
      .map((cols) => `socket:[${cols[9] ?? ""}]`),
  );
  return fds.some((fd) => {
    try {
      return inodes.has(fs.readlinkSync(`/proc/${pid}/fd/${fd}`));
    } catch {
      return false;
    }
  });
}

/** True when something on `port` sends an SSH-2.0 identification line. */
export function sendsSshBanner(port: number, timeoutMs = 2000): Promise<boolean> {
  return new Promise((resolve) => {
    let received = "";
    const socket = net.connect({ host: "127.0.0.1", port });
    const finish = (answer: boolean): void => {
      socket.destroy();
      resolve(answer);
    };
    socket.setTimeout(timeoutMs, () => {
      finish(false);
    });
    socket.on("data", (chunk: Buffer) => {
      received += chunk.toString("latin1");
      if (received.includes("\n")) finish(received.startsWith("SSH-2.0-"));
    });
    socket.on("error", () => {
      finish(false);
    });
    socket.on("close", () => {
      finish(false);
    });
  });
}
