import { BATCH_MAX_WAIT_MS, BATCH_QUIET_MS, timerScheduler, type Scheduler } from "../../../provider/host/batch-timer";
import { FreshRead } from "../../../provider/host/fresh-read";

const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** A scheduler the test runs by hand: `flush()` starts every scheduled fetch; `joins()` counts the reads that joined one. */
function manualScheduler(): { schedule: Scheduler; flush: () => void; waiting: () => number; joins: () => number } {
  const queued: (() => void)[] = [];
  let joins = 0;
  return {
    schedule: (start) => {
      queued.push(start);
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

describe("FreshRead", () => {
  test("reads asked while a fetch is being scheduled share that one fetch", async () => {
    const scheduler = manualScheduler();
    const host = hostFetch();
    const read = new FreshRead(host.fetch, scheduler.schedule);
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
    const scheduler = manualScheduler();
    const host = hostFetch();
    const read = new FreshRead(host.fetch, scheduler.schedule);
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
    const scheduler = manualScheduler();
    const host = hostFetch();
    const read = new FreshRead(host.fetch, scheduler.schedule);
    const first = read.read();
    scheduler.flush();
    host.answer();
    await expect(first).resolves.toBe("v1");
    host.host.state = "v2";
    const second = read.read();
    scheduler.flush();
    host.answer();
    await expect(second).resolves.toBe("v2");
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

  describe("the default timer (a debounce)", () => {
    beforeEach(() => { jest.useFakeTimers(); });
    afterEach(() => { jest.useRealTimers(); });

    test("starts the fetch once no read has joined for the quiet time", () => {
      const started: number[] = [];
      const timer = timerScheduler(() => started.push(Date.now()));
      const t0 = Date.now();
      jest.advanceTimersByTime(BATCH_QUIET_MS - 5);
      timer.joined();
      jest.advanceTimersByTime(BATCH_QUIET_MS - 1);
      expect(started).toEqual([]);
      jest.advanceTimersByTime(1);
      expect(started).toEqual([t0 + 2 * BATCH_QUIET_MS - 5]);
    });

    test("starts the fetch at the latest after the maximum wait, however many reads keep joining", () => {
      const started: number[] = [];
      const timer = timerScheduler(() => started.push(Date.now()));
      const t0 = Date.now();
      for (let elapsed = 0; elapsed < 3 * BATCH_MAX_WAIT_MS; elapsed += 5) {
        timer.joined();
        jest.advanceTimersByTime(5);
      }
      expect(started).toEqual([t0 + BATCH_MAX_WAIT_MS]);
    });
  });
});
