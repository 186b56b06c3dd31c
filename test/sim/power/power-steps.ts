/**
 * The steps of a reboot through xapi (`xe host-reboot`), one at a time, as
 * a state machine over the host's `power` (see `PowerPhase`): each step runs
 * when its phase is due and sets the next phase and when it is due, from the
 * host's reboot timings. The simulated xapi process takes the steps
 * (test/sim/xapi/power-driver.ts) and does what they ask of the SSH side;
 * tests of the host module alone may take them by hand.
 */
import { readHostConfig } from "../host/host-config";
import { updatePool, type LoadedPool, type PoolMember } from "../host/pool-store";
import type { PowerPhase } from "../host/types";
import { machineBoots, xapiReady, xapiStarts } from "./boot-steps";
import { finishClearing, shutDownBlocked } from "./clear-host";

/** What a step asks of the SSH side: take dom0's sshd down, or start it again and then call {@link sshdStarted}. */
export type SshdAction = "stop-sshd" | "start-sshd";

/** A phase that waits for the SSH side rather than for a time. */
const NEVER = Number.MAX_SAFE_INTEGER;

function enter(member: PoolMember, phase: PowerPhase, due: number): void {
  member.state.power = { ...member.state.power, phase, due };
}

function goDown(pool: LoadedPool, member: PoolMember, now: number): SshdAction {
  finishClearing(pool, member);
  enter(member, "down", now + readHostConfig(member.dir).reboot.rebootDownMs);
  return "stop-sshd";
}

function step(pool: LoadedPool, member: PoolMember, now: number): SshdAction | undefined {
  const timings = readHostConfig(member.dir).reboot;
  switch (member.state.power.phase) {
    case "reboot-pending":
      if (shutDownBlocked(pool, member).length > 0) {
        enter(member, "clearing", now + timings.shutdownTimeoutMs);
        return undefined;
      }
      return goDown(pool, member, now);
    case "clearing":
      return goDown(pool, member, now);
    case "down":
      machineBoots(pool, member, {}, now);
      enter(member, "booting", NEVER);
      return "start-sshd";
    case "xapi-starting":
      xapiStarts(member, now);
      enter(member, "xapi-initialising", now + timings.xapiInitMs);
      return undefined;
    case "xapi-initialising":
      xapiReady(pool, member);
      return undefined;
    case "booting":
    case "up":
      return undefined;
  }
}

/**
 * Takes the next step of the reboot of the host in `dir` if it is due at
 * `now` (epoch ms); returns what the SSH side must do then, if anything.
 * Does nothing while the host is up or its step is not due.
 */
export function takePowerStep(dir: string, now: number): SshdAction | undefined {
  return updatePool(dir, (pool) => (pool.self.state.power.due <= now ? step(pool, pool.self, now) : undefined));
}

/** The booting host's sshd answers again at `now`: xapi starts after `xapiStartMs`. */
export function sshdStarted(dir: string, now: number): void {
  updatePool(dir, (pool) => {
    const member = pool.self;
    if (member.state.power.phase === "booting") enter(member, "xapi-starting", now + readHostConfig(member.dir).reboot.xapiStartMs);
  });
}
