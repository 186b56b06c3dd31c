/** `DIR/host.json`: settings of the simulated host that the SSH side may change after init. */
import * as fs from "node:fs";
import { writeFileAtomic } from "./atomic-write";
import { hostFiles } from "./files";
import { isProfile } from "./profiles";
import type { Profile } from "./types";

/** The content of `DIR/host.json`. */
export interface HostConfig {
  profile: Profile;
  /** Every `xe` call takes at least this long. */
  xeLatencyMs: number;
}

/** Reads `DIR/host.json`. */
export function readHostConfig(dir: string): HostConfig {
  const raw = JSON.parse(fs.readFileSync(hostFiles(dir).hostConfig, "utf8")) as Partial<HostConfig>;
  const profile = typeof raw.profile === "string" && isProfile(raw.profile) ? raw.profile : "xs62";
  const latency = typeof raw.xeLatencyMs === "number" && raw.xeLatencyMs > 0 ? raw.xeLatencyMs : 0;
  return { profile, xeLatencyMs: latency };
}

/** Writes `DIR/host.json`. */
export function writeHostConfig(dir: string, config: HostConfig): void {
  writeFileAtomic(hostFiles(dir).hostConfig, `${JSON.stringify(config)}\n`);
}

/** Sets the minimum duration of every `xe` call (`--xe-latency-ms`). */
export function setXeLatency(dir: string, ms: number): void {
  writeHostConfig(dir, { ...readHostConfig(dir), xeLatencyMs: ms });
}
