import type { BatchWait, Scheduler } from "../../../provider/host/batch-timer";
import { PoolDirectory, PoolReads, poolKeyOf, type PoolAsker } from "../../../provider/host/pool-reads";
import type { PoolView } from "../../../provider/model/host-state";
import type { PoolPart } from "../../../provider/host/vm-listing";

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

  test("each shared fetch is run by the session that has run the fewest so far, the first asker among equals", async () => {
    const scheduler = manualScheduler();
    const calls: string[] = [];
    const pool = new PoolReads(scheduler.schedule);
    const askers = new Map(["a", "b", "c", "d"].map((name) => [name, fakeAsker(name, calls)]));
    const batch = async (names: readonly string[]): Promise<void> => {
      const parts = names.map((name) => {
        const asker = askers.get(name);
        if (asker === undefined) throw new Error(`no asker ${name}`);
        return pool.poolPart(asker, false);
      });
      expect(scheduler.waiting()).toBe(1);
      scheduler.flush();
      const answers = await Promise.all(parts);
      // Every asker of the batch got the part of the one that ran it.
      expect(new Set(answers).size).toBe(1);
      expect(answers[0]).toBe(askers.get(calls[calls.length - 1] ?? "")?.part);
      await settle();
    };
    await batch(["a", "b", "c"]); // a 0, b 0, c 0: a
    await batch(["a", "b", "c"]); // a 1, b 0, c 0: b
    await batch(["c", "b", "a"]); // c 0, b 1, a 1: c
    await batch(["b", "a"]); //      b 1, a 1: b
    await batch(["a", "b", "c"]); // a 1, b 2, c 1: a
    await batch(["c", "a", "b"]); // c 1, a 2, b 2: c
    await batch(["a", "b", "c", "d"]); // a 2, b 2, c 2, d 0: d
    await batch(["b"]); //           b alone, but d has run fewer: d
    expect(calls).toEqual(["a", "b", "c", "b", "a", "c", "d", "d"]);
    const ran = (name: string): number => calls.filter((call) => call === name).length;
    expect(["a", "b", "c", "d"].map(ran)).toEqual([2, 2, 2, 2]);
  });

  test("an enrolled session that is not asking runs a shared fetch when it has run the fewest; one that left runs none", async () => {
    const scheduler = manualScheduler();
    const calls: string[] = [];
    const pool = new PoolReads(scheduler.schedule);
    const [a, b, idle] = ["a", "b", "idle"].map((name) => fakeAsker(name, calls));
    if (a === undefined || b === undefined || idle === undefined) throw new Error("three sessions");
    for (const session of [a, b, idle]) pool.enroll(session);
    const run = async (askers: readonly FakeAsker[]): Promise<PoolPart[]> => {
      const parts = askers.map((asker) => pool.poolPart(asker, false));
      scheduler.flush();
      const answers = await Promise.all(parts);
      await settle();
      return answers;
    };
    await run([a]); //     a 0, b 0, idle 0: a, the asker
    await run([a]); //     a 1, b 0, idle 0: b, enrolled
    await expect(run([a, b])).resolves.toEqual([idle.part, idle.part]); // idle has run none
    pool.leave(idle);
    pool.leave(b);
    await run([a]); //     a 1 alone now
    expect(calls).toEqual(["a", "b", "idle", "a"]);
  });

  test("when a session that is not asking runs a failed shared fetch, every asker runs its own", async () => {
    const scheduler = manualScheduler();
    const calls: string[] = [];
    const pool = new PoolReads(scheduler.schedule);
    const idle = fakeAsker("idle", calls, [new Error("idle: connection lost")]);
    const [a, b] = ["a", "b"].map((name) => fakeAsker(name, calls));
    if (a === undefined || b === undefined) throw new Error("two askers");
    pool.enroll(idle);
    pool.enroll(a);
    pool.enroll(b);
    // a and b have each run one, so idle, which has run none, runs the next.
    for (const asker of [a, b]) {
      const part = pool.poolPart(asker, false);
      scheduler.flush();
      await part;
      await settle();
    }
    calls.splice(0);
    const parts = Promise.all([pool.poolPart(a, false), pool.poolPart(b, false)]);
    scheduler.flush();
    await expect(parts).resolves.toEqual([a.part, b.part]);
    expect(calls).toEqual(["idle", "a", "b"]);
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

  test("a failed shared fetch counts as run by the asker that ran it", async () => {
    const scheduler = manualScheduler();
    const calls: string[] = [];
    const pool = new PoolReads(scheduler.schedule);
    const a = fakeAsker("a", calls, [new Error("cut")]);
    const b = fakeAsker("b", calls);
    const failed = [pool.poolPart(a, false), pool.poolPart(b, false)];
    scheduler.flush();
    await expect(failed[0]).rejects.toThrow("cut");
    await expect(failed[1]).resolves.toBe(b.part);
    await settle();
    // b's own fetch was not a shared one: b has still run none, a one.
    const next = [pool.poolPart(a, false), pool.poolPart(b, false)];
    scheduler.flush();
    await expect(Promise.all(next)).resolves.toEqual([b.part, b.part]);
    expect(calls).toEqual(["a", "b", "b"]);
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
