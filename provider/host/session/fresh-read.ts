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
import { timerScheduler, type Scheduler } from "./batch-timer";
import { JoinQueue } from "./join-queue";

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

/** A batched, never-stale read of one value; see the module comment. A {@link JoinQueue} whose job is one fetch for every read. */
export class FreshRead<T, A = never> {
  private readonly queue: JoinQueue<undefined, T, A>;

  /**
   * @param fetch - reads the value from the host, told who shares the fetch
   * @param schedule - when a scheduled fetch starts (default {@link timerScheduler})
   * @param waitsForWaves - whether a fetch of wave reads waits for the rest of
   *   its wave here, asked when the fetch is scheduled (default: always); a
   *   read that waits elsewhere still tells its fetch it is one of a wave
   */
  constructor(fetch: (batch: FetchBatch<A>) => Promise<T>, schedule: Scheduler = timerScheduler, waitsForWaves: () => boolean = () => true) {
    this.queue = new JoinQueue<undefined, T, A>(
      async (job) => {
        const value = await fetch({ askers: job.askers, wave: job.wave });
        return job.payloads.map(() => ({ ok: true as const, value }));
      },
      schedule,
      { waitsForWaves },
    );
  }

  /** The value from a fetch that starts after this call: joins the one being scheduled, or schedules one. */
  read(options: ReadOptions<A> = {}): Promise<T> {
    return this.queue.submit(undefined, options);
  }
}
