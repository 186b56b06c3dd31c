/**
 * The one process-wide piece of host state: which session (host-session.ts)
 * a connection belongs to, and where the sessions of one pool's members meet
 * (pool-reads.ts). The engine calls every resource on its own, so
 * resources of one run that name the same host meet here. Keyed by the SSH
 * session a connection opens (host, port, user, host key, credentials
 * digest: what was read over one user's session is never handed to a
 * resource with other credentials), and by what shapes its commands (`sudo`,
 * the deadline). The one thing members share across credentials is the pool
 * part of a listing, and only with a session whose own credentials have
 * already read it (pool-reads.ts). The reboots of one pool take turns here
 * too (power/reboot-queue.ts).
 */
import type { Connection } from "../../model/connection";
import { sessionKey } from "../../remote/ssh";
import { timerScheduler } from "./batch-timer";
import { HostSession } from "./host-session";
import { PoolDirectory } from "./pool-reads";
import { PoolRebootQueue } from "../power/reboot-queue";

const sessions = new Map<string, HostSession>();
const pools = new PoolDirectory(timerScheduler);
/** The reboots of one pool take turns across the sessions of its members (power/reboot-queue.ts). */
const poolReboots = new PoolRebootQueue();

/** The session of `connection`, opened on first use. */
export function sessionFor(connection: Connection): HostSession {
  const key = `${sessionKey(connection)}:${String(connection.sudo)}:${String(connection.timeoutMs)}`;
  let session = sessions.get(key);
  if (session === undefined) {
    session = new HostSession(connection, timerScheduler, pools, poolReboots);
    sessions.set(key, session);
  }
  return session;
}

/** Clears every session's run state, keeping the SSH connections (tests model a new `pulumi` command with it). */
export function clearSessions(): void {
  for (const session of sessions.values()) session.clear();
  pools.clear();
}

/** Closes every session's SSH connection and forgets the sessions: the state of a new provider process. */
export async function closeSessions(): Promise<void> {
  const open = [...sessions.values()];
  sessions.clear();
  pools.clear();
  await Promise.all(open.map((session) => session.close()));
}
