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
 * turn and for the batching delay (batch-timer.ts) after it opened: the first
 * edits of a run arrive some milliseconds apart, and without the delay the
 * first of them committed alone, making the rest wait a whole commit. Each
 * method says how it runs a round: extlinux commits the round's text at once; xen-cmdline and
 * dom0-access make the round's edits one by one ({@link oneByOne}). A round
 * holds the edits of one method only. The host lock and the content checks of
 * the commits still guard against other processes and machines.
 */

import { timerScheduler, type BatchTimer, type Scheduler } from "../batch-timer";

/** The outcome of one edit of a round: its result, or its own error. */
export type RoundOutcome<R> = { readonly ok: true; readonly value: R } | { readonly ok: false; readonly error: unknown };

/** Makes every edit of a round; returns one outcome per edit, in order. A throw fails the whole round. */
export type RoundRunner<P, R> = (plans: readonly P[]) => Promise<RoundOutcome<R>[]>;

interface Settler<R> {
  readonly resolve: (value: R) => void;
  readonly reject: (error: unknown) => void;
}

interface Round<P, R> {
  readonly kind: string;
  readonly plans: P[];
  readonly settlers: Settler<R>[];
  /** The round's batching delay; told of each edit that joins. */
  timer?: BatchTimer;
}

/** A host's queue of boot configuration edits; see the module comment. */
export class BootEditQueue {
  /** Settles when every round queued so far has run. */
  private tail: Promise<void> = Promise.resolve();
  /** The round that waits for its turn and still takes edits. */
  private open: Round<unknown, unknown> | undefined;

  /** @param schedule - when a round may start, its turn come (default {@link timerScheduler}) */
  constructor(private readonly schedule: Scheduler = timerScheduler) {}

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
    let round = this.open as Round<P, R> | undefined;
    if (round === undefined || round.kind !== kind) {
      const opened: Round<P, R> = { kind, plans: [], settlers: [] };
      this.open = opened as Round<unknown, unknown>;
      const delayed = new Promise<void>((resolve) => {
        opened.timer = this.schedule(resolve);
      });
      // A round's failure is its edits' to report; the queue goes on.
      this.tail = this.tail.then(() => delayed).then(() => this.runRound(opened, run));
      round = opened;
    } else {
      round.timer?.joined();
    }
    round.plans.push(plan);
    const joined = round;
    return new Promise<R>((resolve, reject) => joined.settlers.push({ resolve, reject }));
  }

  /** Forgets the waiting round's place for new edits (tests: a new run). Queued edits still run. */
  clear(): void {
    this.open = undefined;
  }

  private async runRound<P, R>(round: Round<P, R>, run: RoundRunner<P, R>): Promise<void> {
    // From here on, new edits open the next round.
    if (this.open === (round as Round<unknown, unknown>)) this.open = undefined;
    let outcomes: RoundOutcome<R>[];
    try {
      outcomes = await run(round.plans);
    } catch (error) {
      for (const settler of round.settlers) settler.reject(error);
      return;
    }
    round.settlers.forEach((settler, i) => {
      const outcome = outcomes[i];
      if (outcome === undefined) settler.reject(new RangeError(`the round returned ${String(outcomes.length)} outcomes for ${String(round.plans.length)} edits`));
      else if (outcome.ok) settler.resolve(outcome.value);
      else settler.reject(outcome.error);
    });
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
