/**
 * The two kinds of benchmark run through the real CLI: the package's
 * resources (up, preview, refresh, destroy) and the per-command baseline (up
 * only), each on its own freshly started hosts and its own state directory.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { createBenchStack, measureCommand, removeStackConfig } from "./bench-stack";
import type { CommandFigures } from "./figures";
import { kbToMb } from "./figures";
import { baselineChanges } from "./per-command-lists";
import { withProviderPeakKb } from "./provider-memory";
import { startWorkloadHosts, stopHosts } from "./sim-hosts";
import type { Workload } from "./workload";

/** Figures of the provider run. */
export interface ProviderRunFigures {
  readonly up: CommandFigures;
  readonly previewNoChange: CommandFigures;
  readonly refresh: CommandFigures;
  readonly destroy: CommandFigures;
  readonly providerPeakRssMb: number | undefined;
}

/** Where a run works: the shared user project, and a directory of its own. */
export interface RunDirs {
  readonly projectDir: string;
  readonly workDir: string;
}

function log(message: string): void {
  process.stderr.write(`bench: ${message}\n`);
}

/**
 * `pulumi up` from empty at the default parallelism, `preview
 * --expect-no-changes`, `refresh`, `destroy`, with the provider process's peak
 * memory over the four. A preview that reports changes is measured anyway and
 * reported on stderr.
 */
export async function runProvider(dirs: RunDirs, workload: Workload): Promise<ProviderRunFigures> {
  const hosts = await startWorkloadHosts(path.join(dirs.workDir, "hosts"), workload);
  try {
    const stack = await createBenchStack(dirs.projectDir, path.join(dirs.workDir, "state"), "provider", hosts);
    try {
      await stack.setConfig("mode", "provider");
      await stack.setConfigObject("assignments", workload.assignments);
      await stack.setConfigObject("hidden", workload.hidden);
      let peakKb = 0;
      const measure = async (label: string, args: string[], allowFailure = false): Promise<CommandFigures> => {
        log(`${label}…`);
        const { result, peakKb: commandPeak } = await withProviderPeakKb(() => measureCommand(stack, hosts, args, allowFailure));
        peakKb = Math.max(peakKb, commandPeak);
        if (result.run.exitCode !== 0) log(`${label} exited ${String(result.run.exitCode)}:\n${result.run.stdout}\n${result.run.stderr}`);
        log(`${label}: ${String(result.figures.wallMs)} ms`);
        return result.figures;
      };
      const up = await measure("pulumi up", ["up", "--yes", "--skip-preview"]);
      const previewNoChange = await measure("pulumi preview", ["preview", "--expect-no-changes"], true);
      const refresh = await measure("pulumi refresh", ["refresh", "--yes", "--skip-preview"]);
      const destroy = await measure("pulumi destroy", ["destroy", "--yes", "--skip-preview"]);
      return { up, previewNoChange, refresh, destroy, providerPeakRssMb: peakKb === 0 ? undefined : kbToMb(peakKb) };
    } finally {
      removeStackConfig(stack);
    }
  } finally {
    await stopHosts(hosts);
  }
}

/**
 * `pulumi up --parallel <parallel>` of the baseline program: the same changes,
 * each command over its own SSH connection. The hosts and state are discarded after.
 */
export async function runBaseline(dirs: RunDirs, workload: Workload, parallel: number, perCommandModule: string): Promise<CommandFigures> {
  const hosts = await startWorkloadHosts(path.join(dirs.workDir, "hosts"), workload);
  try {
    const stack = await createBenchStack(dirs.projectDir, path.join(dirs.workDir, "state"), `baseline-p${String(parallel)}`, hosts);
    try {
      const changesFile = path.join(dirs.workDir, "changes.json");
      fs.writeFileSync(changesFile, JSON.stringify(baselineChanges(workload)));
      await stack.setConfig("mode", "baseline");
      await stack.setConfig("changesFile", changesFile);
      await stack.setConfig("perCommandModule", perCommandModule);
      log(`baseline pulumi up --parallel ${String(parallel)}…`);
      const { figures } = await measureCommand(stack, hosts, ["up", "--yes", "--skip-preview", "--parallel", String(parallel)]);
      log(`baseline pulumi up --parallel ${String(parallel)}: ${String(figures.wallMs)} ms`);
      return figures;
    } finally {
      removeStackConfig(stack);
    }
  } finally {
    await stopHosts(hosts);
  }
}
