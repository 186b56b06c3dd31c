/**
 * The simulated xapi process's part in a reboot through xapi: every member
 * of its host or pool is looked at often; when a member's next reboot step
 * (or the autostart step after it) is due (power/power-steps.ts), the step is
 * taken and what it asks of the SSH side is done: dom0 going down kills the member's sshd with every
 * session; dom0 booting starts the same sshd again. Being this long-lived
 * process, it goes on after `xe host-reboot` returned; stopping the host
 * kills it first, so no sshd comes back after a stop.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { isPoolDir, readPoolMembers } from "../host/pool-files";
import { readHostState } from "../host/state-store";
import { simPaths } from "../paths";
import { nextStepDue, sshdStarted, takePowerStep } from "../power/power-steps";
import { restartSshd, takeDownSshd } from "../sshd";

/** How often the members' power is looked at: a step is late by at most this. */
const TICK_MS = 50;

/** The host directories served by the xapi in `xapiDir`: the pool's members, or the single host. */
function memberDirs(xapiDir: string): string[] {
  const owner = path.dirname(path.resolve(xapiDir));
  return isPoolDir(owner) ? readPoolMembers(owner) : [owner];
}

/** Whether the member in `dir` has a reboot step (or its autostart) due now (a state being replaced reads as not). */
function stepDue(dir: string, now: number): boolean {
  try {
    const due = nextStepDue(readHostState(dir).power);
    return due !== undefined && due <= now;
  } catch {
    return false;
  }
}

/**
 * Drives the reboots of the members served by the xapi in `xapiDir` until
 * the process ends; `log` records what failed. A member's steps run one at a
 * time; an sshd is started again only if the reboot took one down (a
 * member stopped by hand stays stopped).
 */
export function drivePower(xapiDir: string, log: (line: string) => void): void {
  const members = memberDirs(xapiDir);
  const busy = new Set<string>();
  const sshdTakenDown = new Set<string>();
  const advance = async (dir: string): Promise<void> => {
    const paths = simPaths(dir);
    const action = takePowerStep(dir, Date.now());
    if (action === "stop-sshd") {
      if (await takeDownSshd(paths)) sshdTakenDown.add(dir);
    } else if (action === "start-sshd") {
      try {
        if (sshdTakenDown.delete(dir)) await restartSshd(paths);
      } finally {
        // Without its sshd the host still boots: xapi starts all the same.
        sshdStarted(dir, Date.now());
      }
    }
  };
  const tick = (): void => {
    const now = Date.now();
    for (const dir of members) {
      if (busy.has(dir) || !stepDue(dir, now)) continue;
      busy.add(dir);
      advance(dir)
        .catch((error: unknown) => {
          log(`reboot of ${dir} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        })
        .finally(() => busy.delete(dir));
    }
  };
  setInterval(tick, TICK_MS);
}

/** A `log` for {@link drivePower} that appends to the xapi's log file. */
export function appendTo(logFile: string): (line: string) => void {
  return (line) => {
    fs.appendFileSync(logFile, `${new Date().toISOString()} ${line}\n`);
  };
}
