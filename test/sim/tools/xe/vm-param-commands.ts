/** `vm-param-get`, `vm-param-set`, `vm-param-remove`, `vm-param-clear`. */
import { requiredParam, type XeArgs } from "./args";
import type { XeContext } from "./context";
import { failure } from "./errors";
import type { Field } from "./fields";
import { vmByUuidParam } from "./lookup";
import { fieldNamed, paramGet } from "./param-get";
import { vmRecord } from "./vm-record";

/** `xe vm-param-get uuid= param-name= [param-key=]`: the value, or the map entry's raw value. */
export function vmParamGet(context: XeContext, args: XeArgs): string {
  return paramGet(vmRecord(context, vmByUuidParam(context, args)), args);
}

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
 * `xe vm-param-set uuid= field=value ...`: applies the parameters one by one
 * in command line order; a failing one leaves the earlier ones applied.
 */
export function vmParamSet(context: XeContext, args: XeArgs): string {
  const vm = vmByUuidParam(context, args);
  const record = vmRecord(context, vm);
  for (const param of args.params) if (param.key !== "uuid") setOne(record, param.key, param.value);
  return "";
}

/** `xe vm-param-remove uuid= param-name= param-key=`. */
export function vmParamRemove(context: XeContext, args: XeArgs): string {
  const vm = vmByUuidParam(context, args);
  const field = fieldNamed(vmRecord(context, vm), requiredParam(args, "param-name"));
  const key = requiredParam(args, "param-key");
  if (field.map?.removeKey(key) !== true) {
    throw failure(context.facts.namesMissingKey ? `Key ${key} is not in map` : "Key is not in map");
  }
  return "";
}

/** `xe vm-param-clear uuid= param-name=`: for a map, removes every key. */
export function vmParamClear(context: XeContext, args: XeArgs): string {
  const vm = vmByUuidParam(context, args);
  const name = requiredParam(args, "param-name");
  const field = fieldNamed(vmRecord(context, vm), name);
  if (field.clear === undefined) throw failure(`Field '${name}' cannot be cleared`);
  field.clear();
  return "";
}
