import { inNextRound, type RoundOutcome } from "../../../../provider/host/boot-config/edit-rounds";

const H = { queue: "h:22", round: "h:22:root" };
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

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

describe("inNextRound", () => {
  test("edits queued while a round runs are made together in the next round, each with its own result", async () => {
    const runner = heldRunner();
    const first = inNextRound(H, "a", runner.run);
    await settle();
    const later = ["b", "c", "d"].map((edit) => inNextRound(H, edit, runner.run));
    await settle();
    expect(runner.rounds).toEqual([["a"]]);
    runner.finish();
    await expect(first).resolves.toBe("done a");
    await settle();
    expect(runner.rounds).toEqual([["a"], ["b", "c", "d"]]);
    runner.finish();
    await expect(Promise.all(later)).resolves.toEqual(["done b", "done c", "done d"]);
  });

  test("edits of one host by other credentials wait for their own round", async () => {
    const runner = heldRunner();
    const edits = [inNextRound(H, "root's", runner.run), inNextRound({ queue: "h:22", round: "h:22:admin" }, "admin's", runner.run)];
    await settle();
    expect(runner.rounds).toEqual([["root's"]]);
    runner.finish();
    await settle();
    expect(runner.rounds).toEqual([["root's"], ["admin's"]]);
    runner.finish();
    await expect(Promise.all(edits)).resolves.toEqual(["done root's", "done admin's"]);
  });

  test("edits of different hosts never share a round", async () => {
    const runner = heldRunner();
    const edits = [inNextRound({ queue: "one:22", round: "one:22:root" }, "a", runner.run), inNextRound({ queue: "two:22", round: "two:22:root" }, "b", runner.run)];
    await settle();
    expect(runner.rounds).toEqual([["a"], ["b"]]);
    runner.finish();
    runner.finish();
    await expect(Promise.all(edits)).resolves.toEqual(["done a", "done b"]);
  });

  test("an edit's own failure fails only that edit; a failed round fails all of its edits, and the next round still runs", async () => {
    const mixed = (edits: readonly string[]): Promise<RoundOutcome<string>[]> =>
      Promise.resolve(edits.map((edit) => (edit === "bad" ? { ok: false, error: new Error("label xe is missing") } : { ok: true, value: edit })));
    const own = [inNextRound(H, "good", mixed), inNextRound(H, "bad", mixed)];
    await expect(own[0]).resolves.toBe("good");
    await expect(own[1]).rejects.toThrow("label xe is missing");
    const failing = (): Promise<RoundOutcome<string>[]> => Promise.reject(new Error("the commit script was killed"));
    const round = [inNextRound(H, "x", failing), inNextRound(H, "y", failing)];
    await expect(round[0]).rejects.toThrow("the commit script was killed");
    await expect(round[1]).rejects.toThrow("the commit script was killed");
    await expect(inNextRound(H, "z", mixed)).resolves.toBe("z");
  });
});
