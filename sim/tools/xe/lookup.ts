/** Finding the objects a command names, with xe's errors for unknown uuids. */
import type { PoolMember } from "../../host/pool-store";
import type { PciState, VmState } from "../../host/types";
import { requiredParam, type XeArgs } from "./args";
import type { XeContext } from "./context";
import { apiError } from "./errors";
import { pciObjects } from "./pci-objects";

/** The VM of the `uuid=` parameter, anywhere in the pool, or UUID_INVALID (type VM). */
export function vmByUuidParam(context: XeContext, args: XeArgs): VmState {
  const uuid = requiredParam(args, "uuid");
  const vm = context.pool.vms.find((v) => v.uuid === uuid);
  if (vm === undefined) throw apiError(context.facts, "UUID_INVALID", ["VM", uuid]);
  return vm;
}

/** A PCI object and the member it belongs to. */
export interface PciOfMember {
  pci: PciState;
  member: PoolMember;
}

/** The PCI object of the `uuid=` parameter on whichever member has it, or UUID_INVALID (type PCI): a function without a PCI object has no uuid xe knows. */
export function pciByUuidParam(context: XeContext, args: XeArgs): PciOfMember {
  const uuid = requiredParam(args, "uuid");
  for (const member of context.pool.members) {
    const pci = pciObjects(context.facts, member.state).find((p) => p.uuid === uuid);
    if (pci !== undefined) return { pci, member };
  }
  throw apiError(context.facts, "UUID_INVALID", ["PCI", uuid]);
}

/** The member whose host uuid is `uuid`, or UUID_INVALID (type host). */
export function hostByUuid(context: XeContext, uuid: string): PoolMember {
  const member = context.pool.members.find((m) => m.state.hostUuid === uuid);
  if (member === undefined) throw apiError(context.facts, "UUID_INVALID", ["host", uuid]);
  return member;
}
