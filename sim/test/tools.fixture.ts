/** Shared setup of the simulated host tool tests: temp host directories and short tool calls. */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { initHost, runTool, type Inventory, type Profile, type ToolResult } from "../host";

const created: string[] = [];

/** A fresh simulated host in a temp directory; removed by `removeTempHosts`. */
export function tempHost(profile: Profile, inventory?: Inventory): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `simhost-${profile}-`));
  created.push(dir);
  initHost(dir, inventory === undefined ? { profile } : { profile, inventory });
  return dir;
}

/** Removes every host `tempHost` created. */
export function removeTempHosts(): void {
  for (const dir of created.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

/** Runs simulated `xe` in-process. */
export function xe(dir: string, ...argv: string[]): ToolResult {
  return runTool(dir, "xe", argv);
}

/** The seed's VMs. */
export const NAS = "db4c64e1-44ce-f9f3-3236-0d86df260249";
export const GAMING = "7a1c3f52-9b0e-4d21-8c6e-2f0a9d4b6e13";
export const TV = "3e5b9d70-1f2c-4a8e-b6d4-90c1e7f2a845";

/** A successful result with `stdout`. */
export function ok(stdout = ""): ToolResult {
  return { stdout, stderr: "", exitCode: 0 };
}

/** A failed result with `stderr`. */
export function err(stderr: string): ToolResult {
  return { stdout: "", stderr, exitCode: 1 };
}

/** Reads a file under the host's simulated root. */
export function rootFile(dir: string, relative: string): string {
  return fs.readFileSync(path.join(dir, "root", relative), "utf8");
}
