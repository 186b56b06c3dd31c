import {
  BATCH_MAX_WAIT_MS,
  BATCH_QUIET_MS,
  WAVE_MAX_WAIT_MS,
  timerScheduler,
  type BatchWait,
  type Scheduler,
} from "../../../../provider/host/session/batch-timer";
import { FreshRead, type FetchBatch } from "../../../../provider/host/session/fresh-read";

const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * A scheduler the test runs by hand: `flush()` starts every scheduled fetch;
 * `joins()` counts the reads that joined one; `waits` records what each
 * scheduling was told to wait for, in order (`undefined` when told nothing).
 */
function manualScheduler(): { schedule: Scheduler; flush: () => void; waiting: () => number; joins: () => number; waits: (BatchWait | undefined)[] } {
  const queued: (() => void)[] = [];
  const waits: (BatchWait | undefined)[] = [];
  let joins = 0;
  return {
    waits,
    schedule: (start, wait) => {
      queued.push(start);
      waits.push(wait);
      return { joined: () => { joins += 1; } };
    },
    flush: () => { queued.splice(0).forEach((start) => { start(); }); },
    waiting: () => queued.length,
    joins: () => joins,
  };
}

/** A fetch whose calls the test answers one by one, with the host's state at the moment the fetch started. */
function hostFetch(): { fetch: () => Promise<string>; started: () => number; answer: () => void; host: { state: string } } {
  const host = { state: "v1" };
  const calls: (() => void)[] = [];
  return {
    host,
    fetch: () => {
      const seen = host.state;
      return new Promise<string>((resolve) => calls.push(() => { resolve(seen); }));
    },
    started: () => calls.length,
    answer: () => calls.shift()?.(),
  };
}

/** A FreshRead of a host fetch the test answers by hand, scheduled by hand. */
function freshReadUnderTest(): { scheduler: ReturnType<typeof manualScheduler>; host: ReturnType<typeof hostFetch>; read: FreshRead<string> } {
  const scheduler = manualScheduler();
  const host = hostFetch();
  return { scheduler, host, read: new FreshRead(host.fetch, scheduler.schedule) };
}

/** Starts the scheduled fetch and answers it with the host's state when it started; resolves to what `reads` got. */
function fetchAndAnswer(scheduler: { flush: () => void }, host: { answer: () => void }, reads: readonly Promise<string>[]): Promise<string[]> {
  scheduler.flush();
  host.answer();
  return Promise.all(reads);
}

describe("FreshRead", () => {
  test("reads asked while a fetch is being scheduled share that one fetch", async () => {
    const { scheduler, host, read } = freshReadUnderTest();
    const reads = [read.read(), read.read(), read.read()];
    expect(host.started()).toBe(0);
    // The two reads that joined told the timer, which may then wait a little longer.
    expect(scheduler.joins()).toBe(2);
    scheduler.flush();
    expect(host.started()).toBe(1);
    host.answer();
    await expect(Promise.all(reads)).resolves.toEqual(["v1", "v1", "v1"]);
  });

  test("a read asked after a fetch started never takes its answer: it waits for a fetch that starts after it", async () => {
    const { scheduler, host, read } = freshReadUnderTest();
    const early = read.read();
    scheduler.flush();
    // The host changes after the first fetch started, and then the second read is asked.
    host.host.state = "v2";
    const late = read.read();
    const alsoLate = read.read();
    // The next fetch is scheduled only once the running one has settled.
    expect(scheduler.waiting()).toBe(0);
    host.answer();
    await expect(early).resolves.toBe("v1");
    await settle();
    expect(scheduler.waiting()).toBe(1);
    scheduler.flush();
    expect(host.started()).toBe(1);
    host.answer();
    await expect(Promise.all([late, alsoLate])).resolves.toEqual(["v2", "v2"]);
  });

  test("a read after a settled fetch fetches again", async () => {
    const { scheduler, host, read } = freshReadUnderTest();
    const first = read.read();
    await expect(fetchAndAnswer(scheduler, host, [first])).resolves.toEqual(["v1"]);
    host.host.state = "v2";
    const second = read.read();
    await expect(fetchAndAnswer(scheduler, host, [second])).resolves.toEqual(["v2"]);
  });

  test("a failed fetch rejects the reads that joined it, and only those", async () => {
    const scheduler = manualScheduler();
    let calls = 0;
    const read = new FreshRead(() => {
      calls += 1;
      return calls === 1 ? Promise.reject(new Error("the listing was cut")) : Promise.resolve("v2");
    }, scheduler.schedule);
    const failed = [read.read(), read.read()];
    scheduler.flush();
    await expect(failed[0]).rejects.toThrow("the listing was cut");
    await expect(failed[1]).rejects.toThrow("the listing was cut");
    const next = read.read();
    scheduler.flush();
    await expect(next).resolves.toBe("v2");
  });

  test("with the default timer, reads of the same moment cost one fetch", async () => {
    let calls = 0;
    const read = new FreshRead(() => Promise.resolve(++calls));
    await expect(Promise.all([read.read(), read.read(), read.read()])).resolves.toEqual([1, 1, 1]);
    await expect(read.read()).resolves.toBe(2);
  });

  /** A fetch that records what it was told and answers at once with the number of its call. */
  function recordingFetch(): { fetch: (batch: FetchBatch<string>) => Promise<string>; batches: FetchBatch<string>[] } {
    const batches: FetchBatch<string>[] = [];
    return {
      batches,
      fetch: (batch) => {
        batches.push(batch);
        return Promise.resolve(`fetch ${batches.length}`);
      },
    };
  }

  test("the fetch is told the askers of its reads in the order they asked, reads without one left out", async () => {
    const scheduler = manualScheduler();
    const host = recordingFetch();
    const read = new FreshRead<string, string>(host.fetch, scheduler.schedule);
    const first = [read.read({ asker: "b" }), read.read(), read.read({ asker: "a", wave: false }), read.read({ asker: "c" })];
    scheduler.flush();
    await expect(Promise.all(first)).resolves.toEqual(["fetch 1", "fetch 1", "fetch 1", "fetch 1"]);
    await settle();
    const second = [read.read(), read.read({ wave: false })];
    scheduler.flush();
    await expect(Promise.all(second)).resolves.toEqual(["fetch 2", "fetch 2"]);
    expect(host.batches).toStrictEqual([
      { askers: ["b", "a", "c"], wave: false },
      { askers: [], wave: false },
    ]);
  });

  test("the fetch is told wave when any read of its batch said wave, whichever read it was", async () => {
    const scheduler = manualScheduler();
    const host = recordingFetch();
    const read = new FreshRead<string, string>(host.fetch, scheduler.schedule);
    const batches = [
      [read.read({ asker: "a" }), read.read({ asker: "b", wave: true }), read.read({ wave: false })],
    ];
    scheduler.flush();
    await settle();
    batches.push([read.read({ wave: true }), read.read({ asker: "c" })]);
    scheduler.flush();
    await settle();
    batches.push([read.read({ asker: "d", wave: false })]);
    scheduler.flush();
    await expect(Promise.all(batches.map((reads) => Promise.all(reads)))).resolves.toEqual([
      ["fetch 1", "fetch 1", "fetch 1"],
      ["fetch 2", "fetch 2"],
      ["fetch 3"],
    ]);
    expect(host.batches).toStrictEqual([
      { askers: ["a", "b"], wave: true },
      { askers: ["c"], wave: true },
      { askers: ["d"], wave: false },
    ]);
  });

  test("while the read waits for waves elsewhere, a wave read schedules its fetch without a wait here, and still tells the fetch it is one of a wave", async () => {
    const scheduler = manualScheduler();
    const host = recordingFetch();
    let waitsHere = false;
    const read = new FreshRead<string, string>(host.fetch, scheduler.schedule, () => waitsHere);
    const first = [read.read({ wave: true }), read.read({ wave: true }), read.read({ wave: true })];
    scheduler.flush();
    await expect(Promise.all(first)).resolves.toEqual(["fetch 1", "fetch 1", "fetch 1"]);
    await settle();
    const second = read.read({ wave: true });
    waitsHere = true;
    const third = [read.read({ wave: true })];
    scheduler.flush();
    await expect(second).resolves.toBe("fetch 2");
    await settle();
    const fourth = read.read({ wave: true });
    scheduler.flush();
    await expect(Promise.all([...third, fourth])).resolves.toEqual(["fetch 2", "fetch 3"]);
    // Asked when each fetch is scheduled: no wait for the first two, then the 1 other read of a wave of 2.
    expect(scheduler.waits).toStrictEqual([{}, {}, { awaitJoins: 1 }]);
    expect(host.batches.map((batch) => batch.wave)).toEqual([true, true, true]);
  });

  test("the first fetch of a wave read waits for no join: there was no last wave", async () => {
    const { scheduler, host, read } = freshReadUnderTest();
    const reads = [read.read({ wave: true }), read.read({ wave: true })];
    expect(scheduler.waits).toStrictEqual([{ awaitJoins: 0 }]);
    await expect(fetchAndAnswer(scheduler, host, reads)).resolves.toEqual(["v1", "v1"]);
  });

  test("after a fetch that answered 3 reads has settled, a wave read waits for the 2 other reads of its wave", async () => {
    const { scheduler, host, read } = freshReadUnderTest();
    // The first read says no wave: the batch is scheduled at once, without a wait.
    const first = [read.read(), read.read({ wave: true }), read.read()];
    await expect(fetchAndAnswer(scheduler, host, first)).resolves.toEqual(["v1", "v1", "v1"]);
    await settle();
    expect(scheduler.waits).toStrictEqual([{}]);
    const second = read.read({ wave: true });
    expect(scheduler.waits).toStrictEqual([{}, { awaitJoins: 2 }]);
    await expect(fetchAndAnswer(scheduler, host, [second])).resolves.toEqual(["v1"]);
    await settle();
    // The last wave was that one read.
    const third = read.read({ wave: true });
    expect(scheduler.waits).toStrictEqual([{}, { awaitJoins: 2 }, { awaitJoins: 0 }]);
    await expect(fetchAndAnswer(scheduler, host, [third])).resolves.toEqual(["v1"]);
  });

  test("a wave read asked while a fetch of 3 reads runs is scheduled once it settles, to wait for 3 joins", async () => {
    const { scheduler, host, read } = freshReadUnderTest();
    const running = [read.read(), read.read(), read.read()];
    expect(scheduler.joins()).toBe(2);
    scheduler.flush();
    const late = [read.read({ wave: true }), read.read({ wave: true })];
    // Nothing is scheduled while the fetch runs, and the read that joined had no timer to tell.
    expect(scheduler.waits).toStrictEqual([{}]);
    expect(scheduler.waiting()).toBe(0);
    expect(scheduler.joins()).toBe(2);
    host.answer();
    await expect(Promise.all(running)).resolves.toEqual(["v1", "v1", "v1"]);
    await settle();
    expect(scheduler.waits).toStrictEqual([{}, { awaitJoins: 3 }]);
    expect(scheduler.waiting()).toBe(1);
    // A read that joins now tells the timer.
    late.push(read.read());
    expect(scheduler.joins()).toBe(3);
    scheduler.flush();
    expect(host.started()).toBe(1);
    host.answer();
    await expect(Promise.all(late)).resolves.toEqual(["v1", "v1", "v1"]);
  });

  test("reads that say no wave always schedule their fetch without a wait", async () => {
    const { scheduler, host, read } = freshReadUnderTest();
    // The first fetch.
    const first = [read.read(), read.read({ wave: false }), read.read()];
    scheduler.flush();
    // Asked while a fetch of 3 reads runs.
    const second = [read.read({ wave: false }), read.read(), read.read()];
    host.answer();
    await expect(Promise.all(first)).resolves.toEqual(["v1", "v1", "v1"]);
    await settle();
    await expect(fetchAndAnswer(scheduler, host, second)).resolves.toEqual(["v1", "v1", "v1"]);
    await settle();
    // After a fetch of 3 reads settled, nothing pending.
    const third = read.read();
    expect(scheduler.waits).toStrictEqual([{}, {}, {}]);
    await expect(fetchAndAnswer(scheduler, host, [third])).resolves.toEqual(["v1"]);
  });

  test("a failed fetch counts its reads as answered, for the wait of the next wave", async () => {
    const scheduler = manualScheduler();
    let calls = 0;
    const read = new FreshRead(() => {
      calls += 1;
      return calls <= 2 ? Promise.reject(new Error(`the listing was cut (${calls})`)) : Promise.resolve("v2");
    }, scheduler.schedule);
    const failed = [read.read({ wave: true }), read.read({ wave: true })];
    scheduler.flush();
    await expect(failed[0]).rejects.toThrow("the listing was cut (1)");
    await expect(failed[1]).rejects.toThrow("the listing was cut (1)");
    await settle();
    // Nothing pending: the 2 reads the failed fetch answered are followed by 1 more.
    const alsoFailed = [read.read({ wave: true }), read.read()];
    expect(scheduler.waits).toStrictEqual([{ awaitJoins: 0 }, { awaitJoins: 1 }]);
    scheduler.flush();
    // Asked while the second fetch, of 2 reads, runs (and fails).
    const next = read.read({ wave: true });
    await expect(alsoFailed[0]).rejects.toThrow("the listing was cut (2)");
    await expect(alsoFailed[1]).rejects.toThrow("the listing was cut (2)");
    await settle();
    expect(scheduler.waits).toStrictEqual([{ awaitJoins: 0 }, { awaitJoins: 1 }, { awaitJoins: 2 }]);
    scheduler.flush();
    await expect(next).resolves.toBe("v2");
    expect(calls).toBe(3);
  });

  describe("the default timer, for a batch that awaits joins", () => {
    beforeEach(() => { jest.useFakeTimers(); });
    afterEach(() => { jest.useRealTimers(); });

    test("begins the debounce only once the awaited joins have come, even past the maximum wait", () => {
      const started: number[] = [];
      const timer = timerScheduler(() => started.push(Date.now()), { awaitJoins: 2 });
      const t0 = Date.now();
      jest.advanceTimersByTime(BATCH_MAX_WAIT_MS + 10);
      expect(started).toEqual([]);
      // One of two: no debounce yet.
      timer.joined();
      jest.advanceTimersByTime(BATCH_QUIET_MS + 10);
      expect(started).toEqual([]);
      // Two of two, at t0 + 95: the debounce begins.
      timer.joined();
      jest.advanceTimersByTime(BATCH_QUIET_MS - 1);
      expect(started).toEqual([]);
      jest.advanceTimersByTime(1);
      expect(started).toEqual([t0 + BATCH_MAX_WAIT_MS + 10 + BATCH_QUIET_MS + 10 + BATCH_QUIET_MS]);
      // The cap's timer was replaced, not added to.
      jest.advanceTimersByTime(2 * WAVE_MAX_WAIT_MS);
      expect(started).toHaveLength(1);
    });

    test("each join after the awaited ones pushes the start back by the quiet time", () => {
      const started: number[] = [];
      const timer = timerScheduler(() => started.push(Date.now()), { awaitJoins: 1 });
      const t0 = Date.now();
      jest.advanceTimersByTime(100);
      timer.joined();
      jest.advanceTimersByTime(BATCH_QUIET_MS - 5);
      timer.joined();
      jest.advanceTimersByTime(BATCH_QUIET_MS - 1);
      expect(started).toEqual([]);
      jest.advanceTimersByTime(1);
      expect(started).toEqual([t0 + 100 + 2 * BATCH_QUIET_MS - 5]);
    });

    test("starts at the latest the wave's maximum wait after it was scheduled, however many reads keep joining", () => {
      const started: number[] = [];
      const timer = timerScheduler(() => started.push(Date.now()), { awaitJoins: 1 });
      const t0 = Date.now();
      for (let elapsed = 0; elapsed < 3 * WAVE_MAX_WAIT_MS; elapsed += 5) {
        timer.joined();
        jest.advanceTimersByTime(5);
      }
      expect(started).toEqual([t0 + WAVE_MAX_WAIT_MS]);
    });

    test("the last awaited join just before the cap: the debounce is cut at the cap", () => {
      const started: number[] = [];
      const timer = timerScheduler(() => started.push(Date.now()), { awaitJoins: 2 });
      const t0 = Date.now();
      timer.joined();
      jest.advanceTimersByTime(WAVE_MAX_WAIT_MS - 5);
      timer.joined();
      jest.advanceTimersByTime(4);
      expect(started).toEqual([]);
      jest.advanceTimersByTime(1);
      expect(started).toEqual([t0 + WAVE_MAX_WAIT_MS]);
    });

    test("starts the wave's maximum wait after it was scheduled when the awaited joins never come", () => {
      const started: number[] = [];
      const timer = timerScheduler(() => started.push(Date.now()), { awaitJoins: 3 });
      const t0 = Date.now();
      jest.advanceTimersByTime(10);
      timer.joined();
      jest.advanceTimersByTime(10);
      timer.joined();
      jest.advanceTimersByTime(WAVE_MAX_WAIT_MS - 21);
      expect(started).toEqual([]);
      jest.advanceTimersByTime(1);
      expect(started).toEqual([t0 + WAVE_MAX_WAIT_MS]);
      // A join after the start starts nothing more.
      timer.joined();
      jest.advanceTimersByTime(WAVE_MAX_WAIT_MS);
      expect(started).toHaveLength(1);
    });

    test.each<[string, BatchWait, number]>([
      ["awaits 1 join", { awaitJoins: 1 }, WAVE_MAX_WAIT_MS],
      ["awaits 3 joins", { awaitJoins: 3 }, WAVE_MAX_WAIT_MS],
      ["awaits none", {}, BATCH_MAX_WAIT_MS],
    ])("start never runs inside joined(), even when the last join comes after the cap would have passed (%s)", (_name, wait, cap) => {
      const started: number[] = [];
      const timer = timerScheduler(() => started.push(Date.now()), wait);
      const t0 = Date.now();
      for (let join = 1; join < (wait.awaitJoins ?? 1); join += 1) timer.joined();
      // The clock moves past the cap without the timers running (a busy event loop).
      jest.setSystemTime(t0 + cap + 40);
      timer.joined();
      expect(started).toEqual([]);
      jest.advanceTimersByTime(0);
      expect(started).toEqual([t0 + cap + 40]);
      jest.advanceTimersByTime(2 * WAVE_MAX_WAIT_MS);
      expect(started).toHaveLength(1);
    });

    // The plain debounce: without the argument, as reads that say no wave schedule.
    describe.each<[string, BatchWait | undefined]>([
      ["no argument", undefined],
      ["no wait", {}],
      ["awaitJoins: 0", { awaitJoins: 0 }],
    ])("%s behaves as the plain debounce", (_name, wait) => {
      test("starts the quiet time after it was scheduled when no read joins", () => {
        const started: number[] = [];
        timerScheduler(() => started.push(Date.now()), wait);
        const t0 = Date.now();
        jest.advanceTimersByTime(BATCH_QUIET_MS - 1);
        expect(started).toEqual([]);
        jest.advanceTimersByTime(1);
        expect(started).toEqual([t0 + BATCH_QUIET_MS]);
      });

      test("starts once no read has joined for the quiet time", () => {
        const started: number[] = [];
        const timer = timerScheduler(() => started.push(Date.now()), wait);
        const t0 = Date.now();
        jest.advanceTimersByTime(BATCH_QUIET_MS - 5);
        timer.joined();
        jest.advanceTimersByTime(BATCH_QUIET_MS - 1);
        expect(started).toEqual([]);
        jest.advanceTimersByTime(1);
        expect(started).toEqual([t0 + 2 * BATCH_QUIET_MS - 5]);
      });

      test("starts at the latest after the maximum wait, however many reads keep joining", () => {
        const started: number[] = [];
        const timer = timerScheduler(() => started.push(Date.now()), wait);
        const t0 = Date.now();
        for (let elapsed = 0; elapsed < 3 * BATCH_MAX_WAIT_MS; elapsed += 5) {
          timer.joined();
          jest.advanceTimersByTime(5);
        }
        expect(started).toEqual([t0 + BATCH_MAX_WAIT_MS]);
      });
    });
  });
});
