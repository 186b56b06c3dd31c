/**
 * A host's place in a reboot through xapi, and what each start of xapi
 * writes on the host: `other-config:boot_time` and `agent_start_time`
 * (xen-api `dbsync_slave.ml` `refresh_localhost_info`; tag XS62 the same).
 */
import type { HostPower, HostState, PowerPhase, Profile } from "./types";

/** Phases in which the host's xapi does not answer: dom0 is off, booting, or xapi has not opened its socket yet. */
const SILENT: ReadonlySet<PowerPhase> = new Set(["down", "booting", "xapi-starting"]);

/** Whether `xe` reaches xapi on a host in `phase`. */
export function xapiAnswers(phase: PowerPhase): boolean {
  return !SILENT.has(phase);
}

/** Whether a reboot through xapi is under way (any phase but `up`). */
export function isRebooting(power: HostPower): boolean {
  return power.phase !== "up";
}

/** The power fields of a host that has just booted at `bootedAt` (epoch ms) and runs. */
export function runningPower(bootedAt: number): HostPower {
  return { phase: "up", due: 0, bootedAt };
}

/**
 * OCaml's `string_of_float`: `%.12g`, with a `.` appended when that prints an
 * integer (`1764500000.`), which is how xapi stores both times.
 */
export function ocamlStringOfFloat(value: number): string {
  let text = value.toPrecision(12);
  if (text.includes(".") && !text.includes("e")) text = text.replace(/0+$/, "").replace(/\.$/, "");
  return /^-?\d+$/.test(text) ? `${text}.` : text;
}

/**
 * `boot_time` as xapi of `profile` writes it for a machine booted at
 * `bootedAt` (epoch ms): XenServer 6.2 computes `now - uptime` (a fraction of
 * a second survives), later versions read `btime` from /proc/stat (whole seconds).
 */
export function bootTimeValue(profile: Profile, bootedAt: number): string {
  return ocamlStringOfFloat(profile === "xs62" ? Math.round(bootedAt / 10) / 100 : Math.floor(bootedAt / 1000));
}

function moveToFront(map: Record<string, string>, key: string, value: string): Record<string, string> {
  const rest = Object.fromEntries(Object.entries(map).filter(([k]) => k !== key));
  return { [key]: value, ...rest };
}

/**
 * What a start of xapi at `now` (epoch ms) writes on `state`'s host: it
 * removes then adds `boot_time`, then `agent_start_time` (so both move to the
 * front of `other-config`, the agent start first), and drops
 * `host_disabled_until_reboot` when the machine has just booted. The agent
 * start time is whole seconds (`Unix.time`) and made to grow at every start,
 * as Xen Orchestra waits for it to grow.
 */
export function recordAgentStart(state: HostState, now: number): void {
  const previous = Number.parseFloat(state.otherConfig.agent_start_time ?? "0");
  const agentStart = Math.max(Math.floor(now / 1000), Number.isNaN(previous) ? 0 : Math.floor(previous) + 1);
  let otherConfig = moveToFront(state.otherConfig, "boot_time", bootTimeValue(state.profile, state.power.bootedAt));
  otherConfig = moveToFront(otherConfig, "agent_start_time", ocamlStringOfFloat(agentStart));
  state.otherConfig = otherConfig;
  state.disabledUntilReboot = false;
}

/**
 * The epoch ms of a boot happening at `now` on `state`'s host: at least a
 * second after the previous boot, so that every boot shows a new `boot_time`
 * however short the simulated down time.
 */
export function nextBootTime(state: HostState, now: number): number {
  return Math.max(now, state.power.bootedAt + 1000);
}
