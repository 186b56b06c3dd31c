/** Command-line arguments of `npm run bench`. Pure. */
import type { WorkloadName } from "./workload";

/**
 * The workload named by `--workload W1|W2` (or `--workload=W2`); W1 when absent.
 *
 * @throws Error naming the accepted values for an unknown workload or argument
 */
export function parseBenchArgs(argv: readonly string[]): WorkloadName {
  let workload: string = "W1";
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? "";
    if (arg === "--workload") {
      workload = argv[i + 1] ?? "";
      i += 1;
    } else if (arg.startsWith("--workload=")) {
      workload = arg.slice("--workload=".length);
    } else {
      throw new Error(`Unable to run the benchmark: unknown argument ${JSON.stringify(arg)}; use --workload W1 or --workload W2.`);
    }
  }
  if (workload !== "W1" && workload !== "W2") {
    throw new Error(`Unable to run the benchmark: unknown workload ${JSON.stringify(workload)}; use --workload W1 or --workload W2.`);
  }
  return workload;
}
