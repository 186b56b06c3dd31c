/**
 * Edits of one host's boot configuration that wait for the same turn are made
 * together: one read, one commit, one `extlinux -i` for all of them. A
 * `pulumi up` that hides eight devices on a host then commits once or twice
 * instead of eight times, one after the other, while every other resource
 * waits for a free engine slot. Rounds take their turn in the host's queue
 * (one-edit-per-host.ts), so they never overlap another edit of the host made
 * by this process.
 */
import { afterPreviousEdits } from "./one-edit-per-host";

/** The outcome of one edit of a round: its result, or its own error. */
export type RoundOutcome<R> = { readonly ok: true; readonly value: R } | { readonly ok: false; readonly error: unknown };

/** Makes every edit of a round at once; returns one outcome per edit, in order. */
export type RoundRunner<E, R> = (edits: readonly E[]) => Promise<RoundOutcome<R>[]>;

interface Round<E, R> {
  readonly edits: E[];
  readonly settlers: { resolve: (value: R) => void; reject: (error: unknown) => void }[];
}

/** Per round key: the round that has not started yet and still takes edits. */
const openRounds = new Map<string, Round<unknown, unknown>>();

/** Where an edit goes: the host's queue, and which edits may share a round. */
export interface RoundKeys {
  /** The host's queue of edits (`hostEditKey`). */
  readonly queue: string;
  /** Edits share a round only when this matches too: the same session (user, credentials), which runs the commit. */
  readonly round: string;
}

/**
 * Queues `edit` in the round that has not started yet for `keys.round`, or in
 * a new one that takes its turn in the host's queue. When the round's turn
 * comes, `run` (from the edit that opened the round) makes all of its edits.
 * A failure of the whole round (the commit) fails every edit of it; an edit's
 * own failure fails only that edit.
 */
export function inNextRound<E, R>(keys: RoundKeys, edit: E, run: RoundRunner<E, R>): Promise<R> {
  const key = keys.round;
  let round = openRounds.get(key) as Round<E, R> | undefined;
  if (round === undefined) {
    const opened: Round<E, R> = { edits: [], settlers: [] };
    openRounds.set(key, opened as Round<unknown, unknown>);
    void afterPreviousEdits(keys.queue, () => runRound(key, opened, run));
    round = opened;
  }
  round.edits.push(edit);
  return new Promise<R>((resolve, reject) => round.settlers.push({ resolve, reject }));
}

async function runRound<E, R>(key: string, round: Round<E, R>, run: RoundRunner<E, R>): Promise<void> {
  // From here on, new edits open the next round.
  if (openRounds.get(key) === (round as Round<unknown, unknown>)) openRounds.delete(key);
  let outcomes: RoundOutcome<R>[];
  try {
    outcomes = await run(round.edits);
  } catch (error) {
    for (const settler of round.settlers) settler.reject(error);
    return;
  }
  round.settlers.forEach((settler, i) => {
    const outcome = outcomes[i];
    if (outcome === undefined) settler.reject(new RangeError(`the round returned ${String(outcomes.length)} outcomes for ${String(round.edits.length)} edits`));
    else if (outcome.ok) settler.resolve(outcome.value);
    else settler.reject(outcome.error);
  });
}
