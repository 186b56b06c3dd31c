import { POOL_TURN_SETTLE_MS, PoolRebootQueue } from "../../../../provider/host/power/reboot-queue";
import { manualSleep } from "../../../support/manual-sleep";


const settle = async (): Promise<void> => {
  for (let i = 0; i < 5; i += 1) await new Promise((resolve) => setImmediate(resolve));
};

/** A reboot the test ends by hand, recording when it started. */
function reboot(name: string, log: string[]): { work: () => Promise<string>; finish: () => void } {
  let finish: () => void = () => undefined;
  const done = new Promise<void>((resolve) => { finish = resolve; });
  return {
    work: async () => {
      log.push(`start ${name}`);
      await done;
      log.push(`end ${name}`);
      return name;
    },
    finish: () => { finish(); },
  };
}

describe("PoolRebootQueue", () => {
  test("reboots of one pool take turns, the master first among those waiting", async () => {
    const clock = manualSleep();
    const queue = new PoolRebootQueue(clock.sleep);
    const log: string[] = [];
    const member1 = reboot("member-1", log);
    const master = reboot("master", log);
    const member2 = reboot("member-2", log);
    const runs = [queue.run("pool", false, member1.work), queue.run("pool", true, master.work), queue.run("pool", false, member2.work)];
    await settle();
    expect(clock.waits).toEqual([POOL_TURN_SETTLE_MS]);
    expect(log).toEqual([]);
    clock.release();
    await settle();
    expect(log).toEqual(["start master"]);
    master.finish();
    await settle();
    clock.release();
    await settle();
    expect(log).toEqual(["start master", "end master", "start member-1"]);
    member1.finish();
    await settle();
    clock.release();
    await settle();
    member2.finish();
    await expect(Promise.all(runs)).resolves.toEqual(["member-1", "master", "member-2"]);
    expect(log).toEqual(["start master", "end master", "start member-1", "end member-1", "start member-2", "end member-2"]);
  });

  test("reboots of two pools do not wait for each other", async () => {
    const clock = manualSleep();
    const queue = new PoolRebootQueue(clock.sleep);
    const log: string[] = [];
    const a = reboot("a", log);
    const b = reboot("b", log);
    const runs = [queue.run("pool-a", false, a.work), queue.run("pool-b", false, b.work)];
    await settle();
    clock.release();
    await settle();
    expect(log).toEqual(["start a", "start b"]);
    a.finish();
    b.finish();
    await expect(Promise.all(runs)).resolves.toEqual(["a", "b"]);
  });

  test("a failed reboot passes its error on and frees the pool for the next", async () => {
    const clock = manualSleep();
    const queue = new PoolRebootQueue(clock.sleep);
    const failing = queue.run("pool", true, () => Promise.reject(new Error("evacuation refused")));
    const log: string[] = [];
    const next = reboot("member", log);
    const second = queue.run("pool", false, next.work);
    await settle();
    clock.release();
    await expect(failing).rejects.toThrow("evacuation refused");
    await settle();
    clock.release();
    await settle();
    next.finish();
    await expect(second).resolves.toBe("member");
  });
});
