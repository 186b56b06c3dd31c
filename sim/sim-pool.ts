/**
 * A simulated pool: N simulated hosts, each behind its own sshd with its own
 * host key, xenstore, sysfs, boot config and /proc/cmdline, sharing one xapi
 * database (kept by member 0, the master), so that `xe` on any member sees
 * and acts on the whole pool.
 */
import * as fs from "node:fs";
import type { PoolInventory, Profile } from "./host";
import { initPool, readPoolMembers, xapiDirOf } from "./host";
import { simPaths } from "./paths";
import { SimPoolDir, type SimMemberRef } from "./pool-dir";
import { attachSimHost, clearSshSideState, rebootTimingsOf, refuseRunning, startHostSshd, startXapiOrStop, type SimHost, type SimHostInfo, type StartSimOptions } from "./sim-host";
import { stopSshd } from "./sshd";
import { stopXapi } from "./xapi-process";

/** Options of {@link startSimPool}. */
export interface StartSimPoolOptions {
  /** Directory of the pool; each member lives in `DIR/host-<i>`. Created when missing. */
  dir: string;
  /** Number of members, at least 1. */
  size: number;
  /** Default `xs62`; every member runs the same version. */
  profile?: Profile;
  /** Default: the seed's VMs on member 0 and the seed's functions on every member. */
  inventory?: PoolInventory;
  /** Every member's sshd offers only XenServer 6.2's OpenSSH 4.3 algorithms. */
  legacySsh?: boolean;
  /** Delay of every `xe` call, on every member. */
  xeLatencyMs?: number;
  /** Reboot timings of every member, as for a single host (`StartSimOptions`). */
  rebootDelayMs?: StartSimOptions["rebootDelayMs"];
  shutdownTimeoutMs?: StartSimOptions["shutdownTimeoutMs"];
  rebootDownMs?: StartSimOptions["rebootDownMs"];
  xapiStartMs?: StartSimOptions["xapiStartMs"];
  xapiInitMs?: StartSimOptions["xapiInitMs"];
  autostartDelayMs?: StartSimOptions["autostartDelayMs"];
}

/** How to reach a simulated pool; the CLI's `start --pool-size` prints exactly these fields. */
export interface SimPoolInfo {
  dir: string;
  /** One entry per member, the master first. */
  pool: SimHostInfo[];
}

/** A running simulated pool: its directory plus each member's sshd. Made by {@link startSimPool} or {@link attachSimPool}. */
export class SimPool extends SimPoolDir {
  /** The running members, the master (which holds the database) first. */
  declare readonly members: readonly SimHost[];

  /** Connection details of every member. */
  get info(): SimPoolInfo {
    return { dir: this.dir, pool: this.members.map((m) => m.info) };
  }

  /** The running member `ref` (an index, 0 the master, or a host uuid). */
  override member(ref: SimMemberRef): SimHost {
    const member = this.members[this.memberIndex(ref)];
    if (member === undefined) throw new Error(`Unable to find member ${String(ref)} of the simulated pool in ${this.dir}.`);
    return member;
  }

  /** Kills the pool's xapi, then every member's sshd and every process it started; resolves once none is left. */
  async stop(): Promise<void> {
    await stopSimPool(this.dir);
  }
}

/**
 * Creates a fresh pool in `opts.dir` and starts every member's sshd; resolves
 * once each sends its banner, with every counter at zero and no faults. Keys
 * are kept from an earlier pool in the same directory. When a member's sshd
 * cannot start, the others are stopped again.
 */
export async function startSimPool(opts: StartSimPoolOptions): Promise<SimPool> {
  const root = simPaths(opts.dir).dir;
  refuseRunning(root, "pool");
  fs.mkdirSync(root, { recursive: true });
  const dirs = initPool(root, {
    profile: opts.profile ?? "xs62",
    size: opts.size,
    ...(opts.inventory === undefined ? {} : { inventory: opts.inventory }),
    ...(opts.xeLatencyMs === undefined ? {} : { xeLatencyMs: opts.xeLatencyMs }),
    rebootTimings: rebootTimingsOf(opts),
  });
  for (const dir of dirs) clearSshSideState(simPaths(dir));
  const started = await Promise.allSettled(dirs.map((dir) => startHostSshd(simPaths(dir), opts.legacySsh ?? false)));
  const failure = started.find((s): s is PromiseRejectedResult => s.status === "rejected");
  if (failure !== undefined) {
    await stopSimPool(root);
    throw failure.reason;
  }
  const members = started.map((s) => (s as PromiseFulfilledResult<SimHost>).value);
  // One xapi for the pool, beside the master's sshd.
  await startXapiOrStop(xapiDirOf(root), members);
  return new SimPool(root, members);
}

/** A handle on the pool already running in `dir` (started by the CLI, for instance). */
export async function attachSimPool(dir: string): Promise<SimPool> {
  const root = new SimPoolDir(dir).dir;
  const members = await Promise.all(readPoolMembers(root).map((member) => attachSimHost(member)));
  return new SimPool(root, members);
}

/**
 * Stops the pool in `dir`, if it runs (idempotent; for the CLI and cleanup):
 * its xapi first, so that no reboot under way starts a member's sshd again,
 * then every member's sshd.
 */
export async function stopSimPool(dir: string): Promise<void> {
  await stopXapi(xapiDirOf(dir));
  await Promise.all(readPoolMembers(dir).map((member) => stopSshd(simPaths(member))));
}
