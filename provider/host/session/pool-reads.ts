/**
 * The pool part of the listing (vm-listing.ts: every guest, every member),
 * shared among the sessions of one pool's members. `xe` on any member
 * answers for the whole pool, so when the resources of a run spread over the
 * members, one `xe vm-list` can answer them all instead of one per member.
 *
 * The rules, and why:
 * - A session shares only once its own listing has shown its host as a member
 *   of this pool: its own credentials have read the same answer over its own
 *   connection, so nothing it is handed is more than it could read itself.
 * - The read rule holds across members: a member's fetch joins a shared fetch
 *   that has not started yet, or schedules one (fresh-read.ts).
 * - Of the members asking together, the one that has run the fewest shared
 *   fetches so far runs it over its own connection (the first of them on a
 *   tie). Which member runs it changes no load on xapi: a member forwards
 *   every `xe` command to the pool master (xen-api `xapi_cli.ml`, "Forward if
 *   we're not the master"), so the master answers every listing whoever asks.
 *   What it spreads is the channels: a member's connection runs its own reads
 *   and writes too, and the engine's reads come in the order of the program,
 *   often one member's resources after another's, so the first asker would
 *   be the same member batch after batch.
 * - One member's failure is not another's: when the shared fetch fails, the
 *   member that ran it gets the error, and every other asker runs the pool
 *   part over its own connection instead.
 */
import type { PoolView } from "../../model/host-state";
import type { Scheduler } from "./batch-timer";
import { FreshRead } from "./fresh-read";
import type { PoolPart } from "../reads/vm-listing";

/** A member's session, as the pool sees it. */
export interface PoolAsker {
  /** Runs the pool part over the member's own connection. */
  fetchPoolPart(): Promise<PoolPart>;
}

/** A shared fetch's outcome: who ran it, and its result or error (never a rejection). */
interface SharedAnswer {
  readonly ranBy: PoolAsker;
  readonly outcome: { readonly ok: true; readonly part: PoolPart } | { readonly ok: false; readonly error: unknown };
}

/** The pool part of one pool, shared by its members' sessions; see the module comment. */
export class PoolReads {
  private readonly shared: FreshRead<SharedAnswer, PoolAsker>;
  /** How many shared fetches each member has run. */
  private readonly runs = new Map<PoolAsker, number>();

  /** @param schedule - when a shared fetch starts */
  constructor(schedule: Scheduler) {
    this.shared = new FreshRead((batch) => this.fetch(batch.askers), schedule);
  }

  /**
   * The pool part from a fetch that starts after this call, run by the
   * member asking together with it that has run the fewest so far.
   *
   * @param asker - the asking member's session
   * @param wave - the read is one of a refresh's waves (fresh-read.ts `ReadOptions.wave`)
   * @throws the error of the shared fetch when `asker` ran it; the error of its own fetch when it had to run one
   */
  async poolPart(asker: PoolAsker, wave: boolean): Promise<PoolPart> {
    const { ranBy, outcome } = await this.shared.read({ asker, wave });
    if (outcome.ok) return outcome.part;
    if (ranBy === asker) throw outcome.error;
    return asker.fetchPoolPart();
  }

  private async fetch(askers: readonly PoolAsker[]): Promise<SharedAnswer> {
    const ranBy = leastBusy(askers, (asker) => this.runs.get(asker) ?? 0);
    if (ranBy === undefined) throw new RangeError("PoolReads: a shared fetch with no asker");
    this.runs.set(ranBy, (this.runs.get(ranBy) ?? 0) + 1);
    try {
      return { ranBy, outcome: { ok: true, part: await ranBy.fetchPoolPart() } };
    } catch (error) {
      return { ranBy, outcome: { ok: false, error } };
    }
  }
}

/** The asker with the fewest runs, the first of them on a tie; `undefined` for none. */
function leastBusy<A>(askers: readonly A[], runsOf: (asker: A) => number): A | undefined {
  let best: A | undefined;
  for (const asker of askers) if (best === undefined || runsOf(asker) < runsOf(best)) best = asker;
  return best;
}

/**
 * The key of a pool: its members' UUIDs, sorted. `undefined` for a host alone
 * (nothing to share) and for a view that does not list the host itself.
 */
export function poolKeyOf(view: PoolView): string | undefined {
  const members = view.members.map((member) => member.uuid);
  if (members.length < 2 || !members.includes(view.hostUuid)) return undefined;
  return [...members].sort().join(",");
}

/** The pools of a run, by {@link poolKeyOf}: where the members' sessions meet. */
export class PoolDirectory {
  private readonly pools = new Map<string, PoolReads>();

  /** @param schedule - when the pools' shared fetches start */
  constructor(private readonly schedule: Scheduler) {}

  /** The shared reads of the pool `view` shows, or `undefined` when there is none to share. */
  poolOf(view: PoolView): PoolReads | undefined {
    const key = poolKeyOf(view);
    if (key === undefined) return undefined;
    let pool = this.pools.get(key);
    if (pool === undefined) {
      pool = new PoolReads(this.schedule);
      this.pools.set(key, pool);
    }
    return pool;
  }

  /** Forgets every pool (a new `pulumi` command): each session shares again only after its own listing. */
  clear(): void {
    this.pools.clear();
  }
}
