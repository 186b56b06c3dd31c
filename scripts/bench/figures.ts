/**
 * The figures of one measured CLI command: wall time and the simulated hosts'
 * counters, summed over the hosts and at the busiest host. Pure.
 */
import type { SimCounters } from "../../sim";

/** One measured command. */
export interface CommandFigures {
  readonly wallMs: number;
  /** Counters summed over every host. */
  readonly total: SimCounters;
  /** Each counter's maximum over the hosts (not necessarily one host's counters). */
  readonly maxPerHost: SimCounters;
}

const KEYS = ["sshConnections", "execs", "xeCalls"] as const;

/** Sums and per-host maxima of the counters of each host (zeros for no host). */
export function combineHostCounters(perHost: readonly SimCounters[]): { total: SimCounters; maxPerHost: SimCounters } {
  const total: SimCounters = { sshConnections: 0, execs: 0, xeCalls: 0 };
  const maxPerHost: SimCounters = { sshConnections: 0, execs: 0, xeCalls: 0 };
  for (const counters of perHost) {
    for (const key of KEYS) {
      total[key] += counters[key];
      maxPerHost[key] = Math.max(maxPerHost[key], counters[key]);
    }
  }
  return { total, maxPerHost };
}

/** The figures of a command that took `wallMs` and left `perHost` counters. */
export function commandFigures(wallMs: number, perHost: readonly SimCounters[]): CommandFigures {
  return { wallMs: Math.round(wallMs), ...combineHostCounters(perHost) };
}

/** The largest `VmHWM` (peak resident set) in a /proc/PID/status text, in kB; undefined when absent. */
export function vmHwmKb(status: string): number | undefined {
  const match = /^VmHWM:\s+(\d+)\s+kB$/m.exec(status);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

/** The parent PID in a /proc/PID/stat text (the field after the state, which follows the last `)`). */
export function parentPidOfStat(stat: string): number | undefined {
  const fields = stat.slice(stat.lastIndexOf(")") + 1).trim().split(/\s+/);
  const ppid = Number(fields[1]);
  return Number.isInteger(ppid) && fields[1] !== undefined ? ppid : undefined;
}

/** kB to MB (1024 kB), rounded to 1 decimal. */
export function kbToMb(kb: number): number {
  return Math.round((kb / 1024) * 10) / 10;
}
