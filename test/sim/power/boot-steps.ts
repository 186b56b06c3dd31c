/**
 * The steps of a host's boot, shared by a power cycle (`rebootHost`) and a
 * reboot through xapi (test/sim/xapi/power-driver.ts): the machine boots,
 * xapi starts, xapi's start completes. Each runs under the pool's lock on a
 * loaded pool.
 */
import { recordAgentStart, runningPower, nextBootTime } from "../host/host-power";
import type { LoadedPool, PoolMember } from "../host/pool-store";
import { applyBootConfig, type RebootHostOptions } from "../host/reboot-host";
import { autoPowerOn } from "../tools/xe/auto-poweron";
import { contextOf } from "../tools/xe/context";

/** The machine boots at `now` (epoch ms): its boot config takes effect, its VMs are off, one more boot is counted. */
export function machineBoots(pool: LoadedPool, member: PoolMember, options: RebootHostOptions, now: number): void {
  applyBootConfig(pool, member, options);
  member.state.boots += 1;
  member.state.power = { ...member.state.power, bootedAt: nextBootTime(member.state, now) };
}

/** xapi starts at `now`: it rewrites `boot_time` and `agent_start_time` and forgets `host_disabled_until_reboot`. */
export function xapiStarts(member: PoolMember, now: number): void {
  recordAgentStart(member.state, now);
}

/**
 * xapi's start is complete: the host enables itself unless it was disabled
 * with `auto-enable=false` (xen-api `xapi_host_helpers.ml`
 * `consider_enabling_host`), then the VMs marked `auto_poweron` start.
 */
export function xapiReady(pool: LoadedPool, member: PoolMember): void {
  const { state } = member;
  if (state.autoEnable) state.enabled = true;
  state.power = runningPower(state.power.bootedAt);
  autoPowerOn(contextOf(pool, member));
}
