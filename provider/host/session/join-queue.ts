/**
 * The one coordination primitive of a host session: requests that arrive
 * while a job waits to start join that job, and one job runs at a time. The
 * session's reads (fresh-read.ts: every read of a wave shares one fetch, none
 * takes the answer of a fetch that began before it) and its boot-config edit
 * rounds (boot-config/edit-queue.ts: the edits queued together share one
 * read and one commit) are both this queue with a different job.
 *
 * - A request joins the job that waits to start, if it has the same key
 *   (edits of one method share a round; reads have one key); otherwise it
 *   opens a new job behind every job queued before it.
 * - A job's batching delay (batch-timer.ts: the one place of the debounce and
 *   of the wave wait) begins once the jobs before it have settled, so that
 *   the requests arriving meanwhile pile up behind it; when the delay ends
 *   the job starts, and from then on new requests open the next job.
 * - A job that throws rejects the requests that joined it, and only those;
 *   the queue goes on.
 * - A wave: when a request says it is one of a stream the engine keeps at its
 *   parallelism (a refresh), its job waits, before its debounce, for as many
 *   requests as the last job answered (at most `WAVE_MAX_WAIT_MS`), so that
 *   one wave of the engine is one job, not two.
 */
import { timerScheduler, type BatchTimer, type BatchWait, type Scheduler } from "./batch-timer";

/** The outcome of one request of a job: its value, or its own error. */
export type JobOutcome<R> = { readonly ok: true; readonly value: R } | { readonly ok: false; readonly error: unknown };

/** What a job is given: every request that joined it, in the order they came. */
export interface Job<Q, A> {
  /** The key every request of the job shares. */
  readonly key: string;
  readonly payloads: readonly Q[];
  /** The askers of the requests, in order (requests without one left out). */
  readonly askers: readonly A[];
  /** Whether a request said it is one of a wave. */
  readonly wave: boolean;
}

/** Runs a job: one outcome per request, in order. A throw fails every request of the job. */
export type JobRunner<Q, R, A> = (job: Job<Q, A>) => Promise<readonly JobOutcome<R>[]>;

/** How a request joins its job. */
export interface JoinOptions<A> {
  /** Requests of one key share a job (default `""`). */
  readonly key?: string;
  /** Who asks; the job is told. */
  readonly asker?: A;
  /** The request is one of a wave (see the module comment). */
  readonly wave?: boolean;
}

/** Where the queue's policy varies. */
export interface JoinPolicy {
  /** Whether a job of wave requests waits for its wave here (asked when the job is scheduled; default always). */
  readonly waitsForWaves?: () => boolean;
}

interface PendingJob<Q, R, A> {
  readonly key: string;
  readonly payloads: Q[];
  readonly askers: A[];
  wave: boolean;
  readonly settlers: { readonly resolve: (value: R) => void; readonly reject: (error: unknown) => void }[];
  /** The batching delay, once it began; told of each request that joins. */
  timer?: BatchTimer;
}

/** See the module comment. */
export class JoinQueue<Q, R, A = never> {
  /** The job that waits to start and takes requests of its key. */
  private waiting: PendingJob<Q, R, A> | undefined;
  /** Settles once every job queued so far has run. */
  private tail: Promise<void> = Promise.resolve();
  /** How many requests the last job that ran answered: the size of the engine's last wave. */
  private lastAnswered = 0;
  /** Whether no job has run yet, or none is queued: the next job's own request is the first of its wave. */
  private idle = true;

  /**
   * @param run - runs a job
   * @param schedule - the batching delay of a job (default {@link timerScheduler})
   * @param policy - where the policy varies
   */
  constructor(
    private readonly run: JobRunner<Q, R, A>,
    private readonly schedule: Scheduler = timerScheduler,
    private readonly policy: JoinPolicy = {},
  ) {}

  /** Joins the waiting job of the same key, or opens a new one; resolves with this request's outcome. */
  submit(payload: Q, options: JoinOptions<A> = {}): Promise<R> {
    const key = options.key ?? "";
    const waiting = this.waiting;
    const job = waiting?.key === key ? waiting : this.newJob(key);
    job.payloads.push(payload);
    if (options.asker !== undefined) job.askers.push(options.asker);
    if (options.wave === true) job.wave = true;
    const settled = new Promise<R>((resolve, reject) => job.settlers.push({ resolve, reject }));
    if (job === waiting) job.timer?.joined();
    else this.enqueue(job);
    return settled;
  }

  /** Forgets the waiting job's place for new requests (tests: a new run). Queued jobs still run. */
  clear(): void {
    this.waiting = undefined;
  }

  private newJob(key: string): PendingJob<Q, R, A> {
    const job: PendingJob<Q, R, A> = { key, payloads: [], askers: [], wave: false, settlers: [] };
    this.waiting = job;
    return job;
  }

  /** Queues `job` behind the others: its delay begins at once on an idle queue, else once the jobs before it settled. */
  private enqueue(job: PendingJob<Q, R, A>): void {
    // The first job of a wave: its own request is one of the wave already.
    const first = this.idle;
    this.idle = false;
    // The job starts inside the timer's callback, not a tick later: reads asked from then on open the next job.
    const delayThenRun = (): Promise<void> =>
      new Promise<void>((done) => {
        job.timer = this.schedule(() => {
          void this.runJob(job).then(done);
        }, this.waitOf(job, first));
      });
    const tail = first ? delayThenRun() : this.tail.then(delayThenRun);
    this.tail = tail;
    void tail.then(() => {
      if (this.tail === tail) this.idle = true;
    });
  }

  private waitOf(job: PendingJob<Q, R, A>, first: boolean): BatchWait {
    if (!job.wave || !(this.policy.waitsForWaves?.() ?? true)) return {};
    return { awaitJoins: first ? Math.max(0, this.lastAnswered - 1) : this.lastAnswered };
  }

  private async runJob(job: PendingJob<Q, R, A>): Promise<void> {
    // From here on, new requests open the next job.
    if (this.waiting === job) this.waiting = undefined;
    let outcomes: readonly JobOutcome<R>[];
    try {
      outcomes = await this.run({ key: job.key, payloads: [...job.payloads], askers: [...job.askers], wave: job.wave });
    } catch (error) {
      for (const settler of job.settlers) settler.reject(error);
      return;
    } finally {
      this.lastAnswered = job.payloads.length;
    }
    job.settlers.forEach((settler, i) => {
      const outcome = outcomes[i];
      if (outcome === undefined) settler.reject(new RangeError(`the job returned ${String(outcomes.length)} outcomes for ${String(job.payloads.length)} requests`));
      else if (outcome.ok) settler.resolve(outcome.value);
      else settler.reject(outcome.error);
    });
  }
}
