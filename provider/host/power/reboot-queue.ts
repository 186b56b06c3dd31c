/**
 * One host reboot at a time in a pool, across every session of the run.
 *
 * A member's reboot takes it out of the evacuation targets of the others, and
 * the master's takes the pool's API away from every member: two reboots of
 * one pool at once leave each evacuating towards a host that is going down,
 * or failing halfway with its host disabled. So the reboots of one pool (its
 * UUID) take turns, and, as Xen Orchestra's rolling reboot does, the master
 * goes first among those waiting: once it is back, the members' reboots find
 * the pool's API and every other member up.
 */
import type { Sleep } from "../session/host-operations";

const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * How long a free pool waits before it picks the next reboot, so that the
 * requests of one run, which each host sends once its own operations have
 * settled, meet and the master's goes first.
 */
export const POOL_TURN_SETTLE_MS = 1000;

interface Waiter {
  readonly master: boolean;
  readonly start: () => void;
}

interface PoolTurns {
  /** A reboot of the pool runs, or the next one is being picked. */
  busy: boolean;
  readonly waiting: Waiter[];
}

/** See the module comment. One per provider process (session-registry.ts); tests make their own. */
export class PoolRebootQueue {
  private readonly pools = new Map<string, PoolTurns>();

  /** @param sleep - the settle wait (tests pass a fake) */
  constructor(private readonly sleep: Sleep = realSleep) {}

  /**
   * Runs `reboot` once no other reboot of the pool runs, the master's first
   * among those waiting.
   *
   * @param poolUuid - the pool's UUID (`xe pool-list`): a host alone is a pool of one
   * @param master - whether the host to reboot is the pool's master
   */
  async run<T>(poolUuid: string, master: boolean, reboot: () => Promise<T>): Promise<T> {
    const turns = this.turnsOf(poolUuid);
    await new Promise<void>((start) => {
      turns.waiting.push({ master, start });
      void this.pickNext(poolUuid, turns);
    });
    try {
      return await reboot();
    } finally {
      turns.busy = false;
      if (turns.waiting.length === 0) this.pools.delete(poolUuid);
      else void this.pickNext(poolUuid, turns);
    }
  }

  private turnsOf(poolUuid: string): PoolTurns {
    let turns = this.pools.get(poolUuid);
    if (turns === undefined) {
      turns = { busy: false, waiting: [] };
      this.pools.set(poolUuid, turns);
    }
    return turns;
  }

  private async pickNext(poolUuid: string, turns: PoolTurns): Promise<void> {
    if (turns.busy) return;
    turns.busy = true;
    await this.sleep(POOL_TURN_SETTLE_MS);
    const index = Math.max(0, turns.waiting.findIndex((waiter) => waiter.master));
    const [next] = turns.waiting.splice(index, 1);
    if (next === undefined) {
      turns.busy = false;
      this.pools.delete(poolUuid);
      return;
    }
    next.start();
  }
}
