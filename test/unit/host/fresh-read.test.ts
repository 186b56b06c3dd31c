import { FreshRead, type Scheduler } from "../../../provider/host/fresh-read";

const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** A scheduler the test runs by hand: `flush()` starts every scheduled fetch. */
function manualScheduler(): { schedule: Scheduler; flush: () => void; waiting: () => number } {
  const queued: (() => void)[] = [];
  return {
    schedule: (start) => queued.push(start),
    flush: () => { queued.splice(0).forEach((start) => { start(); }); },
    waiting: () => queued.length,
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
});
