/**
 * Counters of a simulated host: SSH connections (sshd's `Connection from` log
 * lines), exec requests (lines of the session wrapper's exec log) and `xe`
 * calls (kept by the host module). Nothing is ever truncated while sshd runs;
 * a reset records the current totals as a baseline that reads subtract.
 */
import * as fs from "node:fs";
import type { SimPaths } from "./paths";

/** What the simulated host has served since the last reset. */
export interface SimCounters {
  sshConnections: number;
  execs: number;
  xeCalls: number;
}

function countLines(file: string, pattern?: RegExp): number {
  if (!fs.existsSync(file)) return 0;
  const lines = fs.readFileSync(file, "utf8").split("\n");
  return lines.filter((line) => line !== "" && (pattern === undefined || pattern.test(line))).length;
}

/** Total SSH connections accepted by sshd since it started. */
export function totalConnections(paths: SimPaths): number {
  return countLines(paths.sshdLog, /^Connection from /);
}

/** Total exec requests served by the session wrapper; also the last exec's number. */
export function totalExecs(paths: SimPaths): number {
  return countLines(paths.execLog);
}

function readBaseline(paths: SimPaths): SimCounters {
  if (!fs.existsSync(paths.counterBaseline)) return { sshConnections: 0, execs: 0, xeCalls: 0 };
  return JSON.parse(fs.readFileSync(paths.counterBaseline, "utf8")) as SimCounters;
}

function writeBaseline(paths: SimPaths, baseline: SimCounters): void {
  fs.mkdirSync(paths.countersDir, { recursive: true });
  fs.writeFileSync(paths.counterBaseline, `${JSON.stringify(baseline)}\n`);
}

/** Counters since the last reset, given the host module's total of `xe` calls. */
export function readCounters(paths: SimPaths, totalXeCalls: number): SimCounters {
  const baseline = readBaseline(paths);
  return {
    sshConnections: totalConnections(paths) - baseline.sshConnections,
    execs: totalExecs(paths) - baseline.execs,
    xeCalls: totalXeCalls - baseline.xeCalls,
  };
}

/** Starts every counter again from zero. */
export function resetCounters(paths: SimPaths, totalXeCalls: number): void {
  writeBaseline(paths, { sshConnections: totalConnections(paths), execs: totalExecs(paths), xeCalls: totalXeCalls });
}

/** Leaves `xeCalls` calls out of the count (those made directly by the test, not over SSH). */
export function discountXeCalls(paths: SimPaths, xeCalls: number): void {
  const baseline = readBaseline(paths);
  writeBaseline(paths, { ...baseline, xeCalls: baseline.xeCalls + xeCalls });
}
