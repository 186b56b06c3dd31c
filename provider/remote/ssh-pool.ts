/**
 * The SSH connection pool: one connection per host and credentials, shared by
 * every command to that host, with a cap on concurrent channels and an idle
 * close. The bookkeeping is `pool.ts`'s (generic, tested without a server);
 * this module supplies the ssh2 side: what a pooled connection is, how one is
 * opened, and when one must go.
 */
import { Socket } from "node:net";

import type { Client } from "ssh2";

import type { Connection } from "../model/connection";
import { SessionPool, type Lease, type PoolOptions, type PoolResource } from "./pool";
import { poolKey } from "./pool-key";
import { agentSocket, connectSsh } from "./ssh-connect";
import type { ExecConnection } from "./ssh-exec";

/**
 * Close a pooled connection after it has been unused this long. An idle
 * connection does not keep the process alive (its socket is unref'd), so this
 * only bounds how long the host keeps a session for us: long enough that a
 * host whose resources wait behind other hosts' during a big `pulumi up` keeps
 * its one connection (2 s gave up to 5 connections per host on 8 hosts).
 */
const POOL_IDLE_MS = 60_000;
/** Below OpenSSH's default MaxSessions (10), which would refuse further channels. */
const MAX_CHANNELS_PER_CONNECTION = 8;
/** How long a graceful disconnect may take before the socket is destroyed. */
const DISCONNECT_GRACE_MS = 1_000;

/** One SSH connection in the pool. */
export class SshSession implements PoolResource, ExecConnection {
  /** Set once the connection has closed, for whatever reason. */
  closed = false;
  private inFlight = 0;
  private retired = false;

  /**
   * @param client - a ready ssh2 client
   * @param onUnusable - runs once when the session must take no more commands (closed or retired)
   */
  constructor(
    readonly client: Client,
    private readonly onUnusable: (session: SshSession) => void,
  ) {
    client.once("close", () => {
      this.closed = true;
      this.onUnusable(this);
    });
  }

  /** Counts a command in flight, so that a retired session closes only after its last one. */
  begin(): void {
    this.inFlight += 1;
  }

  /** The end of a command started with `begin`. */
  end(): void {
    this.inFlight -= 1;
    if (this.retired && this.inFlight === 0) this.destroy();
  }

  /**
   * Takes the session out of service after a command got stuck on it: no new
   * command goes to it, and it is destroyed once the others on it finish.
   */
  retire(): void {
    if (this.retired) return;
    this.retired = true;
    this.onUnusable(this);
    if (this.inFlight === 0) this.destroy();
  }

  /** Disconnects gracefully, destroying the socket if that takes too long. */
  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      const force = setTimeout(() => {
        this.client.destroy();
      }, DISCONNECT_GRACE_MS);
      this.client.once("close", () => {
        clearTimeout(force);
        resolve();
      });
      this.client.end();
    });
  }

  /** Drops the connection at once. */
  destroy(): void {
    this.client.destroy();
  }

  /** While idle the socket does not keep the process alive (see `PoolResource.setIdle`). */
  setIdle(idle: boolean): void {
    const socket = socketOf(this.client);
    if (idle) socket?.unref();
    else socket?.ref();
  }
}

/**
 * The TCP socket under an ssh2 client. ssh2 keeps it in `_sock` and has no
 * public accessor; a missing or different value only means the socket stays
 * referenced, and the idle close still closes it.
 */
function socketOf(client: Client): Socket | undefined {
  const candidate = (client as unknown as { _sock?: unknown })._sock;
  return candidate instanceof Socket ? candidate : undefined;
}

/**
 * The identity of the session a connection opens (host, port, user, host key,
 * and a digest of the credentials): connections with the same key share one
 * pooled SSH connection, and may share what was read over it.
 *
 * @param conn - the host connection
 */
export function sessionKey(conn: Connection): string {
  return poolKey(conn, agentSocket(conn));
}

/** Pooled SSH connections, keyed by {@link sessionKey}. */
export class SshPool {
  private readonly sessions: SessionPool<SshSession>;

  /** @param options - idle close and channel cap; the defaults suit OpenSSH's */
  constructor(options: PoolOptions = { idleMs: POOL_IDLE_MS, maxLeasesPerResource: MAX_CHANNELS_PER_CONNECTION }) {
    this.sessions = new SessionPool<SshSession>(options);
  }

  /**
   * A lease on the connection for `conn`, connecting when none is pooled. A
   * connection that closes or is retired leaves the pool, so the next lease
   * connects again. Rejects with the errors of {@link connectSsh}.
   *
   * @param conn - the host connection
   */
  lease(conn: Connection): Promise<Lease<SshSession>> {
    const agent = agentSocket(conn);
    const key = poolKey(conn, agent);
    return this.sessions.acquire(key, async () => {
      const client = await connectSsh(conn, agent);
      return new SshSession(client, (session) => {
        this.sessions.evict(key, session);
      });
    });
  }

  /** Closes every pooled connection (tests, process exit). */
  closeAll(): Promise<void> {
    return this.sessions.closeAll();
  }
}
