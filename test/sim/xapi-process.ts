/**
 * Starts the simulated xapi process of a host or pool inside the mount
 * namespace of a running sshd (the master's, for a pool), with `nsenter`, so
 * that stopping that host kills it with everything else of the namespace.
 * Until it serves, thin `xe` clients run the simulated xe themselves.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import { xapiEntryPoint, xapiFiles } from "./host";

const READY_TIMEOUT_MS = 20000;

function servingPid(pidFile: string): number | undefined {
  try {
    const pid = Number.parseInt(fs.readFileSync(pidFile, "utf8"), 10);
    return Number.isNaN(pid) ? undefined : pid;
  } catch {
    return undefined;
  }
}

/** Starts the xapi serving `xapiDir` in the mount namespace of process `sshdPid`; resolves once it serves. */
export async function startXapi(xapiDir: string, sshdPid: number): Promise<void> {
  const files = xapiFiles(xapiDir);
  fs.mkdirSync(files.dir, { recursive: true });
  fs.rmSync(files.pid, { force: true });
  const log = fs.openSync(files.log, "a");
  const child = spawn("nsenter", ["-t", String(sshdPid), "-m", "--", process.execPath, xapiEntryPoint(), files.dir], {
    detached: true,
    stdio: ["ignore", log, log],
  });
  fs.closeSync(log);
  child.unref();
  const exited = { code: undefined as number | null | undefined };
  child.once("exit", (code) => {
    exited.code = code;
  });
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (servingPid(files.pid) === child.pid) return;
    if (exited.code !== undefined) break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const text = fs.existsSync(files.log) ? fs.readFileSync(files.log, "utf8").trim().split("\n").slice(-5).join(" | ") : "";
  throw new Error(`Unable to start the simulated xapi in ${files.dir}: it did not serve within ${READY_TIMEOUT_MS} ms${text === "" ? "" : `: ${text}`}.`);
}
