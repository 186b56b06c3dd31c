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
