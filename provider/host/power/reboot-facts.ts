/**
 * What a host reboot decides from, read before anything is touched, and the
 * host's boot state the wait polls. The reads go side by side (one exec per
 * `xe` call): every guest and the pool (the run's listing), the functions on
 * the way to dom0's root disk that the hide list names, the pool's record
 * (master, HA), the host's `other-config` (`boot_time`, the mark of an
 * interrupted reboot) and `enabled`, and the VMs xapi says cannot leave it.
 */
import { HostStateError, XsPciError } from "../../errors";
import { parseEvacuationBlockers } from "../../model/evacuation-blockers";
import { parseRebootMark, type RebootFacts } from "../../model/host-reboot-plan";
import { evacuationBlockersArgv, hostParamArgv, poolRecordArgv } from "../../model/xe-argv";
import { parseMap, parseMinimal, parseRecords } from "../../model/xe-output";
import type { CommandResult } from "../../remote/ssh";
import { hiddenInBootConfig } from "../device-table";
import type { HostSession } from "../host-session";
import { xeError } from "../xe";
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

const missing: CommandResult = { stdout: "", stderr: "", exitCode: -1 };

/** The result of an `xe` read, or its typed error. */
function succeeded(session: HostSession, action: string, argv: readonly string[], result: CommandResult | undefined): CommandResult {
  if (result?.exitCode === 0) return result;
  throw xeError({ host: session.name, action, argv }, result ?? missing);
}

/** The pool's record: its UUID, master and `ha-enabled` (as printed). */
function poolRecordFrom(session: HostSession, result: CommandResult | undefined): { uuid: string; master: string; haEnabled: string } {
  const record = parseRecords(succeeded(session, "read the pool's record", poolRecordArgv(), result).stdout)[0] ?? {};
  return { uuid: (record.uuid ?? "").toLowerCase(), master: (record.master ?? "").toLowerCase(), haEnabled: record["ha-enabled"] ?? "" };
}

/** The host's pool and whether it is the master: which turn its reboot takes (reboot-queue.ts). */
export async function readPoolIdentity(host: XenHost): Promise<PoolIdentity> {
  const [{ pool }, [record]] = await Promise.all([host.guests(), host.session.runReads([poolRecordArgv()], "the pool's record")]);
  const { uuid, master } = poolRecordFrom(host.session, record);
  return { poolUuid: uuid || pool.hostUuid, master: master === pool.hostUuid };
}

/** Reads everything of {@link RebootReading}, fresh. */
export async function readRebootFacts(host: XenHost): Promise<RebootReading> {
  const session = host.session;
  const [{ vms, pool }, root] = await Promise.all([host.guests(), session.rootDisk()]);
  const hostUuid = pool.hostUuid;
  const argvs = [poolRecordArgv(), hostParamArgv(hostUuid, "other-config"), hostParamArgv(hostUuid, "enabled"), evacuationBlockersArgv(hostUuid)];
  const [hidden, [poolRecord, otherConfig, enabled, blockers]] = await Promise.all([
    hiddenInBootConfig(session, root.path),
    session.runReads(argvs, "the reads before the host's reboot"),
  ]);
  const { haEnabled } = poolRecordFrom(session, poolRecord);
  const enabledText = succeeded(session, "read whether the host is enabled", argvs[2] ?? [], enabled).stdout;
  const blockerText = succeeded(session, "read which VMs prevent the host's evacuation", argvs[3] ?? [], blockers).stdout;
  const config = otherConfig?.exitCode === 0 ? parseMap(otherConfig.stdout.trim()) : {};
  return {
    vms,
    pool,
    haEnabled,
    hostEnabled: parseMinimal(enabledText)[0] === "true",
    blockers: parseEvacuationBlockers(blockerText),
    selfVmUuid: readSelfVmUuid(),
    mark: parseRebootMark(config),
    rootPathHidden: root.path.filter((address) => hidden.has(address)),
    bootTime: config.boot_time,
  };
}

/** The argvs of the host's `boot_time` and `enabled`, in this order. */
function bootStateArgvs(hostUuid: string): string[][] {
  return [hostParamArgv(hostUuid, "other-config", "boot_time"), hostParamArgv(hostUuid, "enabled")];
}

/** A host's `boot_time` and `enabled`. */
export interface BootState {
  readonly bootTime: string;
  readonly enabled: boolean;
}

/** The host's `boot_time` and `enabled`, or `undefined` while it cannot answer (down, xapi starting). */
export async function readBootState(session: HostSession, hostUuid: string): Promise<BootState | undefined> {
  try {
    const [bootTime, enabled] = await session.runReads(bootStateArgvs(hostUuid), "the host's boot time");
    if (bootTime?.exitCode !== 0 || enabled?.exitCode !== 0) return undefined;
    return { bootTime: bootTime.stdout.trim(), enabled: enabled.stdout.trim() === "true" };
  } catch (error) {
    // SSH refused or cut while the host reboots: not back yet.
    if (error instanceof XsPciError) return undefined;
    throw error;
  }
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
