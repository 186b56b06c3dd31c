import { SharedReads } from "../../../provider/host/shared-read";

/** A fetch whose answer the test releases, counting how often it ran. */
function controlledFetch(): { fetch: () => Promise<string>; calls: () => number; answer: (value: string) => void; fail: (error: Error) => void } {
  let calls = 0;
  const pending: { resolve: (v: string) => void; reject: (e: Error) => void }[] = [];
  return {
    fetch: () => {
      calls += 1;
      return new Promise<string>((resolve, reject) => pending.push({ resolve, reject }));
    },
    calls: () => calls,
    answer: (value) => pending.shift()?.resolve(value),
    fail: (error) => pending.shift()?.reject(error),
  };
}

describe("SharedReads", () => {
  let clock = 0;
  const now = (): number => clock;
  beforeEach(() => {
    clock = 1_000;
  });

  test("reads made while a fetch runs join it: one fetch, one value for all", async () => {
    const shared = new SharedReads<string>({ windowMs: 2_000, now });
    const source = controlledFetch();
    const reads = [shared.read("h", source.fetch), shared.read("h", source.fetch)];
    clock += 500;
    reads.push(shared.read("h", source.fetch));
    source.answer("listing-1");
    await expect(Promise.all(reads)).resolves.toEqual([
      { value: "listing-1", startedAt: 1_000 },
      { value: "listing-1", startedAt: 1_000 },
      { value: "listing-1", startedAt: 1_000 },
    ]);
    expect(source.calls()).toBe(1);
  });

  test("a finished fetch answers reads until the window after its start has passed, then a new fetch runs", async () => {
    const shared = new SharedReads<string>({ windowMs: 2_000, now });
    const source = controlledFetch();
    const first = shared.read("h", source.fetch);
    source.answer("listing-1");
    await first;
    clock = 3_000;
    await expect(shared.read("h", source.fetch)).resolves.toEqual({ value: "listing-1", startedAt: 1_000 });
    clock = 3_001;
    const late = shared.read("h", source.fetch);
    source.answer("listing-2");
    await expect(late).resolves.toEqual({ value: "listing-2", startedAt: 3_001 });
    expect(source.calls()).toBe(2);
  });

  test("keys do not share: each host has its own fetch", async () => {
    const shared = new SharedReads<string>({ windowMs: 2_000, now });
    const source = controlledFetch();
    const a = shared.read("host-a", source.fetch);
    const b = shared.read("host-b", source.fetch);
    source.answer("a");
    source.answer("b");
    await expect(Promise.all([a, b])).resolves.toEqual([
      { value: "a", startedAt: 1_000 },
      { value: "b", startedAt: 1_000 },
    ]);
    expect(source.calls()).toBe(2);
  });

  test("a failed fetch fails every read that joined it and is not reused", async () => {
    const shared = new SharedReads<string>({ windowMs: 2_000, now });
    const source = controlledFetch();
    const reads = [shared.read("h", source.fetch), shared.read("h", source.fetch)];
    source.fail(new Error("xapi is down"));
    await expect(reads[0]).rejects.toThrow("xapi is down");
    await expect(reads[1]).rejects.toThrow("xapi is down");
    const retry = shared.read("h", source.fetch);
    source.answer("listing-2");
    await expect(retry).resolves.toEqual({ value: "listing-2", startedAt: 1_000 });
    expect(source.calls()).toBe(2);
  });

  test("forget makes the next read fetch even within the window", async () => {
    const shared = new SharedReads<string>({ windowMs: 2_000, now });
    const source = controlledFetch();
    const first = shared.read("h", source.fetch);
    source.answer("before the change");
    await first;
    shared.forget("h");
    const second = shared.read("h", source.fetch);
    source.answer("after the change");
    await expect(second).resolves.toEqual({ value: "after the change", startedAt: 1_000 });
    expect(source.calls()).toBe(2);
  });
});

describe("SharedReads.seed", () => {
  test("a seeded value answers reads within the window without a fetch", async () => {
    let clock = 5_000;
    const shared = new SharedReads<string>({ windowMs: 2_000, now: () => clock });
    const fetch = jest.fn(() => Promise.resolve("fetched"));
    shared.seed("h", "written");
    clock += 2_000;
    await expect(shared.read("h", fetch)).resolves.toEqual({ value: "written", startedAt: 5_000 });
    clock += 1;
    await expect(shared.read("h", fetch)).resolves.toEqual({ value: "fetched", startedAt: 7_001 });
    expect(fetch).toHaveBeenCalledTimes(1);
  });
});
