/**
 * `npm run bench [-- --workload W1|W2]`: the package's resources
 * through the real Pulumi CLI against simulated XenServer 6.2 hosts whose
 * `xe` answers in 100 ms, beside the same changes made the per-command way
 * (one SSH connection per command). Prints a table, the performance targets, and
 * as its last line one JSON object. Asserts nothing.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { createUserProject, packPackage, REPO_ROOT } from "../test/support/user-project";
import { parseBenchArgs } from "./bench/args";
import { evaluateTargets, markdownTable, summaryJson, TABLE_HEADER, tableRows, targetLines, type BenchResults } from "./bench/report";
import { runBaseline, runProvider } from "./bench/runs";
import { buildWorkload, resourceCount, WORKLOADS, type Workload } from "./bench/workload";

/** The CLI's default parallelism here (4 × GOMAXPROCS on 2 CPUs); passed explicitly to the parallel baseline. */
const DEFAULT_PARALLEL = 8;
const PROGRAM = path.join(REPO_ROOT, "scripts", "bench", "program.ts");
const PER_COMMAND_MODULE = path.join(REPO_ROOT, "dist", "scripts", "bench", "per-command-provider.js");

function headerLine(w: Workload): string {
  const s = w.spec;
  return (
    `${s.name}: ${String(s.hosts)} host(s) × (${String(s.vmsPerHost)} VMs with a PciAssignment of 1 or 2 devices + ` +
    `${String(s.hiddenPerHost)} HiddenPciDevice) = ${String(resourceCount(w))} resources; simulated XenServer 6.2, ` +
    `xe latency 100 ms; P=${String(DEFAULT_PARALLEL)}; ${String(os.cpus().length)} CPUs`
  );
}

async function main(): Promise<void> {
  const workload = buildWorkload(WORKLOADS[parseBenchArgs(process.argv.slice(2))]);
  if (!fs.existsSync(PER_COMMAND_MODULE)) {
    throw new Error(`Unable to run the baseline: ${PER_COMMAND_MODULE} is missing; run the benchmark with \`npm run bench\`, which builds it.`);
  }
  const started = Date.now();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "xspci-bench-"));
  try {
    const projectDir = path.join(work, "project");
    createUserProject(projectDir, packPackage(path.join(work, "pack")), PROGRAM);
    const provider = await runProvider({ projectDir, workDir: path.join(work, "provider") }, workload);
    const baselineSequential = await runBaseline({ projectDir, workDir: path.join(work, "baseline-p1") }, workload, 1, PER_COMMAND_MODULE);
    const baseline = await runBaseline({ projectDir, workDir: path.join(work, "baseline-p8") }, workload, DEFAULT_PARALLEL, PER_COMMAND_MODULE);
    const results: BenchResults = {
      workload: workload.spec.name,
      resources: resourceCount(workload),
      hosts: workload.spec.hosts,
      parallel: DEFAULT_PARALLEL,
      ...provider,
      baseline,
      baselineSequential,
    };
    const out = [
      headerLine(workload),
      "",
      markdownTable(TABLE_HEADER, tableRows(results)),
      "",
      "Targets:",
      ...targetLines(evaluateTargets(results)),
      "",
      `Benchmark took ${((Date.now() - started) / 1000).toFixed(0)} s.`,
      summaryJson(results),
    ];
    process.stdout.write(`${out.join("\n")}\n`);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
