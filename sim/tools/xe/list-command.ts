/**
 * The `*-list` commands (xen-api `cli_operations.ml` `make_param_funs`
 * `list`): every word but `params=`, the standard parameters and
 * `database:…` filters the records (`filters.ts`: an unknown field fails);
 * `params=` selects the fields printed.
 */
import { optionalParam, type XeArgs } from "./args";
import type { Field } from "./fields";
import { applyFilters, STANDARD_PARAMS } from "./filters";
import { printRecords, selectFields } from "./record-printer";

/** The words of a list command that filter its records. */
function listFilters(args: XeArgs): XeArgs["words"] {
  return args.words.filter((w) => w.key !== "params" && !STANDARD_PARAMS.includes(w.key) && !w.key.startsWith("database:"));
}

/** Runs a list command over `records` and returns its stdout. */
export function listCommand(records: readonly Field[][], args: XeArgs, defaults: readonly string[]): string {
  const selected = applyFilters(records, listFilters(args)).map((r) => selectFields(r, optionalParam(args, "params"), defaults));
  return printRecords(selected, args.flags.has("minimal"));
}
