import type { Scheduler } from "../../../../provider/host/session/batch-timer";
import { BootEditQueue, oneByOne, type RoundOutcome } from "../../../../provider/host/boot-config/edit-queue";

const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** No batching delay: a round starts as soon as its turn comes. */
const atOnce: Scheduler = (start) => {
  start();
  return { joined: () => undefined };
};

/** A scheduler the test fires by hand, counting the edits that joined each delay. */
function manualScheduler(): { schedule: Scheduler; fire: () => void; joins: number[] } {
  const starts: (() => void)[] = [];
  const joins: number[] = [];
  return {
    joins,
    schedule: (start) => {
      const index = joins.push(0) - 1;
      starts.push(start);
      return { joined: () => { joins[index] = (joins[index] ?? 0) + 1; } };
    },
    fire: () => starts.shift()?.(),
  };
}

/** A runner that records each round's edits and waits for the test to finish it. */
function heldRunner(): { run: (edits: readonly string[]) => Promise<RoundOutcome<string>[]>; rounds: string[][]; finish: () => void } {
  const rounds: string[][] = [];
  const waiting: (() => void)[] = [];
  return {
    rounds,
    run: (edits) => {
      rounds.push([...edits]);
      return new Promise((resolve) => {
        waiting.push(() => {
          resolve(edits.map((edit) => ({ ok: true, value: `done ${edit}` })));
        });
      });
    },
    finish: () => waiting.shift()?.(),
  };
}

describe("BootEditQueue", () => {
  test("edits queued while a round runs are made together in the next round, each with its own result", async () => {
    const queue = new BootEditQueue(atOnce);
    const runner = heldRunner();
    const first = queue.submit("extlinux", "a", runner.run);
    await settle();
    const later = ["b", "c", "d"].map((edit) => queue.submit("extlinux", edit, runner.run));
    await settle();
    expect(runner.rounds).toEqual([["a"]]);
    runner.finish();
    await expect(first).resolves.toBe("done a");
    await settle();
    expect(runner.rounds).toEqual([["a"], ["b", "c", "d"]]);
    runner.finish();
    await expect(Promise.all(later)).resolves.toEqual(["done b", "done c", "done d"]);
  });

  test("edits of another method wait for a round of their own, after the rounds queued before them", async () => {
    const queue = new BootEditQueue(atOnce);
    const runner = heldRunner();
    const edits = [
      queue.submit("extlinux", "x1", runner.run),
      queue.submit("xen-cmdline", "c1", runner.run),
      queue.submit("xen-cmdline", "c2", runner.run),
      queue.submit("extlinux", "x2", runner.run),
    ];
    await settle();
    expect(runner.rounds).toEqual([["x1"]]);
    runner.finish();
    await settle();
    expect(runner.rounds).toEqual([["x1"], ["c1", "c2"]]);
    runner.finish();
    await settle();
    expect(runner.rounds).toEqual([["x1"], ["c1", "c2"], ["x2"]]);
    runner.finish();
    await expect(Promise.all(edits)).resolves.toEqual(["done x1", "done c1", "done c2", "done x2"]);
  });

  test("the queues of two hosts run at the same time", async () => {
    const one = new BootEditQueue(atOnce);
    const two = new BootEditQueue(atOnce);
    const runner = heldRunner();
    const edits = [one.submit("extlinux", "a", runner.run), two.submit("extlinux", "b", runner.run)];
    await settle();
    expect(runner.rounds).toEqual([["a"], ["b"]]);
    runner.finish();
    runner.finish();
    await expect(Promise.all(edits)).resolves.toEqual(["done a", "done b"]);
  });

  test("an edit's own failure fails only that edit; a failed round fails all of its edits, and the next round still runs", async () => {
    const queue = new BootEditQueue(atOnce);
    const mixed = (edits: readonly string[]): Promise<RoundOutcome<string>[]> =>
      Promise.resolve(edits.map((edit) => (edit === "bad" ? { ok: false, error: new Error("label xe is missing") } : { ok: true, value: edit })));
    const own = [queue.submit("extlinux", "good", mixed), queue.submit("extlinux", "bad", mixed)];
    await expect(own[0]).resolves.toBe("good");
    await expect(own[1]).rejects.toThrow("label xe is missing");
    const failing = (): Promise<RoundOutcome<string>[]> => Promise.reject(new Error("the commit script was killed"));
    const round = [queue.submit("extlinux", "x", failing), queue.submit("extlinux", "y", failing)];
    await expect(round[0]).rejects.toThrow("the commit script was killed");
    await expect(round[1]).rejects.toThrow("the commit script was killed");
    await expect(queue.submit("extlinux", "z", mixed)).resolves.toBe("z");
  });
});

describe("BootEditQueue's batching delay", () => {
  test("a round starts once its delay has passed, with every edit queued until then, each telling the delay", async () => {
    const timer = manualScheduler();
    const queue = new BootEditQueue(timer.schedule);
    const runner = heldRunner();
    const first = ["a", "b", "c"].map((edit) => queue.submit("extlinux", edit, runner.run));
    await settle();
    expect(runner.rounds).toEqual([]);
    expect(timer.joins).toEqual([2]);
    timer.fire();
    await settle();
    expect(runner.rounds).toEqual([["a", "b", "c"]]);
    runner.finish();
    await expect(Promise.all(first)).resolves.toEqual(["done a", "done b", "done c"]);
  });

  test("a round opened while the round before it runs begins its delay once that one ends, and takes the edits queued meanwhile", async () => {
    const timer = manualScheduler();
    const queue = new BootEditQueue(timer.schedule);
    const runner = heldRunner();
    const first = queue.submit("extlinux", "a", runner.run);
    timer.fire();
    await settle();
    const second = queue.submit("extlinux", "b", runner.run);
    // No delay is scheduled while the round before it runs: nothing to fire.
    timer.fire();
    await settle();
    expect(runner.rounds).toEqual([["a"]]);
    const third = queue.submit("extlinux", "c", runner.run);
    runner.finish();
    await expect(first).resolves.toBe("done a");
    await settle();
    expect(runner.rounds).toEqual([["a"]]);
    timer.fire();
    await settle();
    expect(runner.rounds).toEqual([["a"], ["b", "c"]]);
    runner.finish();
    await expect(Promise.all([second, third])).resolves.toEqual(["done b", "done c"]);
  });
});

describe("oneByOne", () => {
  test("makes each edit after the previous one settled, in order, and a failure fails only its edit", async () => {
    const log: string[] = [];
    const edit = (name: string, fail = false) => async (): Promise<string> => {
      log.push(`${name} starts`);
      await settle();
      log.push(`${name} ends`);
      if (fail) throw new Error(`${name} failed`);
      return name;
    };
    const outcomes = await oneByOne([edit("a"), edit("b", true), edit("c")]);
    expect(log).toEqual(["a starts", "a ends", "b starts", "b ends", "c starts", "c ends"]);
    expect(outcomes).toEqual([{ ok: true, value: "a" }, { ok: false, error: new Error("b failed") }, { ok: true, value: "c" }]);
  });
});
