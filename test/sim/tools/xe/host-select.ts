/**
 * How the host commands pick their hosts (xen-api `cli_operations.ml`
 * `select_hosts`, `do_host_op`): `host=` names one by uuid, name-label or
 * hostname; every other parameter filters the host records; no selector at
 * all means every host of the pool.
 */
import type { PoolMember } from "../../host/pool-store";
import { hasFlag, type XeArgs } from "./args";
import type { XeContext } from "./context";
import { failure } from "./errors";
import { hostRecord } from "./host-record";
import { filterRecords } from "./list-command";

/** The CLI's standard parameters (`stdparams`), never filters. */
const STANDARD_PARAMS = ["server", "password", "port", "username", "minimal", "force", "multiple", "all", "message-priority", "trace"];

/** How one host command selects. */
export interface HostSelection {
  /** The command's own parameters, which are not filters (`auto-enable` of host-disable). */
  ownParams?: readonly string[];
  /** False for commands that act on one host only (`host-evacuate`). */
  multiple: boolean;
}

/**
 * The members `args` select: `host=` first (a uuid, else a name-label or
 * hostname), then the other parameters as record filters. None is `No
 * matching hosts found`; several need `--multiple`, which a single-host
 * command refuses.
 * unconfirmed: with `--multiple` xe goes on past a failing host and reports
 * each failure at the end; the simulator stops at the first.
 */
export function selectHosts(context: XeContext, args: XeArgs, selection: HostSelection): PoolMember[] {
  const ignored = new Set([...STANDARD_PARAMS, ...(selection.ownParams ?? []), "host"]);
  const named = args.params.filter((p) => p.key === "host").at(-1)?.value;
  const byName =
    named === undefined
      ? context.pool.members
      : context.pool.members.filter((m) => m.state.hostUuid === named || m.state.hostName === named);
  const filters = { ...args, params: args.params.filter((p) => !ignored.has(p.key.split(":")[0] ?? p.key)) };
  const records = byName.map((member) => ({ member, record: hostRecord(member.state, member.index) }));
  const kept = new Set(filterRecords(records.map((r) => r.record), filters));
  const chosen = records.filter((r) => kept.has(r.record)).map((r) => r.member);
  if (chosen.length === 0) throw failure("No matching hosts found");
  if (chosen.length > 1 && !(selection.multiple && hasFlag(args, "multiple"))) {
    throw failure(
      selection.multiple
        ? "Multiple matching hosts found. --multiple required to complete the operation"
        : "Multiple matching hosts found. Operation can only be performed on one host at a time",
    );
  }
  return chosen;
}
