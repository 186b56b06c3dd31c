/**
 * The state of one `pulumi` run in one process: the session of each host
 * connection (host-session.ts), where the sessions of one pool's members meet
 * (pool-reads.ts), and where the reboots of one pool take turns
 * (power/reboot-queue.ts). The providers receive it; the provider process has
 * one (session-registry.ts), and a test makes a fresh one instead of clearing
 * a process-wide registry.
 *
 * Sessions are keyed by the SSH session a connection opens (host, port, user,
 * host key, credentials digest: what was read over one user's session is
 * never handed to a resource with other credentials), and by what shapes its
 * commands (`sudo`, the deadline).
 */
import type { Connection } from "../../model/connection";
import { sessionKey } from "../../remote/ssh";
import { PoolRebootQueue } from "../power/reboot-queue";
import { timerScheduler, type Scheduler } from "./batch-timer";
import { HostSession } from "./host-session";
import { PoolDirectory } from "./pool-reads";

/** See the module comment. */
export class RunState {
  private readonly sessions = new Map<string, HostSession>();
  private readonly pools: PoolDirectory;
  /** The reboots of one pool take turns across the sessions of its members. */
  private readonly poolReboots = new PoolRebootQueue();

  /** @param schedule - when batched reads and edit rounds start (tests pass a manual scheduler) */
  constructor(private readonly schedule: Scheduler = timerScheduler) {
    this.pools = new PoolDirectory(schedule);
  }

  /** The session of `connection`, opened on first use. */
  sessionFor(connection: Connection): HostSession {
    const key = `${sessionKey(connection)}:${String(connection.sudo)}:${String(connection.timeoutMs)}`;
    let session = this.sessions.get(key);
    if (session === undefined) {
      session = new HostSession(connection, this.schedule, this.pools, this.poolReboots);
      this.sessions.set(key, session);
    }
    return session;
  }

  /** Forgets every session's run state, keeping the SSH connections (a new `pulumi` command in the same process). */
  clear(): void {
    for (const session of this.sessions.values()) session.clear();
    this.pools.clear();
  }

  /** Closes every session's SSH connection and forgets the sessions. */
  async close(): Promise<void> {
    const open = [...this.sessions.values()];
    this.sessions.clear();
    this.pools.clear();
    await Promise.all(open.map((session) => session.close()));
  }
}
