/**
 * How xe's CLI server filters records on `field=value` words (xen-api
 * `cli_operations.ml` `get_field_type`, `filter_records_on_fields` and the
 * `filter_records_on_*_param` functions; the same in tag XS62), for the
 * `*-list` commands and the VM and host selectors:
 * - the words are applied in order; once no record is left the rest are not
 *   looked at (`filter_records_on_fields` returns `[]` for `[]`);
 * - a name the first record has is a plain field, compared exactly;
 * - `name:key` names a map entry (`other-config:pci`) or, for a set field,
 *   `name:contains` a member; `name:…` on a field that is neither fails with
 *   `Field 'name' is not a set or map`;
 * - a name without `:` that starts with a map field's name and `-` is the old
 *   `other-config-key` form (the longest map first), else the same with a
 *   set field;
 * - anything else fails with `Unknown field '<name>'`: a word is never
 *   ignored. These are OCaml `Failure`s, printed like the simulator's other
 *   CLI failures (docs/host-facts.md#error-texts).
 * unconfirmed: a real record has many more fields than the simulator keeps;
 * a filter on one the simulator does not model fails here as unknown.
 */
import type { XeParam } from "./args";
import { failure } from "./errors";
import type { Field } from "./fields";

/** The CLI's standard parameters (`stdparams`): never filters. */
export const STANDARD_PARAMS: readonly string[] = ["server", "password", "port", "username", "minimal", "force", "multiple", "all", "message-priority", "trace"];

type FieldType = { kind: "normal" } | { kind: "map" | "set"; name: string };

function isSet(field: Field): boolean {
  return field.access === "SRO" || field.access === "SRW";
}

function longestWithPrefix(fields: readonly Field[], key: string): Field | undefined {
  return [...fields].sort((a, b) => b.name.length - a.name.length).find((f) => key.startsWith(`${f.name}-`));
}

/** `get_field_type`: how the word `key` filters records shaped like `record`, or xe's failure. */
function fieldType(record: readonly Field[], key: string): FieldType {
  if (record.some((f) => f.name === key)) return { kind: "normal" };
  const colon = key.indexOf(":");
  if (colon >= 0) {
    const field = record.find((f) => f.name === key.slice(0, colon));
    if (field === undefined) throw failure(`Unknown field '${key}'`);
    if (isSet(field)) return { kind: "set", name: field.name };
    if (field.map !== undefined) return { kind: "map", name: field.name };
    throw failure(`Field '${field.name}' is not a set or map`);
  }
  const map = longestWithPrefix(record.filter((f) => f.map !== undefined), key);
  if (map !== undefined) return { kind: "map", name: map.name };
  const set = longestWithPrefix(record.filter(isSet), key);
  if (set !== undefined) return { kind: "set", name: set.name };
  throw failure(`Unknown field '${key}'`);
}

/** The members of a set field as xe prints them, `a; b`. */
function setMembers(field: Field): string[] {
  const text = field.get();
  return text === "" ? [] : text.split("; ");
}

function keep(records: readonly Field[][], { key, value }: XeParam): Field[][] {
  const [first] = records;
  if (first === undefined) return [];
  const type = fieldType(first, key);
  if (type.kind === "normal") return records.filter((r) => r.find((f) => f.name === key)?.get() === value);
  const suffix = key.slice(type.name.length + 1);
  if (type.kind === "set") {
    if (suffix !== "contains") throw failure("Invalid syntax for set filtering (should be set-param:contains=key)");
    return records.filter((r) => {
      const field = r.find((f) => f.name === type.name);
      return field !== undefined && setMembers(field).includes(value);
    });
  }
  return records.filter((r) => r.find((f) => f.name === type.name)?.map?.get()[suffix] === value);
}

/** The records every one of `filters` keeps, applied in order as xe does; xe's failure for a word no record field answers. */
export function applyFilters(records: readonly Field[][], filters: readonly XeParam[]): Field[][] {
  return filters.reduce<Field[][]>((kept, filter) => keep(kept, filter), [...records]);
}

/** The words of `words` that filter: all but those whose name (before any `:`) is in `ignored`. */
export function filterWords(words: readonly XeParam[], ignored: readonly string[]): XeParam[] {
  return words.filter((w) => !ignored.includes(w.key.split(":")[0] ?? w.key));
}
