/**
 * The steps of a reboot through xapi (`xe host-reboot`), one at a time, as
 * a state machine over the host's `power` (see `PowerPhase`): each step runs
 * when its phase is due and sets the next phase and when it is due, from the
 * host's reboot timings. Once the host is `up` again one more step is
 * pending, the autostart (`power.autostartDue`), `autostartDelayMs` later.
 * The simulated xapi process takes the steps (sim/xapi/power-driver.ts)
 * and does what they ask of the SSH side; tests of the host module alone may
 * take them by hand.
 */
import { readHostConfig } from "../host/host-config";
import { enterPhase } from "../host/host-power";
import { updatePool, type LoadedPool, type PoolMember } from "../host/pool-store";
import type { HostPower } from "../host/types";
import { autostart, machineBoots, xapiReady, xapiStarts } from "./boot-steps";
import { finishClearing, shutDownBlocked } from "./clear-host";

/** What a step asks of the SSH side: take dom0's sshd down, or start it again and then call {@link sshdStarted}. */
export type SshdAction = "stop-sshd" | "start-sshd";

/** A phase that waits for the SSH side rather than for a time. */
const NEVER = Number.MAX_SAFE_INTEGER;

function goDown(pool: LoadedPool, member: PoolMember, now: number): SshdAction {
  finishClearing(pool, member);
  enterPhase(member.state, "down", now + readHostConfig(member.dir).reboot.rebootDownMs, now);
  return "stop-sshd";
}

function step(pool: LoadedPool, member: PoolMember, now: number): SshdAction | undefined {
  const timings = readHostConfig(member.dir).reboot;
  const { state } = member;
  switch (state.power.phase) {
    case "reboot-pending":
      if (shutDownBlocked(pool, member).length > 0) {
        enterPhase(state, "clearing", now + timings.shutdownTimeoutMs, now);
        return undefined;
      }
      return goDown(pool, member, now);
    case "clearing":
      return goDown(pool, member, now);
    case "down":
      machineBoots(pool, member, {}, now);
      enterPhase(state, "booting", NEVER, now);
      return "start-sshd";
    case "xapi-starting":
      xapiStarts(member, now);
      enterPhase(state, "xapi-initialising", now + timings.xapiInitMs, now);
      return undefined;
    case "xapi-initialising":
      xapiReady(member, now);
      state.power = { ...state.power, autostartDue: now + timings.autostartDelayMs };
      return undefined;
    case "up":
      if (state.power.autostartDue > 0) autostart(pool, member);
      return undefined;
    case "booting":
      return undefined;
  }
}

/** When `power`'s next step is due (epoch ms): its phase's step, or while up a pending autostart; undefined when none is. */
export function nextStepDue(power: HostPower): number | undefined {
  if (power.phase !== "up") return power.due;
  return power.autostartDue > 0 ? power.autostartDue : undefined;
}

/**
 * Takes the next step of the reboot of the host in `dir` if it is due at
 * `now` (epoch ms); returns what the SSH side must do then, if anything.
 * Does nothing while the host is up with no autostart pending, or its step
 * is not due.
 */
export function takePowerStep(dir: string, now: number): SshdAction | undefined {
  return updatePool(dir, (pool) => {
    const due = nextStepDue(pool.self.state.power);
    return due !== undefined && due <= now ? step(pool, pool.self, now) : undefined;
  });
}

/** The booting host's sshd answers again at `now`: xapi starts after `xapiStartMs`. */
export function sshdStarted(dir: string, now: number): void {
  updatePool(dir, (pool) => {
    const { state } = pool.self;
    if (state.power.phase === "booting") enterPhase(state, "xapi-starting", now + readHostConfig(pool.self.dir).reboot.xapiStartMs, now);
  });
}
