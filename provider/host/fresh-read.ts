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
 *
 * In a refresh the engine keeps its parallelism full, so each answered read
 * is followed by another about a tenth of a second later; reads that say so
 * ({@link ReadOptions.wave}) make their fetch wait for as many reads as the
 * last fetch answered, so that a wave of the engine costs one fetch, not two.
 */
import { timerScheduler, type BatchTimer, type Scheduler } from "./batch-timer";

/** How a read joins its fetch. */
export interface ReadOptions<A> {
  /** Who asks; the fetch is told every asker of its batch. */
  readonly asker?: A;
  /**
   * The read is one of a stream that the engine keeps at its parallelism (a
   * refresh): each answered read is soon followed by another. A fetch such a
   * read schedules waits (batch-timer.ts `WAVE_MAX_WAIT_MS` at most) for as
   * many reads as the last fetch answered, so that one wave is one fetch.
   */
  readonly wave?: boolean;
}

/** What a fetch is told about the reads that share it. */
export interface FetchBatch<A> {
  /** The askers of the reads that share the fetch, in the order they asked (reads without one left out). */
  readonly askers: readonly A[];
  /** Whether a read of the batch said it is one of a wave ({@link ReadOptions.wave}). */
  readonly wave: boolean;
}

interface PendingFetch<T, A> {
  readonly promise: Promise<T>;
  /** The timer of this fetch, once it is scheduled. */
  timer?: BatchTimer;
  readonly askers: A[];
  /** How many reads share this fetch. */
  reads: number;
  wave: boolean;
  readonly resolve: (value: T) => void;
  readonly reject: (error: unknown) => void;
}

function pendingFetch<T, A>(): PendingFetch<T, A> {
  let resolve: (value: T) => void = () => undefined;
  let reject: (error: unknown) => void = () => undefined;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, askers: [], reads: 0, wave: false, resolve, reject };
}

/** A batched, never-stale read of one value; see the module comment. */
export class FreshRead<T, A = never> {
  /** The fetch that has not started yet: reads join it. */
  private pending: PendingFetch<T, A> | undefined;
  /** The fetch that is running; settles (never rejects) when it is done. */
  private running: Promise<void> | undefined;
  /** How many reads the last fetch that settled answered: the size of the engine's last wave. */
  private lastAnswered = 0;

  /**
   * @param fetch - reads the value from the host, told who shares the fetch
   * @param schedule - when a scheduled fetch starts (default {@link timerScheduler})
   * @param waitsForWaves - whether a fetch of wave reads waits for the rest of
   *   its wave here, asked when the fetch is scheduled (default: always); a
   *   read that waits elsewhere still tells its fetch it is one of a wave
   */
  constructor(
    private readonly fetch: (batch: FetchBatch<A>) => Promise<T>,
    private readonly schedule: Scheduler = timerScheduler,
    private readonly waitsForWaves: () => boolean = () => true,
  ) {}

  /** The value from a fetch that starts after this call: joins the one being scheduled, or schedules one. */
  read(options: ReadOptions<A> = {}): Promise<T> {
    const joining = this.pending;
    if (joining !== undefined) {
      this.join(joining, options);
      joining.timer?.joined();
      return joining.promise;
    }
    const next = pendingFetch<T, A>();
    this.join(next, options);
    this.pending = next;
    if (this.running === undefined) {
      // This read is the first of its wave: wait for the rest of it.
      this.scheduleStart(next, Math.max(0, this.lastAnswered - 1));
    } else {
      // The reads the running fetch answers are followed by as many new ones.
      void this.running.then(() => { this.scheduleStart(next, this.lastAnswered); });
    }
    return next.promise;
  }

  private join(fetch: PendingFetch<T, A>, options: ReadOptions<A>): void {
    fetch.reads += 1;
    if (options.asker !== undefined) fetch.askers.push(options.asker);
    if (options.wave === true) fetch.wave = true;
  }

  private scheduleStart(next: PendingFetch<T, A>, waveJoins: number): void {
    next.timer = this.schedule(() => { this.start(next); }, next.wave && this.waitsForWaves() ? { awaitJoins: waveJoins } : {});
  }

  private start(next: PendingFetch<T, A>): void {
    // From here on, new reads wait for the next fetch.
    if (this.pending === next) this.pending = undefined;
    const running = (async () => {
      try {
        next.resolve(await this.fetch({ askers: [...next.askers], wave: next.wave }));
      } catch (error) {
        next.reject(error);
      } finally {
        this.lastAnswered = next.reads;
      }
    })();
    this.running = running;
    void running.then(() => {
      if (this.running === running) this.running = undefined;
    });
  }
}
