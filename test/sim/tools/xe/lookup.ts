/** Finding the objects a command names, with xe's errors for unknown uuids. */
import type { PciState, VmState } from "../../host/types";
import { requiredParam, type XeArgs } from "./args";
import type { XeContext } from "./context";
import { apiError } from "./errors";

/** The VM of the `uuid=` parameter, or UUID_INVALID (type VM). */
export function vmByUuidParam(context: XeContext, args: XeArgs): VmState {
  const uuid = requiredParam(args, "uuid");
  const vm = context.state.vms.find((v) => v.uuid === uuid);
  if (vm === undefined) throw apiError(context.facts, "UUID_INVALID", ["VM", uuid]);
  return vm;
}

/** The PCI function of the `uuid=` parameter, or UUID_INVALID (type PCI). */
export function pciByUuidParam(context: XeContext, args: XeArgs): PciState {
  const uuid = requiredParam(args, "uuid");
  const pci = context.state.pcis.find((p) => p.uuid === uuid);
  if (pci === undefined) throw apiError(context.facts, "UUID_INVALID", ["PCI", uuid]);
  return pci;
}
