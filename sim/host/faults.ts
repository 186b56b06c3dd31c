/**
 * Fault injection for the simulated `xe`, driven by `DIR/faults.json`, and
 * the one piece of fault state `xe` keeps, `DIR/xe-fault-state.json` (xapi
 * made unreachable by a fault that fired). The SSH side writes the first and
 * removes the second whenever it sets or clears faults.
 */
import * as fs from "node:fs";
import { writeFileAtomic } from "./atomic-write";
import { hostFiles } from "./files";

/** What an `xe` fault does at its call. */
export type XeFaultAction = "fail" | "drop-connection" | "xapi-unreachable";

/**
 * One injected `xe` fault. `DIR/faults.json` (absent = no faults) may hold
 * `{"xe": XeFault}` or `{"xe": [XeFault, ...]}`, e.g.
 * `{"xe": {"failCall": 3, "stderr": "Connection refused\n", "exitCode": 1}}`
 * or `{"xe": [{"action": "drop-connection", "command": "host-evacuate", "commandCall": 2}]}`;
 * other top-level keys belong to the SSH side and are ignored here. A fault
 * fires at `xe` call number `failCall` of the host (counted from `initHost`,
 * the state's `xeCalls`), or at call number `commandCall` of the command
 * `command` (the state's `xeCommandCalls[command]`).
 */
export interface XeFault {
  /** Default `fail`: the call fails with `stderr`, `stdout` and `exitCode`. */
  action?: XeFaultAction;
  failCall?: number;
  /** An xe command name, e.g. `host-evacuate`; with `commandCall`. */
  command?: string;
  commandCall?: number;
  /** Written to stderr verbatim (default `"Lost connection to the server.\n"`). */
  stderr?: string;
  stdout?: string;
  /** Default 1. */
  exitCode?: number;
  /** `"before"` (default): the command does nothing; `"after"`: it takes effect, then the fault acts. */
  when?: "before" | "after";
  /** `xapi-unreachable` only: how long xapi stays unreachable from the call, in ms; absent: until the faults are cleared. */
  forMs?: number;
}

/** The state `xe` keeps between calls: since when, and until when, xapi is unreachable (`until` null: until cleared). */
interface XeFaultState {
  unreachable?: { since: number; until: number | null };
}

/** Which call of the host is being made: its number and its command's. */
export interface XeCall {
  /** The host's `xeCalls` counting this call. */
  number: number;
  command: string;
  /** The host's `xeCommandCalls[command]` counting this call. */
  commandNumber: number;
}

function isFault(value: unknown): value is XeFault {
  if (typeof value !== "object" || value === null) return false;
  const fault = value as XeFault;
  return typeof fault.failCall === "number" || (typeof fault.command === "string" && typeof fault.commandCall === "number");
}

function readFaults(dir: string): XeFault[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(hostFiles(dir).faults, "utf8"));
  } catch {
    return [];
  }
  const entry = typeof parsed === "object" && parsed !== null ? (parsed as { xe?: unknown }).xe : undefined;
  return (Array.isArray(entry) ? entry : [entry]).filter(isFault);
}

/** The fault planned for `call`, if any. Call numbers only grow, so each fault fires once. */
export function consumeXeFault(dir: string, call: XeCall): XeFault | undefined {
  return readFaults(dir).find((f) => (f.failCall !== undefined ? f.failCall === call.number : f.command === call.command && f.commandCall === call.commandNumber));
}

function readState(dir: string): XeFaultState {
  try {
    return JSON.parse(fs.readFileSync(hostFiles(dir).xeFaultState, "utf8")) as XeFaultState;
  } catch {
    return {};
  }
}

/** Whether a fired `xapi-unreachable` fault keeps xapi unreachable at `now` (epoch ms). */
export function xapiUnreachableByFault(dir: string, now: number): boolean {
  const { unreachable } = readState(dir);
  return unreachable !== undefined && now >= unreachable.since && (unreachable.until === null || now < unreachable.until);
}

/** Makes xapi unreachable from `now` for `forMs` (absent: until the faults are cleared). Called under the host's lock. */
export function makeXapiUnreachable(dir: string, now: number, forMs: number | undefined): void {
  const state: XeFaultState = { unreachable: { since: now, until: forMs === undefined ? null : now + forMs } };
  writeFileAtomic(hostFiles(dir).xeFaultState, `${JSON.stringify(state)}\n`);
}

/** Forgets what fired faults left (the SSH side calls it when faults are set or cleared). */
export function clearXeFaultState(dir: string): void {
  fs.rmSync(hostFiles(dir).xeFaultState, { force: true });
}
