/**
 * The reliability suite's table: each check records one row (what it tried,
 * how many cases, how many held), and the jest reporter prints the table at
 * the end of the run. Rows travel through a JSON-lines file named by
 * `XSPCI_RELIABILITY_LOG`, which the global setup creates per run.
 */
import * as fs from "node:fs";

/** One row of the table. */
export interface ReliabilityRow {
  /** The area, e.g. `boot config faults`. */
  area: string;
  /** What was tried, e.g. `extlinux: connection cut at each of 8 steps`. */
  tried: string;
  /** How many cases or operations were tried. */
  cases: number;
  /** How many of them held. */
  held: number;
}

/** Appends a row to this run's table (no-op outside a jest run with the global setup). */
export function recordRow(row: ReliabilityRow): void {
  const file = process.env.XSPCI_RELIABILITY_LOG;
  if (file === undefined || file === "") return;
  fs.appendFileSync(file, `${JSON.stringify(row)}\n`);
}
