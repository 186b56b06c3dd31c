/**
 * `xe vm-migrate uuid=V host=H` (or `host-uuid=`/`host-name=`, which the CLI
 * renames to `host`): an in-pool live migration, `VM.pool_migrate`
 * (xen-api `cli_operations.ml` `vm_migrate`, `message_forwarding.ml`
 * `VM.pool_migrate`, `xapi_vm_lifecycle.ml` `check_operation_error`). The
 * VM's domain is destroyed on its member and built on `H` with a new domain
 * id from `H`'s counter; migrating to the VM's own member is allowed (a
 * localhost migration) and renumbers it too.
 */
import { buildDomain, CannotAddDeviceError, IommuUnavailableError } from "../../host/domains";
import type { PoolMember } from "../../host/pool-store";
import type { VmState } from "../../host/types";
import { hasFlag, type XeArgs } from "./args";
import { assertCanBootHere } from "./boot-checks";
import type { XeContext } from "./context";
import { apiError, failure, internalError, XeError } from "./errors";
import { anyHasPciObject } from "./pci-objects";
import { vmRef } from "./refs";
import { buildOn, destroyOnResident, requirePvDrivers, requireState, residentMember, selectVms } from "./vm-power-commands";

/** The destination: the first `host`/`host-uuid`/`host-name` word (OCaml's `List.assoc`), by uuid or name-label. */
function destination(context: XeContext, args: XeArgs): PoolMember {
  const wanted = args.params.find((p) => p.key === "host" || p.key === "host-uuid" || p.key === "host-name")?.value;
  if (wanted === undefined) throw failure("No destination host specified");
  const member = context.pool.members.find((m) => m.state.hostUuid === wanted || m.state.hostName === wanted);
  if (member === undefined) throw failure(`Host ${wanted} not found`);
  return member;
}

/**
 * The refusal `VM.pool_migrate`'s operation check gives `vm`, in xapi's
 * order, or undefined: the power state (only `running` migrates), a control
 * domain, a guest without PV drivers (xs62 always; later ones unless
 * `force`), then passed-through devices: VM_HAS_PCI_ATTACHED, only when one
 * of the VM's devices has a PCI object (its `attached_PCIs`; see
 * `pci-objects.ts`). Host evacuation asks the same, never forced.
 */
export function migrationRefusal(context: XeContext, vm: VmState, force: boolean): XeError | undefined {
  try {
    requireState(context, vm, "running");
    if (vm.isControlDomain) {
      const reason = context.facts.sentenceGap === "  " ? "Operations on domain 0 are not allowed" : "This operation is not allowed on a control domain";
      throw apiError(context.facts, "OPERATION_NOT_ALLOWED", [reason]);
    }
    if (context.facts.sentenceGap === "  " || !force) requirePvDrivers(context, vm);
    if (anyHasPciObject(context.facts, residentMember(context, vm)?.state, vm.attachedDevices)) {
      throw apiError(context.facts, "VM_HAS_PCI_ATTACHED", [vmRef(vm)]);
    }
    return undefined;
  } catch (error) {
    if (error instanceof XeError) return error;
    throw error;
  }
}

/** Throws {@link migrationRefusal}'s error, if any. */
export function assertCanMigrate(context: XeContext, vm: VmState, force: boolean): void {
  const refusal = migrationRefusal(context, vm, force);
  if (refusal !== undefined) throw refusal;
}

/**
 * Moves running `vm`'s domain to `target`: destroyed where it runs, built
 * there with the same device addresses. Only devices without a PCI object
 * can be attached to a migrating VM (xapi refuses the others): xenopsd's
 * receiving side plugs the domain's PCI devices again by address
 * (`xenops_server.ml` `VM_restore_devices` with `migration`), so on another
 * member they are whatever function sits at that address there. A function
 * missing or busy there, or a member without IOMMU, fails the migration
 * with xenopsd's internal error before the VM moves.
 * unconfirmed: where a real migration failing at that plug leaves the VM,
 * and whether xapi relies on the PCI backend's device list at all for a
 * device without a PCI object; no source or run says.
 */
export function migrateTo(context: XeContext, vm: VmState, target: PoolMember): void {
  const devices = [...vm.attachedDevices];
  if (devices.length > 0 && residentMember(context, vm) !== target) {
    try {
      // A dry run on a copy: nothing changes when the target cannot take the devices.
      buildDomain(structuredClone(target.state), structuredClone(context.pool.vms), structuredClone(vm), devices);
    } catch (error) {
      if (error instanceof CannotAddDeviceError || error instanceof IommuUnavailableError) throw internalError(context.facts, `xenopsd internal error: ${error.message}`);
      throw error;
    }
  }
  destroyOnResident(context, vm);
  buildOn(context, target, vm, devices);
}

/** `xe vm-migrate <selectors> host=`: the operation check, then the destination's `assert_can_boot_here` with memory; no output on success. */
export function vmMigrate(context: XeContext, args: XeArgs): string {
  const target = destination(context, args);
  for (const vm of selectVms(context, args, { ownParams: context.facts.vmMigrateOwnParams, includeControlDomains: true })) {
    assertCanMigrate(context, vm, hasFlag(args, "force"));
    assertCanBootHere(context, vm, target, { memory: true });
    migrateTo(context, vm, target);
  }
  return "";
}
