import { HostOperations, REBOOT_SETTLE_MS } from "../../../../provider/host/session/host-operations";
import { manualSleep } from "../../../support/manual-sleep";


const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe("HostOperations", () => {
  test("the reboot waits until no operation runs, then for the settle time, and runs once for every request", async () => {
    const clock = manualSleep();
    const ops = new HostOperations(clock.sleep);
    const reboots: string[][] = [];
    let finishWork: () => void = () => undefined;
    const work = ops.during(() => new Promise<void>((resolve) => { finishWork = resolve; }));
    const first = ops.requestReboot("0000:01:00.0", (addresses) => { reboots.push([...addresses]); return Promise.resolve(); });
    const second = ops.requestReboot("0000:06:00.0", (addresses) => { reboots.push(["second", ...addresses]); return Promise.resolve(); });
    await settle();
    expect(clock.waits).toEqual([]);
    finishWork();
    await work;
    await settle();
    expect(clock.waits).toEqual([REBOOT_SETTLE_MS]);
    clock.release();
    await expect(Promise.all([first, second])).resolves.toEqual(["rebooted", "rebooted"]);
    expect(reboots).toEqual([["0000:01:00.0", "0000:06:00.0"]]);
  });

  test("an operation that starts during the settle time holds the reboot back until it ends", async () => {
    const clock = manualSleep();
    const ops = new HostOperations(clock.sleep);
    let rebooted = false;
    const request = ops.requestReboot("a", () => { rebooted = true; return Promise.resolve(); });
    await settle();
    let finishWork: () => void = () => undefined;
    const work = ops.during(() => new Promise<void>((resolve) => { finishWork = resolve; }));
    clock.release();
    await settle();
    expect(rebooted).toBe(false);
    finishWork();
    await work;
    await settle();
    clock.release();
    await request;
    expect(rebooted).toBe(true);
  });

  test("a second request after the run's reboot reboots nothing; a new run may reboot again", async () => {
    const ops = new HostOperations(() => Promise.resolve());
    let count = 0;
    const reboot = (): Promise<void> => { count += 1; return Promise.resolve(); };
    await expect(ops.requestReboot("a", reboot)).resolves.toBe("rebooted");
    await settle();
    await expect(ops.requestReboot("b", reboot)).resolves.toBe("already-rebooted");
    ops.clear();
    await expect(ops.requestReboot("c", reboot)).resolves.toBe("rebooted");
    expect(count).toBe(2);
  });

  test("a failed reboot rejects every request that shared it", async () => {
    const ops = new HostOperations(() => Promise.resolve());
    const failing = (): Promise<void> => Promise.reject(new Error("the host did not come back"));
    const requests = [ops.requestReboot("a", failing), ops.requestReboot("b", failing)];
    await expect(requests[0]).rejects.toThrow("the host did not come back");
    await expect(requests[1]).rejects.toThrow("the host did not come back");
  });

  test("an operation that starts while the reboot runs waits for it", async () => {
    const ops = new HostOperations(() => Promise.resolve());
    let finishReboot: () => void = () => undefined;
    const order: string[] = [];
    const request = ops.requestReboot("a", () => new Promise<void>((resolve) => { order.push("reboot started"); finishReboot = () => { order.push("reboot done"); resolve(); }; }));
    await settle();
    await settle();
    const work = ops.during(() => { order.push("work"); return Promise.resolve(); });
    await settle();
    expect(order).toEqual(["reboot started"]);
    finishReboot();
    await Promise.all([request, work]);
    expect(order).toEqual(["reboot started", "reboot done", "work"]);
  });
});
