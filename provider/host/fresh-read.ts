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
 * little, up to a cap: batch-timer.ts). A failed fetch rejects the reads that
 * joined it, and only those.
 */
import { timerScheduler, type BatchTimer, type Scheduler } from "./batch-timer";


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
