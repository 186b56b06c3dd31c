/** Fault injection for the simulated `xe`, driven by `DIR/faults.json`. */
import * as fs from "node:fs";
import { hostFiles } from "./files";
import { readHostState } from "./state-store";

/**
 * One injected `xe` failure. `DIR/faults.json` (absent = no faults) may hold
 * `{"xe": XeFault}` or `{"xe": [XeFault, ...]}`, e.g.
 * `{"xe": {"failCall": 3, "stderr": "Connection refused\n", "exitCode": 1}}`;
 * other top-level keys belong to the SSH side and are ignored here.
 */
export interface XeFault {
  /** The 1-based number of the `xe` call that fails, counted from `initHost` (the state's `xeCalls`). */
  failCall: number;
  /** Written to stderr verbatim (default `"Lost connection to the server.\n"`). */
  stderr?: string;
  stdout?: string;
  /** Default 1. */
  exitCode?: number;
  /** `"before"` (default): the command does nothing; `"after"`: it takes effect, then reports the failure. */
  when?: "before" | "after";
}

function isFault(value: unknown): value is XeFault {
  return typeof value === "object" && value !== null && typeof (value as { failCall?: unknown }).failCall === "number";
}

/**
 * The fault planned for `xe` call number `callNumber` (default: the call the
 * state last counted), if any. Call numbers only grow, so each fault fires once.
 */
export function consumeXeFault(dir: string, callNumber?: number): XeFault | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(hostFiles(dir).faults, "utf8"));
  } catch {
    return undefined;
  }
  const entry = typeof parsed === "object" && parsed !== null ? (parsed as { xe?: unknown }).xe : undefined;
  const faults = (Array.isArray(entry) ? entry : [entry]).filter(isFault);
  const call = callNumber ?? readHostState(dir).xeCalls;
  return faults.find((f) => f.failCall === call);
}
