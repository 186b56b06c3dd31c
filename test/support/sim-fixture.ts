/**
 * The one way tests start and stop a simulated host or pool: called in a
 * `describe`, `useSimHost` / `useSimPool` registers a `beforeAll` that starts
 * one in a fresh temporary directory and an `afterAll` that runs `beforeStop`,
 * stops it and removes the directory (with `each: true`, a fresh one for every
 * test, in `beforeEach` / `afterEach`).
 *
 * ```ts
 * describe("PciAssignment on a simulated host", () => {
 *   const sim = useSimHost({ profile: "xs62" }, { beforeStop: closeSessions });
 *   let connection: Connection;
 *   beforeAll(() => {
 *     connection = simConnection(sim); // hooks declared after the fixture see the host running
 *   });
 *   test("…", () => {
 *     expect(sim.state().vms).toHaveLength(3);
 *   });
 * });
 * ```
 *
 * What it returns stands for the host or pool that is running: every property
 * and method is the running one's, so tests and helpers use it as they would
 * the `SimHost` / `SimPool` itself. Used before the fixture's `beforeAll` has
 * run (at the top of a `describe`, or in a hook declared before it), it throws.
 * Jest runs `afterAll` hooks in the order they are declared, so the fixture
 * stops the host before the `describe`'s own `afterAll` hooks run: what must
 * end while the host still runs (the sessions, a plugin process) goes in
 * `beforeStop`.
 *
 * Where a hook does not fit (a host per case inside one test, several hosts
 * started together), `startTempSimHost` / `startTempSimPool` start one the
 * same way and hand back its `stop()`.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startSimHost, startSimPool, type SimHost, type SimPool, type StartSimOptions, type StartSimPoolOptions } from "../../sim";

/** How a host is started and stopped, beside the simulator's own options. */
export interface TempSimOptions {
  /** Prefix of the temporary directory's name, to tell the tests' directories apart. Default `xspci-sim-`. */
  readonly name?: string;
  /** Runs before the host stops: close what talks to it (`closeSessions`, a plugin process). */
  readonly beforeStop?: () => unknown;
}

/** How the fixture runs the host. */
export interface SimFixtureOptions extends TempSimOptions {
  /** A fresh host for every test (`beforeEach` / `afterEach`) rather than one for the whole `describe`. */
  readonly each?: boolean;
}

/** A host or pool running in a temporary directory of its own. */
export interface TempSim<T extends SimHost | SimPool> {
  readonly sim: T;
  /** The temporary directory: the host lives in `dir/host` (a pool in `dir/pool`), the rest is the test's. */
  readonly dir: string;
  /** Runs `beforeStop`, stops the host and removes the directory. */
  readonly stop: () => Promise<void>;
}

/** Host options without `dir`, which the fixture makes; a function is called when the host starts. */
export type SimHostOptions = Omit<StartSimOptions, "dir">;
export type SimPoolOptions = Omit<StartSimPoolOptions, "dir">;

type Lazy<T> = T | (() => T);

const resolve = <T>(options: Lazy<T>): T => (typeof options === "function" ? (options as () => T)() : options);

/** A simulated host for the tests of the enclosing `describe`. */
export function useSimHost(options: Lazy<SimHostOptions> = {}, fixture: SimFixtureOptions = {}): SimHost {
  return useSim("host", fixture, () => startTempSimHost(resolve(options), fixture));
}

/** A simulated pool for the tests of the enclosing `describe`. */
export function useSimPool(options: Lazy<SimPoolOptions>, fixture: SimFixtureOptions = {}): SimPool {
  return useSim("pool", fixture, () => startTempSimPool(resolve(options), fixture));
}

/** Starts a simulated host in a fresh temporary directory; its `stop()` ends it. */
export function startTempSimHost(options: SimHostOptions = {}, temp: TempSimOptions = {}): Promise<TempSim<SimHost>> {
  return startTemp(temp, (dir) => startSimHost({ ...options, dir: path.join(dir, "host") }));
}

/** Starts a simulated pool in a fresh temporary directory; its `stop()` ends it. */
export function startTempSimPool(options: SimPoolOptions, temp: TempSimOptions = {}): Promise<TempSim<SimPool>> {
  return startTemp(temp, (dir) => startSimPool({ ...options, dir: path.join(dir, "pool") }));
}

async function startTemp<T extends SimHost | SimPool>(temp: TempSimOptions, start: (dir: string) => Promise<T>): Promise<TempSim<T>> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), temp.name ?? "xspci-sim-"));
  let sim: T;
  try {
    sim = await start(dir);
  } catch (error) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    sim,
    dir,
    stop: async () => {
      try {
        await temp.beforeStop?.();
      } finally {
        await sim.stop();
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

function useSim<T extends SimHost | SimPool>(what: "host" | "pool", fixture: SimFixtureOptions, start: () => Promise<TempSim<T>>): T {
  let running: TempSim<T> | undefined;
  const before = fixture.each === true ? beforeEach : beforeAll;
  const after = fixture.each === true ? afterEach : afterAll;

  before(async () => {
    running = await start();
  });

  after(async () => {
    const ending = running;
    running = undefined;
    await ending?.stop();
  });

  const current = (): T => {
    if (running === undefined) {
      const hook = fixture.each === true ? "beforeEach" : "beforeAll";
      throw new Error(`The simulated ${what} is not running: use it in a test, or in a hook declared after use${what === "host" ? "SimHost" : "SimPool"}() (it starts in ${hook}).`);
    }
    return running.sim;
  };
  // A stand-in for the running host: each property is read from it when used.
  return new Proxy({} as T, {
    get(_target, key) {
      // Not a thenable, whether it runs or not: `await` and Jest's printing look for `then`.
      if (key === "then") return undefined;
      const target = current();
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
    has: (_target, key) => Reflect.has(current(), key),
    getPrototypeOf: () => Reflect.getPrototypeOf(current()),
  });
}
