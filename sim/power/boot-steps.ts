/**
 * The steps of a host's boot, shared by a power cycle (`rebootHost`) and a
 * reboot through xapi (sim/xapi/power-driver.ts): the machine boots,
 * xapi starts, xapi's start completes, and later the autostart step starts
 * the pool's `auto_poweron` VMs. Each runs under the pool's lock on a loaded
 * pool.
 */
import { enterPhase, nextBootTime, recordAgentStart, xeReachesXapi } from "../host/host-power";
import type { LoadedPool, PoolMember } from "../host/pool-store";
import { applyBootConfig, type RebootHostOptions } from "../host/reboot-host";
import { autoPowerOn } from "../tools/xe/auto-poweron";
import { contextOf } from "../tools/xe/context";

/**
 * The machine boots at `now` (epoch ms): its boot config takes effect, its
 * VMs are off, one more boot is counted, and an autostart still pending from
 * the last boot is forgotten (the machine went down before it ran).
 */
export function machineBoots(pool: LoadedPool, member: PoolMember, options: RebootHostOptions, now: number): void {
  applyBootConfig(pool, member, options);
  member.state.boots += 1;
  member.state.power = { ...member.state.power, bootedAt: nextBootTime(member.state, now), autostartDue: 0 };
}

/** xapi starts at `now`: it rewrites `boot_time` and `agent_start_time`, forgets `host_disabled_until_reboot` and its current operations. */
export function xapiStarts(member: PoolMember, now: number): void {
  recordAgentStart(member.state, now);
}

/**
 * xapi's start is complete at `now`: the host enables itself unless it was
 * disabled with `auto-enable=false` (xen-api `xapi_host_helpers.ml`
 * `consider_enabling_host`) and is `up` again. The `auto_poweron` VMs are not
 * started here: that is {@link autostart}, a later step.
 */
export function xapiReady(member: PoolMember, now: number): void {
  const { state } = member;
  if (state.autoEnable) state.enabled = true;
  enterPhase(state, "up", 0, now);
}

/**
 * The boot's autostart step (xen-api `scripts/xapi-autostart-vms`, run by
 * `xapi-domains.service` after xapi's start; the same script in tag XS62):
 * `xe vm-start other-config:auto_poweron=true power-state=halted
 * is-a-template=false is-a-snapshot=false --multiple` on this host when the
 * pool's `auto_poweron` is `true`, errors ignored. Its `xe` needs this
 * member's xapi and the master's: when either does not answer, nothing
 * starts. The VMs are placed as for any start (`chooseStartHost`).
 */
export function autostart(pool: LoadedPool, member: PoolMember): void {
  member.state.power = { ...member.state.power, autostartDue: 0 };
  if (!xeReachesXapi(member.state, pool.members[0]?.state)) return;
  autoPowerOn(contextOf(pool, member));
}
