/** The `*-list` commands: filter records on any field, select `params=`, print. */
import { optionalParam, type XeArgs } from "./args";
import type { Field } from "./fields";
import { printRecords, selectFields } from "./record-printer";

const RESERVED = new Set(["params"]);

function matches(record: readonly Field[], key: string, value: string): boolean {
  const colon = key.indexOf(":");
  if (colon > 0) {
    const map = record.find((f) => f.name === key.slice(0, colon))?.map;
    return map !== undefined && map.get()[key.slice(colon + 1)] === value;
  }
  const field = record.find((f) => f.name === key);
  // xapi ignores filters on names the record does not have.
  return field === undefined || field.get() === value;
}

/** Keeps the records every `field=value` word of `args` matches. */
export function filterRecords(records: readonly Field[][], args: XeArgs): Field[][] {
  const filters = args.params.filter((p) => !RESERVED.has(p.key));
  return records.filter((record) => filters.every((f) => matches(record, f.key, f.value)));
}

/** Runs a list command over `records` and returns its stdout. */
export function listCommand(records: readonly Field[][], args: XeArgs, defaults: readonly string[]): string {
  const selected = filterRecords(records, args).map((r) => selectFields(r, optionalParam(args, "params"), defaults));
  return printRecords(selected, args.flags.has("minimal"));
}
