/**
 * A host's place in a reboot through xapi, and what each start of xapi
 * writes on the host: `other-config:boot_time` and `agent_start_time`
 * (xen-api `dbsync_slave.ml` `refresh_localhost_info`; tag XS62 the same).
 */
import type { HostPower, HostState, PowerPhase, PowerTransition } from "./types";

/** Phases in which the host's xapi does not answer: dom0 is off, booting, or xapi has not opened its socket yet. */
const SILENT: ReadonlySet<PowerPhase> = new Set(["down", "booting", "xapi-starting"]);

/** Whether `xe` reaches xapi on a host in `phase`. */
export function xapiAnswers(phase: PowerPhase): boolean {
  return !SILENT.has(phase);
}

/**
 * Whether `xe` run on the host whose state is `self` reaches a xapi that
 * answers: its own, and the master's (`master`, absent for a host alone),
 * through which a member's xapi works (one database).
 * unconfirmed: what xe on a member prints while the master reboots; the
 * simulator prints the same refusal as on the rebooting host.
 */
export function xeReachesXapi(self: HostState, master: HostState | undefined): boolean {
  return xapiAnswers(self.power.phase) && (master === undefined || xapiAnswers(master.power.phase));
}

/** Whether a reboot through xapi is under way (any phase but `up`). */
export function isRebooting(power: HostPower): boolean {
  return power.phase !== "up";
}

/** The power fields of a host that has just booted at `bootedAt` (epoch ms) and runs, with no autostart pending. */
export function runningPower(bootedAt: number): HostPower {
  return { phase: "up", due: 0, bootedAt, task: "", autostartDue: 0 };
}

/** How many transitions `powerHistory` keeps: enough for a test's rolling reboot of a few members, bounded for long runs. */
export const POWER_HISTORY_LIMIT = 200;

/** Appends the transition to `phase` at `at` to `state`'s history, dropping the oldest beyond the limit. */
export function recordTransition(state: HostState, phase: PowerPhase, at: number): void {
  const entry: PowerTransition = { phase, at };
  state.powerHistory = [...state.powerHistory, entry].slice(-POWER_HISTORY_LIMIT);
}

/**
 * Moves `state`'s host to `phase` at `now` (epoch ms), its next step due at
 * `due`, and records the transition: every phase change goes through here so
 * that `powerHistory` misses none.
 */
export function enterPhase(state: HostState, phase: PowerPhase, due: number, now: number): void {
  state.power = { ...state.power, phase, due };
  recordTransition(state, phase, now);
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
 * `boot_time` as xapi writes it for a machine booted at `bootedAt` (epoch
 * ms): whole seconds on every version (xen-api `dbsync_slave.ml`
 * `get_start_time`). XenServer 6.2 and 8.2 compute `now - uptime` and pass it
 * through `Date.of_float`, an ISO 8601 string to the second (xapi-stdext-date
 * `test_of_float_invertible` holds for whole seconds only), so the fraction is
 * lost; v26 (XCP-ng 8.3) reads `btime` from /proc/stat.
 */
export function bootTimeValue(bootedAt: number): string {
  return ocamlStringOfFloat(Math.floor(bootedAt / 1000));
}

function moveToFront(map: Record<string, string>, key: string, value: string): Record<string, string> {
  const rest = Object.fromEntries(Object.entries(map).filter(([k]) => k !== key));
  return { [key]: value, ...rest };
}

/**
 * What a start of xapi at `now` (epoch ms) writes on `state`'s host: it
 * removes then adds `boot_time`, then `agent_start_time` (so both move to the
 * front of `other-config`, the agent start first), drops
 * `host_disabled_until_reboot` when the machine has just booted, and forgets
 * the host's current operations. The agent
 * start time is whole seconds (`Unix.time`) and made to grow at every start,
 * as Xen Orchestra waits for it to grow.
 */
export function recordAgentStart(state: HostState, now: number): void {
  const previous = Number.parseFloat(state.otherConfig.agent_start_time ?? "0");
  const agentStart = Math.max(Math.floor(now / 1000), Number.isNaN(previous) ? 0 : Math.floor(previous) + 1);
  let otherConfig = moveToFront(state.otherConfig, "boot_time", bootTimeValue(state.power.bootedAt));
  otherConfig = moveToFront(otherConfig, "agent_start_time", ocamlStringOfFloat(agentStart));
  state.otherConfig = otherConfig;
  state.disabledUntilReboot = false;
  // xapi's start resets the host's current operations, the reboot's task among them (xapi_host.ml shutdown_and_reboot_common).
  state.power = { ...state.power, task: "" };
}

/** The least time between two boots of one machine: no real reboot is quicker, and it keeps whole-second `boot_time`s apart. */
export const MIN_BOOT_INTERVAL_MS = 2000;

/**
 * The epoch ms of a boot happening at `now` on `state`'s host: at least
 * {@link MIN_BOOT_INTERVAL_MS} after the previous boot, so that every boot
 * shows a new `boot_time` however short the simulated down time.
 */
export function nextBootTime(state: HostState, now: number): number {
  return Math.max(now, state.power.bootedAt + MIN_BOOT_INTERVAL_MS);
}
