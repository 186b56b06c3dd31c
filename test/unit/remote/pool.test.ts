import { SessionPool, type PoolResource } from "../../../provider/remote/pool";

/** A session that records whether it was closed, and each idle change. */
class FakeSession implements PoolResource {
  closed = false;
  readonly idleChanges: boolean[] = [];
  constructor(readonly id: number) {}
  close(): Promise<void> {
    this.closed = true;
    return Promise.resolve();
  }
  setIdle(idle: boolean): void {
    this.idleChanges.push(idle);
  }
}

/** An `open` function that numbers the sessions it makes. */
function opener(): { open: () => Promise<FakeSession>; made: FakeSession[] } {
  const made: FakeSession[] = [];
  return {
    made,
    open: () => {
      const session = new FakeSession(made.length + 1);
      made.push(session);
      return Promise.resolve(session);
    },
  };
}

describe("SessionPool", () => {
  let pool: SessionPool<FakeSession>;

  beforeEach(() => {
    jest.useFakeTimers();
    pool = new SessionPool<FakeSession>({ idleMs: 2000, maxLeasesPerResource: 2 });
  });

  afterEach(async () => {
    await pool.closeAll();
    jest.useRealTimers();
  });

  it("shares one session between concurrent callers of one key", async () => {
    const { open, made } = opener();
    const [a, b] = await Promise.all([pool.acquire("h", open), pool.acquire("h", open)]);

    expect(made).toHaveLength(1);
    expect(a.resource).toBe(b.resource);
  });

  it("keeps different keys on different sessions", async () => {
    const { open, made } = opener();
    const a = await pool.acquire("h1", open);
    const b = await pool.acquire("h2", open);

    expect(made.map((s) => s.id)).toEqual([1, 2]);
    expect(a.resource).not.toBe(b.resource);
  });

  it("makes a caller wait for a free slot when a session is at its lease limit", async () => {
    const { open } = opener();
    const first = await pool.acquire("h", open);
    await pool.acquire("h", open);
    let thirdGranted = false;
    const third = pool.acquire("h", open).then((lease) => {
      thirdGranted = true;
      return lease;
    });
    await Promise.resolve();

    expect(thirdGranted).toBe(false);
    first.release();
    expect((await third).resource).toBe(first.resource);
  });

  it("closes a session after it has been idle for idleMs, and opens a new one next time", async () => {
    const { open, made } = opener();
    const lease = await pool.acquire("h", open);
    lease.release();
    jest.advanceTimersByTime(1999);

    expect(made[0]?.closed).toBe(false);
    jest.advanceTimersByTime(1);
    expect(made[0]?.closed).toBe(true);
    expect(pool.size).toBe(0);
    expect((await pool.acquire("h", open)).resource.id).toBe(2);
  });

  it("tells a session it is idle when its last lease is released, and busy when leased again", async () => {
    const { open, made } = opener();
    const a = await pool.acquire("h", open);
    const b = await pool.acquire("h", open);
    a.release();
    expect(made[0]?.idleChanges).toEqual([]);
    b.release();
    expect(made[0]?.idleChanges).toEqual([true]);
    (await pool.acquire("h", open)).release();
    expect(made[0]?.idleChanges).toEqual([true, false, true]);
  });

  it("an idle timer does not keep the process alive", async () => {
    const { open } = opener();
    const setTimeoutSpy = jest.spyOn(globalThis, "setTimeout");
    (await pool.acquire("h", open)).release();
    const timer = setTimeoutSpy.mock.results.at(-1)?.value as NodeJS.Timeout;
    setTimeoutSpy.mockRestore();
    expect(timer.hasRef()).toBe(false);
  });

  it("does not close a session that was taken again before the idle timer fired", async () => {
    const { open, made } = opener();
    (await pool.acquire("h", open)).release();
    jest.advanceTimersByTime(1500);
    await pool.acquire("h", open);
    jest.advanceTimersByTime(5000);

    expect(made[0]?.closed).toBe(false);
  });

  it("forgets a failed open so that the next caller tries again", async () => {
    const failing = (): Promise<FakeSession> => Promise.reject(new Error("refused"));

    await expect(pool.acquire("h", failing)).rejects.toThrow("refused");
    expect(pool.size).toBe(0);
    const { open } = opener();
    expect((await pool.acquire("h", open)).resource.id).toBe(1);
  });

  it("opens a new session after the pooled one was evicted", async () => {
    const { open } = opener();
    const lease = await pool.acquire("h", open);
    pool.evict("h", lease.resource);
    lease.release();

    expect((await pool.acquire("h", open)).resource.id).toBe(2);
  });

  it("ignores an eviction of a session that is no longer the pooled one", async () => {
    const { open } = opener();
    const stale = new FakeSession(99);
    await pool.acquire("h", open);
    pool.evict("h", stale);

    expect((await pool.acquire("h", open)).resource.id).toBe(1);
  });

  it("closes every session on closeAll, leased or not", async () => {
    const { open, made } = opener();
    await pool.acquire("h1", open);
    (await pool.acquire("h2", open)).release();
    await pool.closeAll();

    expect(made.map((s) => s.closed)).toEqual([true, true]);
    expect(pool.size).toBe(0);
  });
});
