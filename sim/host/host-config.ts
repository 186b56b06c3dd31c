/** `DIR/host.json`: settings of the simulated host that the SSH side may change after init. */
import * as fs from "node:fs";
import { writeFileAtomic } from "./atomic-write";
import { hostFiles } from "./files";
import { isProfile } from "./profiles";
import type { Profile } from "./types";

/**
 * How long each step of a reboot through xapi (`xe host-reboot`) takes, in
 * milliseconds. The real host's figures are far longer; the simulator keeps
 * them short so that tests stay fast.
 */
export interface RebootTimings {
  /** From `host-reboot` returning to the start of the shutdown (xapi: 10 s). */
  rebootDelayMs: number;
  /** How long the shutdown waits for a clean shutdown before a hard one (xapi: 60 s). */
  shutdownTimeoutMs: number;
  /** How long dom0 is off: no sshd. */
  rebootDownMs: number;
  /** From sshd answering again to xapi answering (`xe`: `Connection refused`). */
  xapiStartMs: number;
  /** From xapi answering to its start being complete (`host-enable`: HOST_STILL_BOOTING) and the host enabled. */
  xapiInitMs: number;
  /**
   * From the host enabling itself to the boot's autostart step
   * (`xapi-autostart-vms`, run by `xapi-domains.service` once xapi's start is
   * complete): the pool's `auto_poweron` VMs start this much later.
   */
  autostartDelayMs: number;
}

/** The timings of a host that was given none. */
export const DEFAULT_REBOOT_TIMINGS: Readonly<RebootTimings> = {
  rebootDelayMs: 1000,
  shutdownTimeoutMs: 1000,
  rebootDownMs: 3000,
  xapiStartMs: 500,
  xapiInitMs: 500,
  autostartDelayMs: 2000,
};

/** The content of `DIR/host.json`. */
export interface HostConfig {
  profile: Profile;
  /** Every `xe` call takes at least this long. */
  xeLatencyMs: number;
  reboot: RebootTimings;
}

function milliseconds(value: unknown, fallback: number): number {
  return typeof value === "number" && Number.isFinite(value) && value >= 0 ? value : fallback;
}

/** `partial` over the defaults; a negative or non-numeric value takes the default. */
export function rebootTimings(partial: Partial<RebootTimings> = {}): RebootTimings {
  const d = DEFAULT_REBOOT_TIMINGS;
  return {
    rebootDelayMs: milliseconds(partial.rebootDelayMs, d.rebootDelayMs),
    shutdownTimeoutMs: milliseconds(partial.shutdownTimeoutMs, d.shutdownTimeoutMs),
    rebootDownMs: milliseconds(partial.rebootDownMs, d.rebootDownMs),
    xapiStartMs: milliseconds(partial.xapiStartMs, d.xapiStartMs),
    xapiInitMs: milliseconds(partial.xapiInitMs, d.xapiInitMs),
    autostartDelayMs: milliseconds(partial.autostartDelayMs, d.autostartDelayMs),
  };
}

/** Reads `DIR/host.json`. */
export function readHostConfig(dir: string): HostConfig {
  const raw = JSON.parse(fs.readFileSync(hostFiles(dir).hostConfig, "utf8")) as Partial<HostConfig>;
  const profile = typeof raw.profile === "string" && isProfile(raw.profile) ? raw.profile : "xs62";
  const latency = typeof raw.xeLatencyMs === "number" && raw.xeLatencyMs > 0 ? raw.xeLatencyMs : 0;
  return { profile, xeLatencyMs: latency, reboot: rebootTimings(raw.reboot) };
}

/** The thin xe client's first look for an answer: no answer comes before the latency has passed. */
const XE_FIRST_LOOK_MS = 2;

/** Writes `DIR/host.json`, and the thin xe client's first wait (`xeFirstWait`, from the latency). */
export function writeHostConfig(dir: string, config: HostConfig): void {
  const files = hostFiles(dir);
  writeFileAtomic(files.hostConfig, `${JSON.stringify(config)}\n`);
  writeFileAtomic(files.xeFirstWait, `${(Math.max(config.xeLatencyMs, XE_FIRST_LOOK_MS) / 1000).toFixed(3)}\n`);
}

/** Sets the minimum duration of every `xe` call (`--xe-latency-ms`). */
export function setXeLatency(dir: string, ms: number): void {
  writeHostConfig(dir, { ...readHostConfig(dir), xeLatencyMs: ms });
}

/** Changes some of the reboot timings of the host in `dir`; xapi reads them at each step. */
export function setRebootTimings(dir: string, timings: Partial<RebootTimings>): void {
  const config = readHostConfig(dir);
  writeHostConfig(dir, { ...config, reboot: rebootTimings({ ...config.reboot, ...timings }) });
}
