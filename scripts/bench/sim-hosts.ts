/** The simulated hosts of one benchmark run: started together, stopped together. */
import * as path from "node:path";
import { startSimHost, startSimPool, type SimCounters, type SimHost } from "../../sim";
import { generatedInventory, generatedPoolInventory } from "../../test/support/generated-inventory";
import type { Workload } from "./workload";

/** xe latency of every simulated host: a busy xapi. */
export const XE_LATENCY_MS = 100;

/**
 * The workload's simulated XenServer 6.2 hosts, every `xe` slowed to
 * {@link XE_LATENCY_MS}: one host alone (W1), or the members of one pool (W2).
 */
export async function startWorkloadHosts(dir: string, workload: Workload): Promise<SimHost[]> {
  const { hosts } = workload.spec;
  if (hosts > 1) {
    const inventory = generatedPoolInventory("xs62", hosts, workload.inventorySize);
    const pool = await startSimPool({ dir: path.join(dir, "pool"), size: hosts, profile: "xs62", xeLatencyMs: XE_LATENCY_MS, inventory });
    return [...pool.members];
  }
  const inventory = generatedInventory("xs62", workload.inventorySize);
  return [await startSimHost({ dir: path.join(dir, "host-0"), profile: "xs62", xeLatencyMs: XE_LATENCY_MS, inventory })];
}

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
