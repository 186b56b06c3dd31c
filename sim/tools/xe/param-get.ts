/** The `*-param-get` logic every object class shares (xen-api `cli_operations.ml` `p_get`). */
import { optionalParam, requiredParam, type XeArgs } from "./args";
import { errorCode, failure } from "./errors";
import type { Field } from "./fields";

/** The field `name` of `record`, or xe's `Missing parameter` error for a name the record lacks. */
export function fieldNamed(record: readonly Field[], name: string): Field {
  const field = record.find((f) => f.name === name);
  if (field === undefined) throw errorCode("Missing parameter", [name]);
  return field;
}

/**
 * What `*-param-get param-name= [param-key=]` prints for `record`: the field's
 * value, or for a map field with `param-key` the entry's raw value (`Key K
 * not found in map` when absent). A key on a field that is not a map is ignored.
 */
export function paramGet(record: readonly Field[], args: XeArgs): string {
  const field = fieldNamed(record, requiredParam(args, "param-name"));
  const key = optionalParam(args, "param-key");
  if (key === undefined || field.map === undefined) return `${field.get()}\n`;
  const value = field.map.get()[key];
  if (value === undefined) throw failure(`Key ${key} not found in map`);
  return `${value}\n`;
}
