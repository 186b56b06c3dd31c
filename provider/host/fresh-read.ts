/**
 * A read of the host that is never stale, yet shared: like a data loader, the
 * reads asked while a fetch is still being scheduled all join that fetch, and
 * a read never takes the answer of a fetch that began before it was asked.
 *
 * All resources of a `pulumi` run live in one provider process and ask the
 * same host the same questions (which VMs exist, what their `pci` keys hold,
 * what the boot configuration says). Batching the questions that arrive
 * together saves one round trip and one xapi call per resource; refusing to
 * reuse an answer fetched before the question keeps every read at least as
 * new as the moment it was asked (another tool may have changed the host
 * a moment earlier).
 *
 * One fetch runs at a time: reads that arrive while a fetch runs wait for the
 * next one, which starts once the running one has settled and the batching
 * delay has passed (a debounce: each read that joins pushes the start back a
 * little, up to a cap). A failed fetch rejects the reads that joined it, and only
 * those.
 */

/**
 * The timer of one scheduled fetch. Every read that joins the batch tells it,
 * so that the fetch can wait a little longer for the rest of the wave.
 */
export interface BatchTimer {
  /** Another read joined the scheduled fetch. */
  joined(): void;
}

/** Arranges for `start` to run later, after the batching delay (tests pass a manual scheduler). */
export type Scheduler = (start: () => void) => BatchTimer;

/**
 * How long a scheduled fetch waits after the last read joined it. The engine
 * sends the requests of one wave together, but the provider process takes
 * them in one by one, some milliseconds apart: a fixed 3 ms delay cost about
 * two listings per wave in a refresh of 40 resources at the engine's
 * parallelism of 8, and a fixed 20 ms still split some waves.
 */
export const BATCH_QUIET_MS = 15;

/**
 * The longest a scheduled fetch waits in all, however many reads keep joining:
 * short against one SSH round trip and one xapi call, so that a steady stream
 * of reads cannot hold a fetch back.
 */
export const BATCH_MAX_WAIT_MS = 60;

/**
 * The default scheduler: a debounce. The fetch starts once no read has joined
 * for {@link BATCH_QUIET_MS}, and at the latest {@link BATCH_MAX_WAIT_MS}
 * after it was scheduled. Its timers do not hold the process open.
 */
export function timerScheduler(start: () => void): BatchTimer {
  const latest = Date.now() + BATCH_MAX_WAIT_MS;
  let fired = false;
  const fire = (): void => {
    fired = true;
    start();
  };
  let timer = setTimeout(fire, BATCH_QUIET_MS).unref();
  return {
    joined: () => {
      if (fired) return;
      clearTimeout(timer);
      timer = setTimeout(fire, Math.max(0, Math.min(BATCH_QUIET_MS, latest - Date.now()))).unref();
    },
  };
}

interface PendingFetch<T> {
  readonly promise: Promise<T>;
  /** The timer of this fetch, once it is scheduled. */
  timer?: BatchTimer;
  readonly resolve: (value: T) => void;
  readonly reject: (error: unknown) => void;
}

function pendingFetch<T>(): PendingFetch<T> {
  let resolve: (value: T) => void = () => undefined;
  let reject: (error: unknown) => void = () => undefined;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** A batched, never-stale read of one value; see the module comment. */
export class FreshRead<T> {
  /** The fetch that has not started yet: reads join it. */
  private pending: PendingFetch<T> | undefined;
  /** The fetch that is running; settles (never rejects) when it is done. */
  private running: Promise<void> | undefined;

  /**
   * @param fetch - reads the value from the host
   * @param schedule - when a scheduled fetch starts (default {@link timerScheduler})
   */
  constructor(
    private readonly fetch: () => Promise<T>,
    private readonly schedule: Scheduler = timerScheduler,
  ) {}

  /** The value from a fetch that starts after this call: joins the one being scheduled, or schedules one. */
  read(): Promise<T> {
    if (this.pending !== undefined) {
      this.pending.timer?.joined();
      return this.pending.promise;
    }
    const next = pendingFetch<T>();
    this.pending = next;
    const schedule = (): void => {
      next.timer = this.schedule(() => { this.start(next); });
    };
    if (this.running === undefined) schedule();
    else void this.running.then(schedule);
    return next.promise;
  }

  private start(next: PendingFetch<T>): void {
    // From here on, new reads wait for the next fetch.
    if (this.pending === next) this.pending = undefined;
    const running = (async () => {
      try {
        next.resolve(await this.fetch());
      } catch (error) {
        next.reject(error);
      }
    })();
    this.running = running;
    void running.then(() => {
      if (this.running === running) this.running = undefined;
    });
  }
}
