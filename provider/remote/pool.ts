/**
 * A keyed pool of long-lived sessions (one SSH connection per host and
 * credentials), with a cap on concurrent users per session and an idle close.
 * Generic and free of ssh2, so its bookkeeping is testable without a server.
 */

/** What the pool needs from a pooled session. */
export interface PoolResource {
  /** Closes the session; resolves once it is closed. Must not throw. */
  close(): Promise<void>;
  /**
   * Told `true` when the session's last lease is released and `false` when it
   * is leased again: an idle session should not keep the process alive (an
   * SSH session unrefs its socket), so a program that is done exits at once
   * instead of after the idle close.
   */
  setIdle?(idle: boolean): void;
}

/** A claim on one of a session's slots; call `release` exactly once. */
export interface Lease<T> {
  readonly resource: T;
  release(): void;
}

/** Tuning of a pool. */
export interface PoolOptions {
  /** Close a session after it has had no lease for this long. */
  idleMs: number;
  /** Leases one session may hand out at once (sshd's MaxSessions is 10). */
  maxLeasesPerResource: number;
}

interface Entry<T> {
  opening: Promise<T>;
  resource: T | undefined;
  leases: number;
  waiters: (() => void)[];
  idleTimer: NodeJS.Timeout | undefined;
}

/** Keyed session pool; see the module comment. */
export class SessionPool<T extends PoolResource> {
  private readonly entries = new Map<string, Entry<T>>();

  constructor(private readonly options: PoolOptions) {}

  /**
   * A lease on the session for `key`, opening it with `open` when there is
   * none. Concurrent callers share one open; a failed open is forgotten so the
   * next call tries again.
   */
  async acquire(key: string, open: () => Promise<T>): Promise<Lease<T>> {
    for (;;) {
      const entry = this.entryFor(key, open);
      if (entry.leases < this.options.maxLeasesPerResource) {
        entry.leases += 1;
        clearTimeout(entry.idleTimer);
        entry.idleTimer = undefined;
        if (entry.leases === 1) entry.resource?.setIdle?.(false);
        return this.leaseOf(key, entry);
      }
      // Woken by a release or an eviction; look again, as the entry may be gone.
      await new Promise<void>((resolve) => entry.waiters.push(resolve));
    }
  }

  /** Forgets `resource` if it is the session pooled under `key` (it died or is unusable). */
  evict(key: string, resource: T): void {
    const entry = this.entries.get(key);
    if (entry?.resource !== resource) return;
    this.forget(key, entry);
  }

  /** Closes every session and empties the pool (tests, process exit). */
  async closeAll(): Promise<void> {
    const entries = [...this.entries.entries()];
    for (const [key, entry] of entries) this.forget(key, entry);
    await Promise.all(
      entries.map(async ([, entry]) => {
        const resource = await entry.opening.catch(() => undefined);
        await resource?.close();
      }),
    );
  }

  /** Number of pooled sessions (open or opening). */
  get size(): number {
    return this.entries.size;
  }

  private entryFor(key: string, open: () => Promise<T>): Entry<T> {
    const existing = this.entries.get(key);
    if (existing) return existing;
    const entry: Entry<T> = {
      opening: open(),
      resource: undefined,
      leases: 0,
      waiters: [],
      idleTimer: undefined,
    };
    entry.opening.then(
      (resource) => {
        entry.resource = resource;
      },
      () => {
        if (this.entries.get(key) === entry) this.forget(key, entry);
      },
    );
    this.entries.set(key, entry);
    return entry;
  }

  private async leaseOf(key: string, entry: Entry<T>): Promise<Lease<T>> {
    let released = false;
    const release = (): void => {
      if (released) return;
      released = true;
      this.release(key, entry);
    };
    let resource: T;
    try {
      resource = await entry.opening;
    } catch (error) {
      release();
      throw error;
    }
    return { resource, release };
  }

  private release(key: string, entry: Entry<T>): void {
    entry.leases -= 1;
    const next = entry.waiters.shift();
    if (next) {
      next();
      return;
    }
    if (entry.leases > 0 || this.entries.get(key) !== entry) return;
    entry.resource?.setIdle?.(true);
    entry.idleTimer = setTimeout(() => {
      if (entry.leases > 0 || this.entries.get(key) !== entry) return;
      this.forget(key, entry);
      void entry.resource?.close();
    }, this.options.idleMs);
    // The idle close is housekeeping: it must not keep a finished program running.
    entry.idleTimer.unref();
  }

  private forget(key: string, entry: Entry<T>): void {
    clearTimeout(entry.idleTimer);
    entry.idleTimer = undefined;
    if (this.entries.get(key) === entry) this.entries.delete(key);
    for (const wake of entry.waiters.splice(0)) wake();
  }
}
