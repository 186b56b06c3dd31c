/** `vm-param-get`, `vm-param-set`, `vm-param-remove`, `vm-param-clear`. */
import { requiredParam, type XeArgs } from "./args";
import type { XeContext } from "./context";
import { failure } from "./errors";
import { vmByUuidParam } from "./lookup";
import { fieldNamed, paramGet } from "./param-get";
import { paramRemove, paramSet } from "./param-set";
import { vmRecord } from "./vm-record";

/** `xe vm-param-get uuid= param-name= [param-key=]`: the value, or the map entry's raw value. */
export function vmParamGet(context: XeContext, args: XeArgs): string {
  return paramGet(vmRecord(context, vmByUuidParam(context, args)), args);
}

/**
 * `xe vm-param-set uuid= field=value ...`: applies the parameters one by one
 * in command line order; a failing one leaves the earlier ones applied.
 */
export function vmParamSet(context: XeContext, args: XeArgs): string {
  return paramSet(vmRecord(context, vmByUuidParam(context, args)), args);
}

/** `xe vm-param-remove uuid= param-name= param-key=`. */
export function vmParamRemove(context: XeContext, args: XeArgs): string {
  return paramRemove(context, vmRecord(context, vmByUuidParam(context, args)), args);
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
