/** `host-param-get`, for the host fields the simulator keeps (`chipset-info:iommu` among them). */
import { requiredParam, type XeArgs } from "./args";
import type { XeContext } from "./context";
import { hostRecord } from "./host-record";
import { hostByUuid } from "./lookup";
import { paramGet } from "./param-get";

/**
 * `xe host-param-get uuid= param-name= [param-key=]` on any member of the
 * pool: the same answers and errors as `vm-param-get`, with `type: host` for
 * an unknown uuid.
 */
export function hostParamGet(context: XeContext, args: XeArgs): string {
  const member = hostByUuid(context, requiredParam(args, "uuid"));
  return paramGet(hostRecord(member.state, member.index), args);
}
