/**
 * Figures of the benchmark (scripts/bench.ts): samples of one operation and
 * their summary as a table row. Pure.
 */
import type { SimCounters } from "../test/sim";

/** One run of an operation: wall time and what the host served for it. */
export interface Sample {
  ms: number;
  counters: SimCounters;
}

/** The `q` quantile (0..1) by nearest rank: with 10 samples, p95 is the slowest. */
export function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil(q * sorted.length));
  return sorted[rank - 1] ?? Number.NaN;
}

/** A counter over the samples: `n` when constant, else `min-max`. */
function counterRange(samples: readonly Sample[], key: keyof SimCounters): string {
  const values = samples.map((s) => s.counters[key]);
  const min = Math.min(...values);
  const max = Math.max(...values);
  return min === max ? String(min) : `${String(min)}-${String(max)}`;
}

/** Column titles of {@link summaryRow}. */
export const SUMMARY_HEADER = ["xe latency", "operation", "n", "median ms", "p95 ms", "ssh conns", "execs", "xe calls"];

/** One table row: latency, operation, sample count, median and p95 wall time, counters per operation. */
export function summaryRow(latencyMs: number, operation: string, samples: readonly Sample[]): string[] {
  const ms = samples.map((s) => s.ms);
  return [
    `${String(latencyMs)} ms`,
    operation,
    String(samples.length),
    quantile(ms, 0.5).toFixed(0),
    quantile(ms, 0.95).toFixed(0),
    counterRange(samples, "sshConnections"),
    counterRange(samples, "execs"),
    counterRange(samples, "xeCalls"),
  ];
}

/** Rows as a Markdown table, columns padded. */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]): string => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(" | ")} |`;
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}
