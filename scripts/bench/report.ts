/**
 * The benchmark's output: the Markdown table, the performance targets with the
 * measured figures, and the final JSON line. Pure.
 */
import type { CommandFigures } from "./figures";

/** Everything one benchmark run measured. */
export interface BenchResults {
  readonly workload: string;
  readonly resources: number;
  readonly hosts: number;
  /** The engine's parallelism of the provider run and of the parallel baseline. */
  readonly parallel: number;
  readonly up: CommandFigures;
  readonly previewNoChange: CommandFigures;
  readonly refresh: CommandFigures;
  readonly destroy: CommandFigures;
  /** The per-command baseline at `parallel`. */
  readonly baseline: CommandFigures;
  /** The per-command baseline at parallelism 1. */
  readonly baselineSequential: CommandFigures;
  /** Peak resident set of the provider process over the provider commands, in MB; undefined when never seen. */
  readonly providerPeakRssMb: number | undefined;
}

/** One performance target, evaluated. */
export interface TargetResult {
  readonly target: string;
  readonly measured: string;
  readonly met: boolean;
}

/** Column titles of {@link tableRows}. */
export const TABLE_HEADER = ["command", "wall ms", "SSH connections (total / max per host)", "execs", "xe calls (total / max per host)"];

function row(command: string, f: CommandFigures): string[] {
  return [
    command,
    String(f.wallMs),
    `${String(f.total.sshConnections)} / ${String(f.maxPerHost.sshConnections)}`,
    String(f.total.execs),
    `${String(f.total.xeCalls)} / ${String(f.maxPerHost.xeCalls)}`,
  ];
}

/** One row per measured command, then the two baseline rows. */
export function tableRows(r: BenchResults): string[][] {
  const p = String(r.parallel);
  return [
    row(`pulumi up (P=${p})`, r.up),
    row("pulumi preview, no change", r.previewNoChange),
    row("pulumi refresh", r.refresh),
    row("pulumi destroy", r.destroy),
    row("baseline up, per-command (P=1)", r.baselineSequential),
    row(`baseline up, per-command (P=${p})`, r.baseline),
  ];
}

/** Rows as a Markdown table, columns padded. */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]): string => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(" | ")} |`;
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

/** `up.wallMs / baseline.wallMs`, rounded to 2 decimals. */
export function upVsBaseline(r: BenchResults): number {
  return Math.round((r.up.wallMs / r.baseline.wallMs) * 100) / 100;
}

/** The performance targets with the measured figure of each. */
export function evaluateTargets(r: BenchResults): TargetResult[] {
  const ratio = upVsBaseline(r);
  const peak = r.providerPeakRssMb;
  // A listing is 2 xe calls (every guest, the pool's hosts); reads of one wave of the engine share one.
  const perHost = Math.ceil(r.resources / r.hosts);
  const maxListings = Math.ceil(perHost / r.parallel) + 1;
  const listings = r.refresh.maxPerHost.xeCalls / 2;
  return [
    { target: "preview with no change: 0 SSH connections", measured: String(r.previewNoChange.total.sshConnections), met: r.previewNoChange.total.sshConnections === 0 },
    { target: "up: at most 1 SSH connection per host", measured: `${String(r.up.maxPerHost.sshConnections)} at the busiest host`, met: r.up.maxPerHost.sshConnections <= 1 },
    { target: "destroy: at most 1 SSH connection per host", measured: `${String(r.destroy.maxPerHost.sshConnections)} at the busiest host`, met: r.destroy.maxPerHost.sshConnections <= 1 },
    {
      target: `refresh: at most ⌈N/P⌉ + 1 = ${String(maxListings)} listings per host (N = ${String(perHost)} resources per host, 2 xe calls a listing)`,
      measured: `${String(listings)} at the busiest host`,
      met: listings <= maxListings,
    },
    { target: `up wall time at most 0.5 × the baseline's at P=${String(r.parallel)}`, measured: `${ratio.toFixed(2)} × (${String(r.up.wallMs)} ms vs ${String(r.baseline.wallMs)} ms)`, met: ratio <= 0.5 },
    { target: "provider peak memory under 200 MB (set for W2)", measured: peak === undefined ? "not measured" : `${peak.toFixed(1)} MB`, met: peak !== undefined && peak < 200 },
  ];
}

/** The targets as Markdown list lines, `- <target>: <measured> — met|missed`. */
export function targetLines(targets: readonly TargetResult[]): string[] {
  return targets.map((t) => `- ${t.target}: ${t.measured} — ${t.met ? "met" : "missed"}`);
}

function counters(f: CommandFigures): { wallMs: number; sshConnections: number; execs: number; xeCalls: number } {
  return { wallMs: f.wallMs, sshConnections: f.total.sshConnections, execs: f.total.execs, xeCalls: f.total.xeCalls };
}

function baselineCounters(f: CommandFigures): { wallMs: number; sshConnections: number; xeCalls: number } {
  return { wallMs: f.wallMs, sshConnections: f.total.sshConnections, xeCalls: f.total.xeCalls };
}

/** The final stdout line: one JSON object (totals over the hosts). */
export function summaryJson(r: BenchResults): string {
  return JSON.stringify({
    workload: r.workload,
    resources: r.resources,
    hosts: r.hosts,
    parallel: r.parallel,
    up: counters(r.up),
    previewNoChange: counters(r.previewNoChange),
    refresh: counters(r.refresh),
    destroy: counters(r.destroy),
    baseline: baselineCounters(r.baseline),
    baselineSequential: baselineCounters(r.baselineSequential),
    upVsBaseline: upVsBaseline(r),
    providerPeakRssMb: r.providerPeakRssMb ?? null,
  });
}
