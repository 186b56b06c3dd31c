/** `host-param-get`, `host-param-set`, `host-param-remove`, for the host fields the simulator keeps. */
import { requiredParam, type XeArgs } from "./args";
import type { XeContext } from "./context";
import type { Field } from "./fields";
import { hostRecord } from "./host-record";
import { hostByUuid } from "./lookup";
import { paramGet } from "./param-get";
import { paramRemove, paramSet } from "./param-set";

function namedHost(context: XeContext, args: XeArgs): Field[] {
  const member = hostByUuid(context, requiredParam(args, "uuid"));
  return hostRecord(member.state, member.index);
}

/**
 * `xe host-param-get uuid= param-name= [param-key=]` on any member of the
 * pool: the same answers and errors as `vm-param-get`, with `type: host` for
 * an unknown uuid (`chipset-info:iommu`, `other-config:boot_time`, …).
 */
export function hostParamGet(context: XeContext, args: XeArgs): string {
  return paramGet(namedHost(context, args), args);
}

/** `xe host-param-set uuid= name-label= other-config:key=value ...`. */
export function hostParamSet(context: XeContext, args: XeArgs): string {
  return paramSet(namedHost(context, args), args);
}

/** `xe host-param-remove uuid= param-name=other-config param-key=`. */
export function hostParamRemove(context: XeContext, args: XeArgs): string {
  return paramRemove(context, namedHost(context, args), args);
}
