/**
 * The simulated XenServer host, for tests: a real sshd in a private mount
 * namespace in front of the stateful host of `./host`; or a pool of them
 * sharing one xapi database.
 *
 * ```ts
 * const sim = await startSimHost({ dir, profile: "xs62" });
 * // connect with sim.info; inspect sim.state(); inject sim.setFaults([...])
 * await sim.stop();
 *
 * const pool = await startSimPool({ dir, size: 2, profile: "xcpng83" });
 * // connect with pool.members[i].info; pool.state(); pool.xe(1, "vm-list"); pool.rebootHost(1)
 * // cards moved while member 1 was off: pool.rebootHost(1, { pcis: [...], bootDisk: "0000:00:1f.2" })
 * await pool.stop();
 *
 * // a reboot through xapi: SSH drops, dom0 is down rebootDownMs, xapi starts, the host enables itself
 * const sim2 = await startSimHost({ dir, rebootDownMs: 1000 });
 * sim2.xe("host-disable"); sim2.xe("host-reboot");
 * await sim2.waitUntilUp(); // sim2.state().boots === 1
 * ```
 */
export type { SimCounters } from "./counters";
export type { Fault } from "./faults";
export { parseFaults } from "./faults";
export type { Inventory, InventoryHost, InventoryPci, InventoryVm, PoolInventory, PoolInventoryHost, PowerPhase, PowerTransition, Profile, RebootHostOptions, RebootTimings, SimPciJson } from "./host";
export { DEFAULT_REBOOT_TIMINGS, setRebootTimings } from "./host";
export type { SimState, SimVmState } from "./host-dir";
export { SimHostDir, hostFileOnDisk } from "./host-dir";
export { LEGACY_SSH_ALGORITHMS } from "./sshd-config";
export { SimHost, attachSimHost, startSimHost, stopSimHost, type SimHostInfo, type StartSimOptions } from "./sim-host";
export { SimPoolDir, type SimMemberRef, type SimPoolHostState, type SimPoolState, type SimPoolVmState } from "./pool-dir";
export { SimPool, attachSimPool, startSimPool, stopSimPool, type SimPoolInfo, type StartSimPoolOptions } from "./sim-pool";
