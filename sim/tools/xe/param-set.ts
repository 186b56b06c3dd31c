/** The `*-param-set` and `*-param-remove` logic every object class shares (xen-api `cli_operations.ml` `p_set`, `p_remove`). */
import { requiredParam, type XeArgs } from "./args";
import type { XeContext } from "./context";
import { failure } from "./errors";
import type { Field } from "./fields";
import { fieldNamed } from "./param-get";

function setOne(record: readonly Field[], key: string, value: string): void {
  const colon = key.indexOf(":");
  const name = colon < 0 ? key : key.slice(0, colon);
  const field = record.find((f) => f.name === name);
  if (field === undefined) throw failure(`Unknown field '${key}'`);
  if (colon >= 0) {
    if (field.map === undefined || field.access !== "MRW") throw failure(`Unknown field '${key}'`);
    field.map.setKey(key.slice(colon + 1), value);
    return;
  }
  // unconfirmed: the wording for a read-only field; the provider never sets one.
  if (field.set === undefined) throw failure(`Field '${key}' is read-only`);
  field.set(value);
}

/**
 * `*-param-set uuid= field=value map:key=value ...` on `record`: applies the
 * parameters one by one in command line order; a failing one leaves the
 * earlier ones applied.
 */
export function paramSet(record: readonly Field[], args: XeArgs): string {
  for (const param of args.params) if (param.key !== "uuid") setOne(record, param.key, param.value);
  return "";
}

/** `*-param-remove uuid= param-name= param-key=` on `record`, with the profile's "not in map" text. */
export function paramRemove(context: XeContext, record: readonly Field[], args: XeArgs): string {
  const field = fieldNamed(record, requiredParam(args, "param-name"));
  const key = requiredParam(args, "param-key");
  if (field.map?.removeKey(key) !== true) {
    throw failure(context.facts.namesMissingKey ? `Key ${key} is not in map` : "Key is not in map");
  }
  return "";
}
