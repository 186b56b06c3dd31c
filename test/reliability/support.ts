/**
 * Shared pieces of the reliability suite: a tally that counts the cases a test
 * tried and the ones that held (and records the table row), a simulated host
 * with a ready-made `connection` input, and probes of what the client side
 * leaves behind (sockets, child processes).
 */
import * as fs from "node:fs";
import type * as pulumi from "@pulumi/pulumi";
import { closeSessions } from "../../provider/host/session/session-registry";
import type { Profile, SimHost } from "../../sim";
import { startTempSimHost } from "../support/sim-fixture";
import { recordRow, type ReliabilityRow } from "./report";

/**
 * Counts cases: each `run` is one case, which holds when its checks (jest
 * `expect`s or thrown errors) all pass. Failures are kept with their label so
 * that a broken row says which case broke.
 */
export class CaseTally {
  private tried = 0;
  private passed = 0;
  /** `label: reason` of every case that did not hold. */
  readonly failures: string[] = [];

  /** Runs one case; resolves `true` when it held. */
  async run(label: string, body: () => unknown): Promise<boolean> {
    this.tried += 1;
    try {
      await body();
      this.passed += 1;
      return true;
    } catch (error) {
      this.failures.push(`${label}: ${error instanceof Error ? error.message : String(error)}`);
      return false;
    }
  }

  /** Records this tally's row in the reliability table and returns it. */
  record(area: string, tried: string): ReliabilityRow {
    const row = { area, tried, cases: this.tried, held: this.passed };
    recordRow(row);
    return row;
  }
}

export { rejectionOf } from "../support/rejection";

/** A simulated host for one test file, with the `connection` input that reaches it. */
export interface ReliabilitySim {
  readonly sim: SimHost;
  /** Scratch directory of the test file (the host lives in `dir/host`). */
  readonly dir: string;
  /** A valid `connection` input: pinned host key, the simulator's client key. */
  readonly connection: Record<string, unknown>;
  /** Closes pooled connections, stops the host, removes the directory. */
  stop(): Promise<void>;
}

/** Starts a simulated host in a fresh temporary directory named after `name`. */
export async function startReliabilitySim(name: string, profile: Profile = "xs82"): Promise<ReliabilitySim> {
  const { sim, dir, stop } = await startTempSimHost({ profile }, { name: `xspci-rel-${name}-`, beforeStop: closeSessions });
  const connection = {
    host: sim.info.host,
    port: sim.info.port,
    user: sim.info.user,
    privateKey: fs.readFileSync(sim.info.privateKeyPath, "utf8"),
    hostKey: sim.info.hostKeyFingerprint,
  };
  return {
    sim,
    dir,
    connection,
    stop,
  };
}

function hexPort(port: number): string {
  return port.toString(16).toUpperCase().padStart(4, "0");
}

/**
 * How many TCP sockets this process holds open towards `port` (any state but
 * closed), read from /proc: entries of /proc/net/tcp{,6} whose remote port is
 * `port` and whose inode is one of this process's file descriptors.
 */
export function openClientSocketsTo(port: number): number {
  const ownInodes = new Set<string>();
  for (const fd of fs.readdirSync("/proc/self/fd")) {
    try {
      const match = /^socket:\[(\d+)\]$/.exec(fs.readlinkSync(`/proc/self/fd/${fd}`));
      if (match?.[1] !== undefined) ownInodes.add(match[1]);
    } catch {
      // The descriptor closed while we listed them.
    }
  }
  let count = 0;
  for (const table of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    if (!fs.existsSync(table)) continue;
    for (const line of fs.readFileSync(table, "utf8").split("\n").slice(1)) {
      const fields = line.trim().split(/\s+/);
      const remote = fields[2];
      const inode = fields[9];
      if (remote?.endsWith(`:${hexPort(port)}`) === true && inode !== undefined && ownInodes.has(inode)) count += 1;
    }
  }
  return count;
}

/** Commands (`comm`) of this process's child processes, read from /proc. */
export function childProcessCommands(): string[] {
  const children: string[] = [];
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      // `pid (comm) state ppid …`: comm may hold spaces and parentheses, so split at the last ")".
      const close = stat.lastIndexOf(")");
      const ppid = stat.slice(close + 2).split(" ")[1];
      if (ppid === String(process.pid)) children.push(stat.slice(stat.indexOf("(") + 1, close));
    } catch {
      // The process ended while we listed them.
    }
  }
  return children;
}

/** The provider methods the engine calls, all present (the interface marks them optional). */
export interface EngineCalls {
  check(news: Record<string, unknown>): Promise<{ inputs: Record<string, unknown>; failures: { property: string; reason: string }[] }>;
  diff(id: string, olds: Record<string, unknown>, news: Record<string, unknown>): Promise<{ changes?: boolean; replaces?: string[] }>;
  create(news: Record<string, unknown>): Promise<{ id: string; outs: Record<string, unknown> }>;
  read(id: string, props: Record<string, unknown>): Promise<{ id?: string; props?: Record<string, unknown> }>;
  delete(id: string, props: Record<string, unknown>): Promise<void>;
}

/** The methods of `provider` as the Pulumi engine calls them (`check` with empty olds). */
export function engineCalls(provider: pulumi.dynamic.ResourceProvider): EngineCalls {
  const { check, diff, read } = provider;
  const remove = provider.delete;
  if (check === undefined || diff === undefined || read === undefined || remove === undefined) {
    throw new Error("the provider lacks check, diff, read or delete");
  }
  return {
    check: async (news) => {
      const result = await check.call(provider, {}, news);
      return { inputs: result.inputs as Record<string, unknown>, failures: result.failures ?? [] };
    },
    diff: (id, olds, news) => diff.call(provider, id, olds, news),
    create: async (news) => {
      const result = await provider.create(news);
      return { id: result.id, outs: (result.outs ?? {}) as Record<string, unknown> };
    },
    read: async (id, props) => {
      const result = await read.call(provider, id, props);
      return { ...(result.id === undefined ? {} : { id: result.id }), ...(result.props === undefined ? {} : { props: result.props as Record<string, unknown> }) };
    },
    delete: (id, props) => remove.call(provider, id, props),
  };
}
