/**
 * The simulated xapi database and its hosts, as one value: every member's
 * state plus the pool's VMs (kept in the master's state). A single host is a
 * pool of one whose database is its own state, so every tool works on both
 * the same way.
 */
import { withFileLock } from "./lock";
import { poolFiles, readMembership, readPoolMembers } from "./pool-files";
import { readHostState, readHostStateText, updateHostState, writeHostStateIfChanged, type ReadState } from "./state-store";
import { newPoolObject } from "./pool-object";
import type { HostState, PoolObjectState, VmState } from "./types";

/** One host of a loaded pool. */
export interface PoolMember {
  /** The member's host directory. */
  dir: string;
  /** 0 is the master. */
  index: number;
  state: HostState;
}

/** A pool loaded from disk; changes to it are written back by {@link updatePool}. */
export interface LoadedPool {
  /** Every member, master first. */
  members: PoolMember[];
  /** The pool database's VMs (dom0s included): the master's `vms`. */
  vms: VmState[];
  /** The pool object (`xe pool-list`), kept in the master's state. */
  poolObject: PoolObjectState;
  /** The member whose directory the pool was loaded through (where a tool runs). */
  self: PoolMember;
}

function assemble(members: PoolMember[], selfIndex: number): LoadedPool {
  const master = members[0];
  const self = members[selfIndex];
  if (master === undefined || self === undefined) throw new Error(`Unable to load the simulated pool: member ${selfIndex} of ${members.length} is missing.`);
  master.state.poolObject ??= newPoolObject(master.state.hostUuid);
  return { members, vms: master.state.vms, poolObject: master.state.poolObject, self };
}

function loadMembers(poolDir: string): PoolMember[] {
  return readPoolMembers(poolDir).map((dir, index) => ({ dir, index, state: readHostState(dir) }));
}

/** A member loaded for an update, with the text its state was read from (written back only if changed). */
type MemberForUpdate = PoolMember & ReadState;

function loadMembersForUpdate(poolDir: string): MemberForUpdate[] {
  return readPoolMembers(poolDir).map((dir, index) => ({ dir, index, ...readHostStateText(dir) }));
}

/** Reads the pool `dir` belongs to (or the single host `dir` as a pool of one) without taking the lock. */
export function readPool(dir: string): LoadedPool {
  const membership = readMembership(dir);
  if (membership === undefined) {
    const self: PoolMember = { dir, index: 0, state: readHostState(dir) };
    return assemble([self], 0);
  }
  return assemble(loadMembers(membership.pool), membership.index);
}

/** Reads the pool in `poolDir` (its own directory, not a member's) without taking the lock. */
export function readPoolDir(poolDir: string): LoadedPool {
  return assemble(loadMembers(poolDir), 0);
}

/**
 * Runs `fn` on the pool of `dir` under the pool's one lock and writes back
 * every member it changed, even when `fn` throws after a partial change (xapi
 * applies changes one by one). A single host goes through `updateHostState`,
 * byte for byte as before pools existed.
 */
export function updatePool<T>(dir: string, fn: (pool: LoadedPool) => T): T {
  const membership = readMembership(dir);
  if (membership === undefined) {
    return updateHostState(dir, (state) => fn(assemble([{ dir, index: 0, state }], 0)));
  }
  return withFileLock(poolFiles(membership.pool).lock, () => {
    const members = loadMembersForUpdate(membership.pool);
    try {
      return fn(assemble(members, membership.index));
    } finally {
      // Only the members the call changed: the others' files already hold their state.
      for (const member of members) writeHostStateIfChanged(member.dir, member);
    }
  });
}

/** The member whose host uuid is `hostUuid`, if any. */
export function memberByUuid(pool: LoadedPool, hostUuid: string): PoolMember | undefined {
  return pool.members.find((m) => m.state.hostUuid === hostUuid);
}
