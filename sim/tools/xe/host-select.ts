/**
 * How the host commands pick their hosts (xen-api `cli_operations.ml`
 * `select_hosts`, `do_host_op`): `host=` names one by uuid, name-label or
 * hostname; every other word filters the host records (`filters.ts`: an
 * unknown field fails), except the standard parameters and the command's
 * own; no selector at all means every host of the pool.
 */
import type { PoolMember } from "../../host/pool-store";
import { hasFlag, type XeArgs } from "./args";
import type { XeContext } from "./context";
import { failure } from "./errors";
import { applyFilters, filterWords, STANDARD_PARAMS } from "./filters";
import { hostRecord } from "./host-record";

/** How one host command selects. */
export interface HostSelection {
  /** The command's own parameters, which are not filters (`auto-enable` of host-disable on xapi 25.31+). */
  ownParams?: readonly string[];
  /** False for commands that act on one host only (`host-evacuate`). */
  multiple: boolean;
}

/** The words without the first `host=` (the CLI's `List.remove_assoc`). */
function withoutFirstHost(words: XeArgs["words"]): XeArgs["words"] {
  const index = words.findIndex((w) => w.key === "host");
  return index < 0 ? [...words] : [...words.slice(0, index), ...words.slice(index + 1)];
}

/**
 * The members `args` select: the first `host=` (a uuid, else a name-label or
 * hostname), then the other words as record filters. None is `No matching
 * hosts found`; several need `--multiple`, which a single-host command
 * refuses.
 * unconfirmed: with `--multiple` xe goes on past a failing host and reports
 * each failure at the end; the simulator stops at the first.
 */
export function selectHosts(context: XeContext, args: XeArgs, selection: HostSelection): PoolMember[] {
  const named = args.words.find((w) => w.key === "host")?.value;
  const byName =
    named === undefined
      ? context.pool.members
      : context.pool.members.filter((m) => m.state.hostUuid === named || m.state.hostName === named);
  const filters = filterWords(withoutFirstHost(args.words), [...STANDARD_PARAMS, ...(selection.ownParams ?? [])]);
  const records = byName.map((member) => ({ member, record: hostRecord(member.state, member.index) }));
  const kept = new Set(applyFilters(records.map((r) => r.record), filters));
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
