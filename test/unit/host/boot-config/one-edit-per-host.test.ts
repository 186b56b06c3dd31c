import { afterPreviousEdits } from "../../../../provider/host/boot-config/one-edit-per-host";

/** A promise with its resolve and reject exposed. */
function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void; reject: (error: Error) => void } {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe("afterPreviousEdits", () => {
  test("edits of one host start only after the previous one settled, in the order they were queued", async () => {
    const log: string[] = [];
    const first = deferred<string>();
    const second = deferred<string>();
    const a = afterPreviousEdits("h:22", () => (log.push("a starts"), first.promise));
    const b = afterPreviousEdits("h:22", () => (log.push("b starts"), second.promise));
    const c = afterPreviousEdits("h:22", () => (log.push("c starts"), Promise.resolve("c")));
    await settle();
    expect(log).toEqual(["a starts"]);
    first.reject(new Error("a failed"));
    await expect(a).rejects.toThrow("a failed");
    await settle();
    expect(log).toEqual(["a starts", "b starts"]);
    second.resolve("b");
    await expect(b).resolves.toBe("b");
    await expect(c).resolves.toBe("c");
    expect(log).toEqual(["a starts", "b starts", "c starts"]);
  });

  test("edits of different hosts run at the same time", async () => {
    const log: string[] = [];
    const held = deferred<undefined>();
    const a = afterPreviousEdits("one:22", () => (log.push("one"), held.promise));
    const b = afterPreviousEdits("two:22", () => (log.push("two"), Promise.resolve(undefined)));
    await expect(b).resolves.toBeUndefined();
    expect(log).toEqual(["one", "two"]);
    held.resolve(undefined);
    await a;
  });
});
