/**
 * The one queue of boot configuration edits of a host, owned by its session
 * (host-session.ts): every method (`extlinux`, `xen-cmdline`, `dom0-access`)
 * queues its adds and removes here, so that an edit's read always sees the
 * commit of the edit before it.
 *
 * The queue runs rounds. The edits queued while a round waits for its turn
 * join it: one read of the configuration, every plan applied, one commit (an
 * `up` that hides eight devices on a host commits once or twice, not eight
 * times in a row while the engine's other slots wait). A round waits for its
 * turn and for the batching delay (batch-timer.ts) after the rounds before it: the first
 * edits of a run arrive some milliseconds apart, and without the delay the
 * first of them committed alone, making the rest wait a whole commit. Each
 * method says how it runs a round: extlinux commits the round's text at once; xen-cmdline and
 * dom0-access make the round's edits one by one ({@link oneByOne}). A round
 * holds the edits of one method only. The host lock and the content checks of
 * the commits still guard against other processes and machines.
 */

import { timerScheduler, type Scheduler } from "../session/batch-timer";
import { JoinQueue, type JobOutcome } from "../session/join-queue";

/** The outcome of one edit of a round: its result, or its own error. */
export type RoundOutcome<R> = JobOutcome<R>;

/** Makes every edit of a round; returns one outcome per edit, in order. A throw fails the whole round. */
export type RoundRunner<P, R> = (plans: readonly P[]) => Promise<RoundOutcome<R>[]>;

/** One queued edit, with how a round that it opens is made. */
interface QueuedEdit {
  readonly plan: unknown;
  readonly run: RoundRunner<unknown, unknown>;
}

/** A host's queue of boot configuration edits; see the module comment. A {@link JoinQueue} keyed by method. */
export class BootEditQueue {
  private readonly queue: JoinQueue<QueuedEdit, unknown>;

  /** @param schedule - when a round may start, its turn come (default {@link timerScheduler}) */
  constructor(schedule: Scheduler = timerScheduler) {
    // The round is made by the runner of the edit that opened it: every edit of a round has the same method.
    this.queue = new JoinQueue<QueuedEdit, unknown>((job) => {
      const [first] = job.payloads;
      return first === undefined ? Promise.resolve([]) : first.run(job.payloads.map((edit) => edit.plan));
    }, schedule);
  }

  /**
   * Queues `plan` in the waiting round of `kind`, or in a new round that takes
   * its turn after every round queued before it. When the round's turn comes,
   * `run` (that of the edit that opened the round) makes all of its edits.
   *
   * @param kind - the method: only edits of one method share a round
   * @param plan - this edit, as `run` takes it
   * @param run - how a round of this method is made
   */
  submit<P, R>(kind: string, plan: P, run: RoundRunner<P, R>): Promise<R> {
    return this.queue.submit({ plan, run: run as RoundRunner<unknown, unknown> }, { key: kind }) as Promise<R>;
  }

  /** Forgets the waiting round's place for new edits (tests: a new run). Queued edits still run. */
  clear(): void {
    this.queue.clear();
  }
}

/** A round runner that makes each edit on its own, in queue order; an edit's failure fails only that edit. */
export async function oneByOne<R>(edits: readonly (() => Promise<R>)[]): Promise<RoundOutcome<R>[]> {
  const outcomes: RoundOutcome<R>[] = [];
  for (const edit of edits) {
    try {
      outcomes.push({ ok: true, value: await edit() });
    } catch (error) {
      outcomes.push({ ok: false, error });
    }
  }
  return outcomes;
}
