import { inNextRound, type RoundOutcome } from "../../../../provider/host/boot-config/edit-rounds";

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
    const first = inNextRound("h:22", "a", runner.run);
    await settle();
    const later = ["b", "c", "d"].map((edit) => inNextRound("h:22", edit, runner.run));
    await settle();
    expect(runner.rounds).toEqual([["a"]]);
    runner.finish();
    await expect(first).resolves.toBe("done a");
    await settle();
    expect(runner.rounds).toEqual([["a"], ["b", "c", "d"]]);
    runner.finish();
    await expect(Promise.all(later)).resolves.toEqual(["done b", "done c", "done d"]);
  });

  test("edits of different hosts never share a round", async () => {
    const runner = heldRunner();
    const edits = [inNextRound("one:22", "a", runner.run), inNextRound("two:22", "b", runner.run)];
    await settle();
    expect(runner.rounds).toEqual([["a"], ["b"]]);
    runner.finish();
    runner.finish();
    await expect(Promise.all(edits)).resolves.toEqual(["done a", "done b"]);
  });

  test("an edit's own failure fails only that edit; a failed round fails all of its edits, and the next round still runs", async () => {
    const mixed = (edits: readonly string[]): Promise<RoundOutcome<string>[]> =>
      Promise.resolve(edits.map((edit) => (edit === "bad" ? { ok: false, error: new Error("label xe is missing") } : { ok: true, value: edit })));
    const own = [inNextRound("h:22", "good", mixed), inNextRound("h:22", "bad", mixed)];
    await expect(own[0]).resolves.toBe("good");
    await expect(own[1]).rejects.toThrow("label xe is missing");
    const failing = (): Promise<RoundOutcome<string>[]> => Promise.reject(new Error("the commit script was killed"));
    const round = [inNextRound("h:22", "x", failing), inNextRound("h:22", "y", failing)];
    await expect(round[0]).rejects.toThrow("the commit script was killed");
    await expect(round[1]).rejects.toThrow("the commit script was killed");
    await expect(inNextRound("h:22", "z", mixed)).resolves.toBe("z");
  });
});
