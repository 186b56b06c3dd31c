/**
 * Starts and stops the simulated xapi process of a host or pool. It runs in
 * a private mount namespace of its own (`unshare -m`), so that the namespace
 * identifies it, and it outlives the sshd of any host: a reboot through
 * xapi takes a host's sshd down and starts it again from this process.
 * Until it serves, thin `xe` clients run the simulated xe themselves.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import { xapiEntryPoint, xapiFiles } from "./host";
import { killNamespace, mountNamespaceOf } from "./processes";

const READY_TIMEOUT_MS = 20000;

/** What a running xapi process is, as recorded in its directory's `runtime.json`. */
export interface XapiRuntime {
  readonly pid: number;
  /** Its own mount namespace: see processes.ts. */
  readonly mountNamespace: string;
}

function servingPid(pidFile: string): number | undefined {
  try {
    const pid = Number.parseInt(fs.readFileSync(pidFile, "utf8"), 10);
    return Number.isNaN(pid) ? undefined : pid;
  } catch {
    return undefined;
  }
}

/** The running xapi of `xapiDir`, or undefined when none runs. */
export function readXapiRuntime(xapiDir: string): XapiRuntime | undefined {
  const files = xapiFiles(xapiDir);
  let runtime: XapiRuntime;
  try {
    runtime = JSON.parse(fs.readFileSync(files.runtime, "utf8")) as XapiRuntime;
  } catch {
    return undefined;
  }
  return mountNamespaceOf(runtime.pid) === runtime.mountNamespace ? runtime : undefined;
}

/** Kills the process `pid` started for xapi: its namespace once it has its own, else the process. */
async function killStarted(pid: number): Promise<void> {
  const namespace = mountNamespaceOf(pid);
  if (namespace !== undefined && namespace !== mountNamespaceOf("self")) {
    await killNamespace(namespace);
    return;
  }
  try {
    process.kill(pid, "SIGKILL");
  } catch {
    // Gone already.
  }
}

/** Starts the xapi serving `xapiDir`, in a mount namespace of its own; resolves once it serves. */
export async function startXapi(xapiDir: string): Promise<void> {
  const files = xapiFiles(xapiDir);
  fs.mkdirSync(files.dir, { recursive: true });
  fs.rmSync(files.pid, { force: true });
  fs.rmSync(files.runtime, { force: true });
  const log = fs.openSync(files.log, "a");
  const child = spawn("unshare", ["-m", "--propagation", "private", process.execPath, xapiEntryPoint(), files.dir], {
    detached: true,
    stdio: ["ignore", log, log],
  });
  fs.closeSync(log);
  child.unref();
  const exited = { code: undefined as number | null | undefined };
  child.once("exit", (code) => {
    exited.code = code;
  });
  const pid = child.pid;
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (pid !== undefined && Date.now() < deadline) {
    const mountNamespace = mountNamespaceOf(pid);
    if (servingPid(files.pid) === pid && mountNamespace !== undefined) {
      const runtime: XapiRuntime = { pid, mountNamespace };
      fs.writeFileSync(files.runtime, `${JSON.stringify(runtime)}\n`);
      return;
    }
    if (exited.code !== undefined) break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  if (pid !== undefined) await killStarted(pid);
  const text = fs.existsSync(files.log) ? fs.readFileSync(files.log, "utf8").trim().split("\n").slice(-5).join(" | ") : "";
  throw new Error(`Unable to start the simulated xapi in ${files.dir}: it did not serve within ${READY_TIMEOUT_MS} ms${text === "" ? "" : `: ${text}`}.`);
}

/**
 * Kills the xapi of `xapiDir` (and with it any reboot it was taking a host
 * through); resolves once it is gone. Idempotent.
 */
export async function stopXapi(xapiDir: string): Promise<void> {
  const files = xapiFiles(xapiDir);
  const runtime = readXapiRuntime(xapiDir);
  if (runtime !== undefined) await killNamespace(runtime.mountNamespace);
  fs.rmSync(files.runtime, { force: true });
}
