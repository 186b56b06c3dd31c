/**
 * One fetch answers every read of a host made within a short window. All
 * resources of a `pulumi refresh` or `up` run in one provider process and
 * ask the same questions of the same host (which VMs exist, what their `pci`
 * keys hold, what the boot configuration says); each answer from a host-wide
 * listing replaces one round trip and one xapi call per resource.
 *
 * A read is answered by a fetch that started at most `windowMs` before it,
 * whether that fetch is still running (the read joins it) or done; an older
 * or failed fetch is never reused. What this process itself changes on the
 * host afterwards is not in the listing: callers either `forget` the entry
 * when they write, or overlay what they wrote (see vm-listing-cache.ts).
 * Free of I/O and of timers (entries expire when looked at), so it is
 * testable with a fake clock.
 */

/**
 * How long a fetch answers the reads of a provider process after it started:
 * long enough for a refresh of dozens of resources per host (the engine runs
 * eight at a time by default), short enough that a change made by another
 * tool meanwhile shows up in the same run's later reads.
 */
export const SHARED_READ_WINDOW_MS = 2_000;

/** A fetched value and when its fetch started (ms on the cache's clock). */
export interface SharedValue<T> {
  readonly value: T;
  readonly startedAt: number;
}

/** Tuning of a {@link SharedReads}. */
export interface SharedReadOptions {
  /** How long after its start a fetch may still answer new reads. */
  readonly windowMs: number;
  /** The clock, in ms; default `Date.now`. */
  readonly now?: () => number;
}

interface Entry<T> {
  readonly startedAt: number;
  readonly value: Promise<SharedValue<T>>;
}

/** Keyed shared reads; see the module comment. */
export class SharedReads<T> {
  private readonly entries = new Map<string, Entry<T>>();
  private readonly now: () => number;

  /** @param options - window and clock */
  constructor(private readonly options: SharedReadOptions) {
    this.now = options.now ?? Date.now;
  }

  /**
   * The value for `key` from a fetch started within the window, running
   * `fetch` when there is none. A failed fetch rejects every read that joined
   * it and is forgotten, so the next read fetches again.
   */
  read(key: string, fetch: () => Promise<T>): Promise<SharedValue<T>> {
    const now = this.now();
    const current = this.entries.get(key);
    if (current !== undefined && now - current.startedAt <= this.options.windowMs) return current.value;
    const entry: Entry<T> = {
      startedAt: now,
      value: fetch().then((value) => ({ value, startedAt: now })),
    };
    this.entries.set(key, entry);
    entry.value.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    return entry.value;
  }

  /**
   * Stores a value known without a fetch (what this process just wrote and
   * verified), as if fetched now.
   */
  seed(key: string, value: T): void {
    const startedAt = this.now();
    this.entries.set(key, { startedAt, value: Promise.resolve({ value, startedAt }) });
  }

  /** Drops the entry of `key`: the next read fetches (after a change made by this process). */
  forget(key: string): void {
    this.entries.delete(key);
  }

  /** Drops every entry (tests). */
  clear(): void {
    this.entries.clear();
  }
}
