/** Shared setup of the simulated pool tool tests: temp pools and `xe` on a chosen member, in-process. */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { initPool, runTool, type PoolInventory, type Profile, type ToolResult } from "../host";

/** A pool made by {@link tempPool}: its directory and each member's host directory. */
export interface TempPool {
  dir: string;
  /** Member host directories, the master first. */
  members: string[];
}

const created: string[] = [];

/** A fresh simulated pool of `size` members in a temp directory; removed by {@link removeTempPools}. */
export function tempPool(profile: Profile, size: number, inventory?: PoolInventory): TempPool {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `simpool-${profile}-`));
  created.push(dir);
  const members = initPool(dir, inventory === undefined ? { profile, size } : { profile, size, inventory });
  return { dir, members };
}

/** Removes every pool {@link tempPool} created. */
export function removeTempPools(): void {
  for (const dir of created.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

/** The host directory of member `index`. */
export function memberDir(pool: TempPool, index: number): string {
  const dir = pool.members[index];
  if (dir === undefined) throw new Error(`The test pool has no member ${index}.`);
  return dir;
}

/** Runs simulated `xe` on member `index`, in-process. */
export function xeOn(pool: TempPool, index: number, ...argv: string[]): ToolResult {
  return runTool(memberDir(pool, index), "xe", argv);
}

/** Runs simulated `tool` on member `index`, in-process. */
export function toolOn(pool: TempPool, index: number, tool: string, ...argv: string[]): ToolResult {
  return runTool(memberDir(pool, index), tool, argv);
}

/** Host uuids of pool members 0, 1 and 2 (fixed, see `poolHostUuid`). */
export const HOSTS = ["51587394-6ef7-f9e4-3cc2-35f38e8453ab", "a19b289d-8f00-eb90-1a46-a3e2e517cd10", "e71ebbd3-5b3e-0783-0a5a-c8d7e66bbd4f"] as const;
/** Their control domains' VM uuids. */
export const DOM0S = ["45b41de8-cb7b-b116-9262-8d7204257265", "7a1eb38c-0742-e4e9-afd1-35eed6263c94", "a41a0f54-aaa3-7c3b-e755-2dfa56a36f03"] as const;

/** A member's host uuid by index. */
export function hostUuid(index: number): string {
  const uuid = HOSTS[index];
  if (uuid === undefined) throw new Error(`No fixed host uuid for member ${index}.`);
  return uuid;
}
