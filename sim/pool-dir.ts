/**
 * Operations on a simulated pool's directory that need no running sshd: the
 * pool's state, `xe` on a member, rebooting a member, counters. `SimPool`
 * adds the SSH side; the CLI uses this directly. Members are named by index
 * (0 is the master) or host uuid.
 */
import type { SimCounters } from "./counters";
import { readCounters } from "./counters";
import type { RebootHostOptions, SimHostSideJson, SimPoolHostJson, SimPoolStateJson } from "./host";
import { isPoolDir, readHostState, readPoolMembers, readPoolState } from "./host";
import { SimHostDir } from "./host-dir";
import { simPaths } from "./paths";

/** A member of a pool: its index (0 is the master) or its host uuid. */
export type SimMemberRef = number | string;

/** One member in the pool's state JSON. */
export interface SimPoolHostState extends SimHostSideJson {
  hostUuid: string;
  nameLabel: string;
  /** This member's counters since the last reset. */
  counters: SimCounters;
}

/** One VM of the pool database in the pool's state JSON. */
export type SimPoolVmState = SimPoolStateJson["vms"][number];

/** What `sim state` prints for a pool. */
export interface SimPoolState {
  hosts: SimPoolHostState[];
  vms: SimPoolVmState[];
  /** Every member's counters summed. */
  counters: SimCounters;
}

function sum(counters: readonly SimCounters[]): SimCounters {
  return counters.reduce(
    (total, c) => ({ sshConnections: total.sshConnections + c.sshConnections, execs: total.execs + c.execs, xeCalls: total.xeCalls + c.xeCalls }),
    { sshConnections: 0, execs: 0, xeCalls: 0 },
  );
}

/** A simulated pool's directory; every method works whether or not its members' sshd run. */
export class SimPoolDir {
  /** The pool directory (absolute). */
  readonly dir: string;
  /** Member 0 is the master, which holds the pool database. */
  readonly members: readonly SimHostDir[];
  /** Each member's host directory, in member order. */
  protected readonly memberDirs: readonly string[];

  /**
   * `dir` must hold a pool made by `startSimPool` or `sim start --pool-size`;
   * `members` are handles on its member directories (default: plain directory handles).
   */
  constructor(dir: string, members?: readonly SimHostDir[]) {
    const root = simPaths(dir).dir;
    if (!isPoolDir(root)) {
      throw new Error(`Unable to open the simulated pool in ${root}: there is none; create it with \`sim start --dir ${dir} --pool-size N\`.`);
    }
    this.dir = root;
    this.memberDirs = readPoolMembers(root);
    this.members = members ?? this.memberDirs.map((memberDir) => new SimHostDir(memberDir));
  }

  /** The index of member `ref` (an index or a host uuid); throws naming the members when there is none. */
  memberIndex(ref: SimMemberRef): number {
    const uuids = this.memberDirs.map((memberDir) => readHostState(memberDir).hostUuid);
    const index = typeof ref === "number" ? ref : /^\d+$/.test(ref) ? Number(ref) : uuids.indexOf(ref);
    if (!Number.isInteger(index) || index < 0 || index >= uuids.length) {
      throw new Error(`Unable to find member ${String(ref)} of the simulated pool in ${this.dir}: give an index from 0 to ${uuids.length - 1} or one of the host uuids ${uuids.join(", ")}.`);
    }
    return index;
  }

  /** The handle on member `ref`. */
  member(ref: SimMemberRef): SimHostDir {
    const member = this.members[this.memberIndex(ref)];
    if (member === undefined) throw new Error(`Unable to find member ${String(ref)} of the simulated pool in ${this.dir}.`);
    return member;
  }

  /** The pool's members, VMs (dom0s left out) and counters since the last reset. */
  state(): SimPoolState {
    const raw = readPoolState(this.dir);
    const hosts = raw.hosts.map(({ xeCalls, ...host }: SimPoolHostJson, i): SimPoolHostState => ({
      ...host,
      counters: readCounters(simPaths(this.memberDirs[i] ?? ""), xeCalls),
    }));
    return { hosts, vms: raw.vms, counters: sum(hosts.map((h) => h.counters)) };
  }

  /** Runs `xe` directly on member `ref` (no SSH); the call is left out of the counters. */
  xe(ref: SimMemberRef, ...args: string[]): { stdout: string; stderr: string; exitCode: number } {
    return this.member(ref).xe(...args);
  }

  /**
   * Power-cycles member `ref` at once (its boot config becomes its cmdline,
   * its VMs halt, xapi starts again); the other members carry on. `options`: the member's cards and root disk
   * controller after it was off, as for `SimHostDir.rebootHost`.
   */
  rebootHost(ref: SimMemberRef, options: RebootHostOptions = {}): void {
    this.member(ref).rebootHost(options);
  }

  /**
   * Resolves once member `ref` (default: every member) is up after a reboot
   * through xapi; see `SimHostDir.waitUntilUp`.
   */
  async waitUntilUp(ref?: SimMemberRef, timeoutMs = 30_000): Promise<void> {
    const members = ref === undefined ? this.members : [this.member(ref)];
    await Promise.all(members.map((member) => member.waitUntilUp(timeoutMs)));
  }

  /** Starts every member's connection, exec and xe counters from zero. */
  resetCounters(): void {
    for (const member of this.members) member.resetCounters();
  }
}
