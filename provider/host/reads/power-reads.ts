/**
 * The host's own power state as xapi reports it: the pool's record (master,
 * HA), the host's `other-config` and `enabled`, the VMs that would keep
 * `host-evacuate` from moving them, and the boot state a reboot's wait polls.
 * Reads only; the domain client (xen-host.ts) asks them, the reboot
 * (power/) decides from them.
 */
import { XsPciError } from "../../errors";
import { parseEvacuationBlockers, type EvacuationBlocker } from "../../model/evacuation-blockers";
import { evacuationBlockersArgv, hostParamArgv, poolRecordArgv } from "../../model/xe-argv";
import { parseMap, parseMinimal, parseRecords } from "../../model/xe-output";
import type { CommandResult } from "../../remote/ssh";
import type { HostShell } from "../exec/host-shell";
import { xeError } from "../exec/xe";

/** The pool's record: one in every pool, a host alone's too. */
export interface PoolRecord {
  /** Lower case. */
  readonly uuid: string;
  /** The master's host UUID, lower case. */
  readonly master: string;
  /** `ha-enabled` as xe printed it (`true`, `false`, or whatever else it said). */
  readonly haEnabled: string;
}

/** What a reboot decides from, besides the listing. */
export interface PowerFacts {
  readonly pool: PoolRecord;
  /** The host's `other-config` (`boot_time`, the reboot's mark…); empty when it could not be read. */
  readonly otherConfig: Readonly<Record<string, string>>;
  readonly enabled: boolean;
  readonly blockers: readonly EvacuationBlocker[];
}

/** A host's `boot_time` and `enabled`. */
export interface BootState {
  readonly bootTime: string;
  readonly enabled: boolean;
}

type Shell = Pick<HostShell, "connection" | "runReads">;

const missing: CommandResult = { stdout: "", stderr: "", exitCode: -1 };

/** The result of an `xe` read, or its typed error. */
function succeeded(shell: Shell, action: string, argv: readonly string[], result: CommandResult | undefined): CommandResult {
  if (result?.exitCode === 0) return result;
  throw xeError({ host: shell.connection.host, action, argv }, result ?? missing);
}

function poolRecordFrom(shell: Shell, result: CommandResult | undefined): PoolRecord {
  const record = parseRecords(succeeded(shell, "reading the pool's record", poolRecordArgv(), result).stdout)[0] ?? {};
  return { uuid: (record.uuid ?? "").toLowerCase(), master: (record.master ?? "").toLowerCase(), haEnabled: record["ha-enabled"] ?? "" };
}

/** The pool's record (`xe pool-list params=uuid,master,ha-enabled`). */
export async function readPoolRecord(shell: Shell): Promise<PoolRecord> {
  const [record] = await shell.runReads([poolRecordArgv()], "the pool's record");
  return poolRecordFrom(shell, record);
}

/** {@link PowerFacts} of `hostUuid`, its four `xe` calls side by side. */
export async function readPowerFacts(shell: Shell, hostUuid: string): Promise<PowerFacts> {
  const argvs = [poolRecordArgv(), hostParamArgv(hostUuid, "other-config"), hostParamArgv(hostUuid, "enabled"), evacuationBlockersArgv(hostUuid)];
  const [pool, otherConfig, enabled, blockers] = await shell.runReads(argvs, "the reads before the host's reboot");
  return {
    pool: poolRecordFrom(shell, pool),
    otherConfig: otherConfig?.exitCode === 0 ? parseMap(otherConfig.stdout.trim()) : {},
    enabled: parseMinimal(succeeded(shell, "reading whether the host is enabled", argvs[2] ?? [], enabled).stdout)[0] === "true",
    blockers: parseEvacuationBlockers(succeeded(shell, "reading which VMs prevent the host's evacuation", argvs[3] ?? [], blockers).stdout),
  };
}

/** The host's `boot_time` and `enabled`, or `undefined` while it cannot answer (down, xapi starting). */
export async function readBootState(shell: Shell, hostUuid: string): Promise<BootState | undefined> {
  try {
    const [bootTime, enabled] = await shell.runReads([hostParamArgv(hostUuid, "other-config", "boot_time"), hostParamArgv(hostUuid, "enabled")], "the host's boot time");
    if (bootTime?.exitCode !== 0 || enabled?.exitCode !== 0) return undefined;
    return { bootTime: bootTime.stdout.trim(), enabled: enabled.stdout.trim() === "true" };
  } catch (error) {
    // SSH refused or cut while the host reboots: not back yet.
    if (error instanceof XsPciError) return undefined;
    throw error;
  }
}
