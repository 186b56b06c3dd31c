/**
 * Starts and stops the real OpenSSH sshd of a simulated host: detached, inside
 * a private mount namespace holding the host's bind mounts, on 127.0.0.1 and a
 * free port, with the host's own keys, config and session wrapper.
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

/** The running sshd of the host at `paths`, or undefined when none runs. */
export function readSshdRuntime(paths: SimPaths): SshdRuntime | undefined {
  if (!fs.existsSync(paths.runtimeFile)) return undefined;
  const runtime = JSON.parse(fs.readFileSync(paths.runtimeFile, "utf8")) as SshdRuntime;
  return mountNamespaceOf(runtime.pid) === runtime.mountNamespace ? runtime : undefined;
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

/** Kills sshd and every process of its namespace; resolves once none is left. Idempotent. */
export async function stopSshd(paths: SimPaths): Promise<void> {
  const runtime = readSshdRuntime(paths);
  if (runtime !== undefined) await killNamespace(runtime.mountNamespace);
  fs.rmSync(paths.runtimeFile, { force: true });
  fs.rmSync(paths.sshdPidFile, { force: true });
}

function checkConfig(paths: SimPaths): void {
  try {
    execFileSync("/usr/sbin/sshd", ["-t", "-f", paths.sshdConfig], { stdio: ["ignore", "ignore", "pipe"] });
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim() ?? String(error);
    throw new Error(`Unable to start the simulated host's sshd: ${paths.sshdConfig} is invalid: ${stderr}`);
  }
}

/** Runs the launcher detached; returns the sshd pid and namespace, or why it failed. */
async function launch(paths: SimPaths, port: number): Promise<{ pid: number; mountNamespace: string } | string> {
  fs.rmSync(paths.sshdLog, { force: true });
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
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (launcher.exited) return failureReason(paths);
    if (await sendsSshBanner(port)) {
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
  const text = [read(`${paths.sshDir}/launch.log`), read(paths.sshdLog)].filter((t) => t !== "").join(" | ");
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
