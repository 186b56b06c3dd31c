/**
 * When a batch starts: the reads that share one fetch of the host
 * (fresh-read.ts) and the boot-config edits that share one round
 * (boot-config/edit-queue.ts) both wait a little for the rest of their wave.
 * The engine sends the requests of one wave together, but the provider
 * process takes them in one by one, some milliseconds apart.
 */

/**
 * The timer of one scheduled batch. Every request that joins the batch tells
 * it, so that the batch can wait a little longer for the rest of the wave.
 */
export interface BatchTimer {
  /** Another request joined the scheduled batch. */
  joined(): void;
}

/** How long a scheduled batch waits for the rest of its wave. */
export interface BatchWait {
  /**
   * The batch waits until this many more requests have joined it (or
   * {@link WAVE_MAX_WAIT_MS} has passed) before its debounce begins; 0 or
   * absent: the debounce begins at once.
   */
  readonly awaitJoins?: number;
}

/** Arranges for `start` to run later, after the batching delay (tests pass a manual scheduler). */
export type Scheduler = (start: () => void, wait?: BatchWait) => BatchTimer;

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
 * The longest a batch that awaits joins ({@link BatchWait}) waits in all. In
 * a refresh the engine keeps its parallelism full: each answered read is
 * followed by the next resource's read, but 110 to 160 ms later (measured:
 * the engine records the answer first). Waiting for those reads merges the
 * waves that a {@link BATCH_MAX_WAIT_MS} cap splits in two; the cap bounds
 * what the last wave of a run, which nothing follows, pays.
 */
export const WAVE_MAX_WAIT_MS = 250;

/**
 * The default scheduler: a debounce. The fetch starts once no read has joined
 * for {@link BATCH_QUIET_MS}, and at the latest {@link BATCH_MAX_WAIT_MS}
 * after it was scheduled. A batch that awaits joins begins that debounce only
 * once they have joined, and starts at the latest {@link WAVE_MAX_WAIT_MS}
 * after it was scheduled. `start` always runs from a timer, never inside
 * `joined()`. Its timers hold the process open: a scheduled batch is work that
 * someone awaits (a plain script awaiting a lookup would otherwise end before
 * it ran), and it lasts at most {@link WAVE_MAX_WAIT_MS}.
 */
export function timerScheduler(start: () => void, wait: BatchWait = {}): BatchTimer {
  const awaitJoins = wait.awaitJoins ?? 0;
  const latest = Date.now() + (awaitJoins > 0 ? WAVE_MAX_WAIT_MS : BATCH_MAX_WAIT_MS);
  let joins = 0;
  let fired = false;
  const fire = (): void => {
    fired = true;
    start();
  };
  let timer = setTimeout(fire, awaitJoins > 0 ? WAVE_MAX_WAIT_MS : BATCH_QUIET_MS);
  return {
    joined: () => {
      joins += 1;
      if (fired || joins < awaitJoins) return;
      clearTimeout(timer);
      timer = setTimeout(fire, Math.max(0, Math.min(BATCH_QUIET_MS, latest - Date.now())));
    },
  };
}
