import type { BatchWait, Scheduler } from "../../../../provider/host/session/batch-timer";
import { PoolDirectory, PoolReads, poolKeyOf, type PoolAsker } from "../../../../provider/host/session/pool-reads";
import type { PoolView } from "../../../../provider/model/host-state";
import type { PoolPart } from "../../../../provider/host/reads/vm-listing";

const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** A scheduler the test runs by hand: `flush()` starts every scheduled fetch; `waits` records what each scheduling was told. */
function manualScheduler(): { schedule: Scheduler; flush: () => void; waiting: () => number; waits: (BatchWait | undefined)[] } {
  const queued: (() => void)[] = [];
  const waits: (BatchWait | undefined)[] = [];
  return {
    waits,
    schedule: (start, wait) => {
      queued.push(start);
      waits.push(wait);
      return { joined: () => undefined };
    },
    flush: () => { queued.splice(0).forEach((start) => { start(); }); },
    waiting: () => queued.length,
  };
}

/** The pool part a member's own connection reads: its `xe vm-list` and `xe host-list` results. */
function partOf(name: string): PoolPart {
  return {
    vms: { stdout: `vms read by ${name}`, stderr: "", exitCode: 0 },
    hosts: { stdout: `hosts read by ${name}`, stderr: "", exitCode: 0 },
  };
}

/** A member's session: each call of `fetchPoolPart` is logged in `calls` and answers with the next outcome (its own part once they run out). */
interface FakeAsker extends PoolAsker {
  readonly name: string;
  readonly part: PoolPart;
}

function fakeAsker(name: string, calls: string[], outcomes: (PoolPart | Error)[] = []): FakeAsker {
  const part = partOf(name);
  return {
    name,
    part,
    fetchPoolPart: () => {
      calls.push(name);
      const outcome = outcomes.shift() ?? part;
      return outcome instanceof Error ? Promise.reject(outcome) : Promise.resolve(outcome);
    },
  };
}

/** A view of `hostUuid` in a pool of `members`. */
function view(hostUuid: string, members: readonly string[]): PoolView {
  return { hostUuid, members: members.map((uuid, index) => ({ uuid, nameLabel: `xs${index + 1}` })) };
}

const UUID_A = "0b6c9a4e-7f0e-4d52-9a1c-2c3b1f4d5e60";
const UUID_B = "5d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6";
const UUID_C = "c8f7e6d5-c4b3-4a29-9180-7f6e5d4c3b2a";

describe("PoolReads", () => {
  test("the askers of one batch share one fetch, run by the first of them", async () => {
    const scheduler = manualScheduler();
    const calls: string[] = [];
    const pool = new PoolReads(scheduler.schedule);
    const [a, b, c] = ["a", "b", "c"].map((name) => fakeAsker(name, calls));
    if (a === undefined || b === undefined || c === undefined) throw new Error("three askers");
    const parts = [pool.poolPart(a, false), pool.poolPart(b, false), pool.poolPart(c, false)];
    expect(scheduler.waiting()).toBe(1);
    expect(calls).toEqual([]);
    scheduler.flush();
    const answers = await Promise.all(parts);
    expect(calls).toEqual(["a"]);
    expect(answers).toHaveLength(3);
    for (const answer of answers) expect(answer).toBe(a.part);
  });

  test("each batch's shared fetch is run by its asker that has run the fewest so far, the first of them on a tie", async () => {
    const scheduler = manualScheduler();
    const calls: string[] = [];
    const pool = new PoolReads(scheduler.schedule);
    const askers = new Map(["a", "b", "c"].map((name) => [name, fakeAsker(name, calls)]));
    // Runs so far before each batch, and who runs it: a,b,c 0,0,0 → a; a,b 1,0 → b; c,a 0,1 → c; a,b 1,1 → a; b 2,1 → b.
    const batches: [string[], string][] = [[["a", "b", "c"], "a"], [["a", "b"], "b"], [["c", "a"], "c"], [["a", "b"], "a"], [["b"], "b"]];
    for (const [names, runner] of batches) {
      const parts = names.map((name) => {
        const asker = askers.get(name);
        if (asker === undefined) throw new Error(`no asker ${name}`);
        return pool.poolPart(asker, false);
      });
      scheduler.flush();
      const answers = await Promise.all(parts);
      for (const answer of answers) expect(answer).toBe(askers.get(runner)?.part);
      await settle();
    }
    expect(calls).toEqual(["a", "b", "c", "a", "b"]);
  });

  test("a failed shared fetch: the asker that ran it gets its error, every other asker its own fetch's result or error", async () => {
    const scheduler = manualScheduler();
    const calls: string[] = [];
    const pool = new PoolReads(scheduler.schedule);
    const sharedError = new Error("xe vm-list over a's connection failed");
    const ownError = new Error("xe vm-list over c's connection failed");
    const a = fakeAsker("a", calls, [sharedError]);
    const b = fakeAsker("b", calls);
    const c = fakeAsker("c", calls, [ownError]);
    const d = fakeAsker("d", calls);
    const parts = [pool.poolPart(a, false), pool.poolPart(b, false), pool.poolPart(c, false), pool.poolPart(d, false)];
    scheduler.flush();
    const outcomes = await Promise.allSettled(parts);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(["rejected", "fulfilled", "rejected", "fulfilled"]);
    const answers = outcomes.map((outcome): unknown => (outcome.status === "fulfilled" ? outcome.value : outcome.reason));
    expect(answers[0]).toBe(sharedError);
    expect(answers[1]).toBe(b.part);
    expect(answers[2]).toBe(ownError);
    expect(answers[3]).toBe(d.part);
    // The shared fetch, then each other asker's own fetch, once each; nothing was scheduled for them.
    expect(calls).toEqual(["a", "b", "c", "d"]);
    expect(scheduler.waiting()).toBe(0);
  });

  test("a read asked while a shared fetch runs waits for the next one", async () => {
    const scheduler = manualScheduler();
    const calls: string[] = [];
    const pool = new PoolReads(scheduler.schedule);
    const a = fakeAsker("a", calls);
    const b = fakeAsker("b", calls);
    const first = pool.poolPart(a, false);
    scheduler.flush();
    const second = pool.poolPart(b, false);
    await expect(first).resolves.toBe(a.part);
    await settle();
    expect(calls).toEqual(["a"]);
    scheduler.flush();
    await expect(second).resolves.toBe(b.part);
    expect(calls).toEqual(["a", "b"]);
  });

  test("a wave read makes the shared fetch wait for the rest of its wave", async () => {
    const scheduler = manualScheduler();
    const calls: string[] = [];
    const pool = new PoolReads(scheduler.schedule);
    const a = fakeAsker("a", calls);
    const b = fakeAsker("b", calls);
    const first = [pool.poolPart(a, true), pool.poolPart(b, true)];
    scheduler.flush();
    await Promise.all(first);
    await settle();
    const second = pool.poolPart(b, true);
    scheduler.flush();
    await second;
    await settle();
    const third = pool.poolPart(a, false);
    scheduler.flush();
    await third;
    expect(scheduler.waits).toStrictEqual([{ awaitJoins: 0 }, { awaitJoins: 1 }, {}]);
  });
});

describe("poolKeyOf", () => {
  test("the members' UUIDs, sorted, joined by commas", () => {
    expect(poolKeyOf(view(UUID_B, [UUID_C, UUID_A, UUID_B]))).toBe(`${UUID_A},${UUID_B},${UUID_C}`);
    expect(poolKeyOf(view(UUID_C, [UUID_C, UUID_A]))).toBe(`${UUID_A},${UUID_C}`);
  });

  test("undefined for a host alone", () => {
    expect(poolKeyOf(view(UUID_A, [UUID_A]))).toBeUndefined();
  });

  test("undefined for a view whose host is not among its members", () => {
    expect(poolKeyOf(view(UUID_C, [UUID_A, UUID_B]))).toBeUndefined();
  });
});

describe("PoolDirectory", () => {
  test("views of the same members, in another order and from another member, give the same pool", () => {
    const directory = new PoolDirectory(manualScheduler().schedule);
    const pool = directory.poolOf(view(UUID_A, [UUID_A, UUID_B, UUID_C]));
    expect(pool).toBeInstanceOf(PoolReads);
    expect(directory.poolOf(view(UUID_C, [UUID_C, UUID_B, UUID_A]))).toBe(pool);
    expect(directory.poolOf(view(UUID_B, [UUID_B, UUID_A, UUID_C]))).toBe(pool);
  });

  test("other members make another pool", () => {
    const directory = new PoolDirectory(manualScheduler().schedule);
    const three = directory.poolOf(view(UUID_A, [UUID_A, UUID_B, UUID_C]));
    const two = directory.poolOf(view(UUID_A, [UUID_A, UUID_B]));
    expect(two).toBeInstanceOf(PoolReads);
    expect(two).not.toBe(three);
  });

  test("no pool for a host alone, nor for a view that does not list its host", () => {
    const directory = new PoolDirectory(manualScheduler().schedule);
    expect(directory.poolOf(view(UUID_A, [UUID_A]))).toBeUndefined();
    expect(directory.poolOf(view(UUID_C, [UUID_A, UUID_B]))).toBeUndefined();
  });

  test("after clear(), the same members make a new pool", () => {
    const directory = new PoolDirectory(manualScheduler().schedule);
    const before = directory.poolOf(view(UUID_A, [UUID_A, UUID_B]));
    directory.clear();
    const after = directory.poolOf(view(UUID_B, [UUID_B, UUID_A]));
    expect(after).toBeInstanceOf(PoolReads);
    expect(after).not.toBe(before);
    expect(directory.poolOf(view(UUID_A, [UUID_A, UUID_B]))).toBe(after);
  });

  test("its pools' shared fetches start on the directory's scheduler", async () => {
    const scheduler = manualScheduler();
    const directory = new PoolDirectory(scheduler.schedule);
    const pool = directory.poolOf(view(UUID_A, [UUID_A, UUID_B]));
    if (pool === undefined) throw new Error("a pool of two");
    const calls: string[] = [];
    const a = fakeAsker("a", calls);
    const part = pool.poolPart(a, false);
    expect(scheduler.waiting()).toBe(1);
    expect(calls).toEqual([]);
    scheduler.flush();
    await expect(part).resolves.toBe(a.part);
    expect(calls).toEqual(["a"]);
  });
});
