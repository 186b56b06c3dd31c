/** A power cycle of a simulated host (or one pool member): `sim reboot-host`, `SimHostDir.rebootHost`. */
import { isRebooting, recordTransition } from "../host/host-power";
import { updatePool } from "../host/pool-store";
import type { RebootHostOptions } from "../host/reboot-host";
import { autostart, machineBoots, xapiReady, xapiStarts } from "./boot-steps";

/**
 * Reboots the host in `dir` at once, without xapi's shutdown: its VMs halt
 * where they run (nothing is evacuated), its boot config takes effect
 * (`applyBootConfig`, with `options` for cards moved while it was off), xapi
 * starts (new `boot_time`, `agent_start_time`), the host enables itself and
 * the pool's `auto_poweron` VMs start, all in the same instant: a power
 * cycle has no autostart delay (a reboot through xapi has,
 * `autostartDelayMs`). `powerHistory` shows it as `down` then `up` at the
 * same time. sshd keeps running. Refused while a reboot through xapi
 * (`xe host-reboot`) is under way on that host.
 */
export function rebootHost(dir: string, options: RebootHostOptions = {}): void {
  updatePool(dir, (pool) => {
    const member = pool.self;
    if (isRebooting(member.state.power)) {
      throw new Error(`Unable to reboot the simulated host in ${dir}: a reboot through xapi is under way (${member.state.power.phase}); wait until the host is up.`);
    }
    const now = Date.now();
    recordTransition(member.state, "down", now);
    machineBoots(pool, member, options, now);
    xapiStarts(member, now);
    xapiReady(member, now);
    autostart(pool, member);
  });
}
