/**
 * A stack of the benchmark's program (scripts/bench/program.ts) against a set
 * of simulated hosts, and the measurement of one CLI command on it.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { SimHost } from "../../sim";
import { PulumiStack, type PulumiRun } from "../../test/support/pulumi-cli";
import { commandFigures, type CommandFigures } from "./figures";
import { readCounters, resetCounters } from "./sim-hosts";

/** Creates stack `name` of the project in `projectDir`, its backend in `stateDir`, with the hosts' connection config. */
export async function createBenchStack(projectDir: string, stateDir: string, name: string, hosts: readonly SimHost[]): Promise<PulumiStack> {
  const stack = new PulumiStack(projectDir, stateDir, name);
  await stack.init();
  await stack.setConfigObject(
    "hosts",
    hosts.map((h) => ({ host: h.info.host, port: h.info.port, hostKey: h.info.hostKeyFingerprint })),
  );
  const keys = hosts.map((h) => fs.readFileSync(h.info.privateKeyPath, "utf8"));
  await stack.setConfig("sshKeys", JSON.stringify(keys), true);
  return stack;
}

/** Removes the stack's config file from the shared project directory (the state directory is the caller's). */
export function removeStackConfig(stack: PulumiStack): void {
  fs.rmSync(path.join(stack.projectDir, `Pulumi.${stack.stackName}.yaml`), { force: true });
}

/** A command's figures and the CLI's result. */
export interface Measured {
  readonly figures: CommandFigures;
  readonly run: PulumiRun;
}

/**
 * Runs `pulumi <args>` with every host's counters reset before, and reads
 * them after. Throws with the CLI's output when the command fails, unless
 * `allowFailure` (then the caller reads `run.exitCode`).
 */
export async function measureCommand(stack: PulumiStack, hosts: readonly SimHost[], args: string[], allowFailure = false): Promise<Measured> {
  resetCounters(hosts);
  const start = process.hrtime.bigint();
  const run = await stack.run(args);
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  if (run.exitCode !== 0 && !allowFailure) {
    throw new Error(`Unable to benchmark pulumi ${args.join(" ")}: it exited ${String(run.exitCode)}\n${run.stdout}\n${run.stderr}`);
  }
  return { figures: commandFigures(wallMs, readCounters(hosts)), run };
}
