/** The simulated hosts of one benchmark run: started together, stopped together. */
import * as path from "node:path";
import { startSimHost, type SimCounters, type SimHost } from "../../test/sim";
import { generatedInventory } from "../../test/support/generated-inventory";
import type { Workload } from "./workload";

/** xe latency of every simulated host: a busy xapi. */
export const XE_LATENCY_MS = 100;

/**
 * Starts `workload.spec.hosts` fresh XenServer 6.2 hosts under `dir`
 * (`host-0`, `host-1`…), each with the workload's generated inventory. When
 * one fails to start, the others are stopped before the error propagates.
 */
export async function startWorkloadHosts(dir: string, workload: Workload): Promise<SimHost[]> {
  const inventory = generatedInventory("xs62", workload.inventorySize);
  const started = await Promise.allSettled(
    Array.from({ length: workload.spec.hosts }, (_, i) =>
      startSimHost({ dir: path.join(dir, `host-${String(i)}`), profile: "xs62", xeLatencyMs: XE_LATENCY_MS, inventory }),
    ),
  );
  const hosts = started.flatMap((s) => (s.status === "fulfilled" ? [s.value] : []));
  const failure = started.find((s) => s.status === "rejected");
  if (failure !== undefined) {
    await stopHosts(hosts);
    throw failure.reason;
  }
  return hosts;
}

/** Stops every host, even when some fail to stop; rethrows the first failure. */
export async function stopHosts(hosts: readonly SimHost[]): Promise<void> {
  const stopped = await Promise.allSettled(hosts.map((h) => h.stop()));
  const failure = stopped.find((s) => s.status === "rejected");
  if (failure !== undefined) throw failure.reason;
}

/** Resets the counters of every host. */
export function resetCounters(hosts: readonly SimHost[]): void {
  for (const host of hosts) host.resetCounters();
}

/** The counters of every host since its last reset, in host order. */
export function readCounters(hosts: readonly SimHost[]): SimCounters[] {
  return hosts.map((host) => host.state().counters);
}
