/** `pool-list`, `pool-param-get`, `pool-param-set`, `pool-param-remove`: the one pool object of the database. */
import { requiredParam, type XeArgs } from "./args";
import type { XeContext } from "./context";
import { apiError } from "./errors";
import type { Field } from "./fields";
import { listCommand } from "./list-command";
import { paramGet } from "./param-get";
import { paramRemove, paramSet } from "./param-set";
import { POOL_DEFAULT_FIELDS, poolRecord } from "./pool-record";

/** The pool's record when `uuid=` names it, else UUID_INVALID (type pool). */
function namedPool(context: XeContext, args: XeArgs): Field[] {
  const uuid = requiredParam(args, "uuid");
  if (uuid !== context.pool.poolObject.uuid) throw apiError(context.facts, "UUID_INVALID", ["pool", uuid]);
  return poolRecord(context);
}

/** `xe pool-list [filters] [params=] [--minimal]`. */
export function poolList(context: XeContext, args: XeArgs): string {
  return listCommand([poolRecord(context)], args, POOL_DEFAULT_FIELDS);
}

/** `xe pool-param-get uuid= param-name= [param-key=]`. */
export function poolParamGet(context: XeContext, args: XeArgs): string {
  return paramGet(namedPool(context, args), args);
}

/** `xe pool-param-set uuid= field=value other-config:key=value ...`. */
export function poolParamSet(context: XeContext, args: XeArgs): string {
  return paramSet(namedPool(context, args), args);
}

/** `xe pool-param-remove uuid= param-name= param-key=`. */
export function poolParamRemove(context: XeContext, args: XeArgs): string {
  return paramRemove(context, namedPool(context, args), args);
}
