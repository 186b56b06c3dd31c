/**
 * What a host reboot decides from, read before anything is touched, through
 * the domain client: every guest and the pool (the run's listing), the
 * functions on the way to dom0's root disk that the hide list names, the
 * pool's record (master, HA), the host's `other-config` (`boot_time`, the mark
 * of an interrupted reboot) and `enabled`, the VMs xapi says cannot leave it,
 * and the VM this process runs in.
 */
import { HostStateError } from "../../errors";
import { parseRebootMark, type RebootFacts } from "../../model/host-reboot-plan";
import type { XenHost } from "../xen-host";
import { readSelfVmUuid } from "./self-vm";

/** The pool a host reboots in, and whether the host is its master. */
export interface PoolIdentity {
  readonly poolUuid: string;
  readonly master: boolean;
}

/** {@link RebootFacts}, with what the sequence needs besides the plan. */
export interface RebootReading extends RebootFacts {
  /** Members of the hide list on the way to dom0's root disk: the host would not come back. */
  readonly rootPathHidden: readonly string[];
  /** `other-config:boot_time` before the reboot; `undefined` when the host does not say. */
  readonly bootTime: string | undefined;
}

/** The host's pool and whether it is the master: which turn its reboot takes (reboot-queue.ts). */
export async function readPoolIdentity(host: XenHost): Promise<PoolIdentity> {
  const [{ pool }, record] = await Promise.all([host.guests(), host.poolRecord()]);
  return { poolUuid: record.uuid || pool.hostUuid, master: record.master === pool.hostUuid };
}

/** Reads everything of {@link RebootReading}, fresh. */
export async function readRebootFacts(host: XenHost): Promise<RebootReading> {
  const { vms, pool } = await host.guests();
  const [facts, rootPathHidden] = await Promise.all([host.powerFacts(pool.hostUuid), host.rootPathHidden()]);
  return {
    vms,
    pool,
    haEnabled: facts.pool.haEnabled,
    hostEnabled: facts.enabled,
    blockers: facts.blockers,
    selfVmUuid: readSelfVmUuid(),
    mark: parseRebootMark(facts.otherConfig),
    rootPathHidden,
    bootTime: facts.otherConfig.boot_time,
  };
}

/**
 * Whether `now` is a later boot than `before`. xapi writes `boot_time` in
 * whole seconds, and on 6.2 and 8.2 as `now - uptime`, which can move by a
 * second when the toolstack restarts without a reboot: only a move of two
 * seconds or more is a boot (a real reboot takes minutes).
 */
export function bootedSince(before: string, now: string): boolean {
  const a = Number.parseFloat(before);
  const b = Number.parseFloat(now);
  if (Number.isNaN(a) || Number.isNaN(b)) return before !== now;
  return Math.abs(b - a) >= 2;
}

/** The error of a host that did not say its boot time before the reboot. */
export function noBootTime(host: XenHost, hostUuid: string): HostStateError {
  return new HostStateError("HOST_REBOOT_INCOMPLETE", `${host.name} did not say its boot time before the reboot; nothing was changed.`, {
    hint: `Check \`xe host-param-get uuid=${hostUuid} param-name=other-config param-key=boot_time\` on the host, then run \`pulumi up\` again.`,
  });
}
