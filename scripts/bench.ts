/**
 * `npm run bench`: how long the providers take against a simulated host, and
 * how much SSH and xe traffic each operation costs. Prints figures, asserts
 * nothing. For xe latencies of 0 and 100 ms: N runs of PciAssignment
 * create/read/update/delete and HiddenPciDevice create/read/delete called
 * directly (the connection pool warm, as inside one `pulumi up`; one read with
 * a cold pool shows the cost of connecting), then one `pulumi up` and
 * `pulumi destroy` of 8 + 8 resources through the real CLI.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { providers } from "../provider";
import { closeAll } from "../provider/remote/ssh";
import { startSimHost, type SimHost } from "../test/sim";
import { generatedInventory, generatedPciAddress, generatedVmUuid } from "../test/support/generated-inventory";
import { simConnection } from "../test/support/sim-cases";
import { createSimStack } from "../test/support/sim-stack";
import { REPO_ROOT } from "../test/support/user-project";
import { SUMMARY_HEADER, markdownTable, summaryRow, type Sample } from "./bench-stats";

const RUNS = 10;
const LATENCIES_MS = [0, 100];
const STACK_RESOURCES = 8;
const TV = "3e5b9d70-1f2c-4a8e-b6d4-90c1e7f2a845";
type Props = Record<string, unknown>;
const assignment = providers.pciAssignment as Required<typeof providers.pciAssignment>;
const hidden = providers.hiddenPciDevice as Required<typeof providers.hiddenPciDevice>;

/** Runs `op` once, measuring its wall time and the host's counters. */
async function sample<T>(sim: SimHost, into: Sample[], op: () => Promise<T>): Promise<T> {
  sim.resetCounters();
  const start = process.hrtime.bigint();
  const result = await op();
  into.push({ ms: Number(process.hrtime.bigint() - start) / 1e6, counters: sim.state().counters });
  return result;
}

/** The provider operations at one xe latency; one table row per operation. */
async function providerRows(work: string, latencyMs: number): Promise<string[][]> {
  const sim = await startSimHost({ dir: path.join(work, `host-${String(latencyMs)}`), profile: "xs62", xeLatencyMs: latencyMs });
  const s = Object.fromEntries(["create", "read", "read (cold pool)", "update", "delete", "hide create", "hide read", "hide delete"].map((k) => [k, [] as Sample[]]));
  const at = (key: string): Sample[] => s[key] ?? [];
  try {
    const connection = simConnection(sim);
    const news = { connection, vmUuid: TV, devices: ["06:00.0"] };
    const hideNews = { connection, address: "01:00.0", method: "auto" };
    await assignment.read(`127.0.0.1/${TV}`, news); // warms the pool
    for (let i = 0; i < RUNS; i += 1) {
      const created = await sample(sim, at("create"), () => assignment.create(news));
      const outs = created.outs as Props;
      await sample(sim, at("read"), () => assignment.read(created.id, outs));
      await closeAll();
      await sample(sim, at("read (cold pool)"), () => assignment.read(created.id, outs));
      const updated = await sample(sim, at("update"), () => assignment.update(created.id, outs, { ...news, devices: ["07:00.0", "06:00.0"] }));
      await sample(sim, at("delete"), () => assignment.delete(created.id, updated.outs as Props));
      const hide = await sample(sim, at("hide create"), () => hidden.create(hideNews));
      await sample(sim, at("hide read"), () => hidden.read(hide.id, hide.outs as Props));
      await sample(sim, at("hide delete"), () => hidden.delete(hide.id, hide.outs as Props));
    }
  } finally {
    await closeAll();
    await sim.stop();
  }
  const names: Record<string, string> = { "hide create": "HiddenPciDevice create", "hide read": "HiddenPciDevice read", "hide delete": "HiddenPciDevice delete" };
  return Object.entries(s).map(([key, samples]) => summaryRow(latencyMs, names[key] ?? `PciAssignment ${key}`, samples));
}

/** Seconds `run` takes. */
async function seconds(run: () => Promise<unknown>): Promise<string> {
  const start = process.hrtime.bigint();
  await run();
  return (Number(process.hrtime.bigint() - start) / 1e9).toFixed(1);
}

/** One `pulumi up` and `pulumi destroy` of 8 hidden devices and 8 assignments (default parallelism). */
async function stackFigures(work: string): Promise<string> {
  const sim = await startSimHost({ dir: path.join(work, "host-stack"), profile: "xs62", inventory: generatedInventory("xs62", { vms: STACK_RESOURCES, devices: 2 * STACK_RESOURCES }) });
  try {
    const stack = await createSimStack(path.join(work, "stack"), sim, "bench");
    await stack.setConfigObject("hidden", Array.from({ length: STACK_RESOURCES }, (_, i) => generatedPciAddress(i)));
    const assignments = Array.from({ length: STACK_RESOURCES }, (_, i) => [`vm-${String(i)}`, { vmUuid: generatedVmUuid(i), devices: [generatedPciAddress(STACK_RESOURCES + i)] }]);
    await stack.setConfigObject("assignments", Object.fromEntries(assignments));
    sim.resetCounters();
    const up = await seconds(() => stack.ok(["up", "--yes", "--skip-preview"]));
    const upCounters = sim.state().counters;
    sim.resetCounters();
    const destroy = await seconds(() => stack.ok(["destroy", "--yes", "--skip-preview"]));
    const c = sim.state().counters;
    return (
      `pulumi up of ${String(STACK_RESOURCES)} HiddenPciDevice + ${String(STACK_RESOURCES)} PciAssignment (xe latency 0 ms): ${up} s, ` +
      `${String(upCounters.sshConnections)} SSH connections, ${String(upCounters.execs)} execs, ${String(upCounters.xeCalls)} xe calls\n` +
      `pulumi destroy of the same: ${destroy} s, ${String(c.sshConnections)} SSH connections, ${String(c.execs)} execs, ${String(c.xeCalls)} xe calls`
    );
  } finally {
    await sim.stop();
  }
}

async function main(): Promise<void> {
  // The simulated host's tools run as compiled JavaScript (as in the jest global setup).
  execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", "tsconfig.build.json"], { cwd: REPO_ROOT, stdio: "inherit" });
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "xspci-bench-"));
  try {
    const rows: string[][] = [];
    for (const latency of LATENCIES_MS) rows.push(...(await providerRows(work, latency)));
    process.stdout.write(`Providers against a simulated XenServer 6.2 host over SSH, ${String(RUNS)} runs each (${os.cpus().length.toString()} CPUs)\n`);
    process.stdout.write(`${markdownTable(SUMMARY_HEADER, rows)}\n\n`);
    process.stdout.write(`${await stackFigures(work)}\n`);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
