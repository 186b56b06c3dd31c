/**
 * `xe vm-migrate uuid=V host=H` (or `host-uuid=`/`host-name=`, which the CLI
 * renames to `host`): an in-pool live migration, `VM.pool_migrate`
 * (xen-api `cli_operations.ml` `vm_migrate`, `xapi_vm_lifecycle.ml`
 * `check_operation_error`). The VM's domain is destroyed on its member and
 * built on `H` with a new domain id from `H`'s counter; migrating to the
 * VM's own member is allowed (a localhost migration) and renumbers it too.
 */
import type { PoolMember } from "../../host/pool-store";
import type { VmState } from "../../host/types";
import { hasFlag, type XeArgs } from "./args";
import type { XeContext } from "./context";
import { apiError, failure } from "./errors";
import { buildOn, destroyOnResident, requirePvDrivers, requireState, selectVms } from "./vm-power-commands";
import { vmHandle } from "./vm-record";

const HOST_KEYS = new Set(["host", "host-uuid", "host-name"]);
const NOT_SELECTORS = new Set(["host", "host-uuid", "host-name", "live", "compress", "force", "multiple", "vm"]);

/** The destination: the first `host`/`host-uuid`/`host-name` word (OCaml's `List.assoc`), by uuid or name-label. */
function destination(context: XeContext, args: XeArgs): PoolMember {
  const wanted = args.params.find((p) => HOST_KEYS.has(p.key))?.value;
  if (wanted === undefined) throw failure("No destination host specified");
  const member = context.pool.members.find((m) => m.state.hostUuid === wanted || m.state.hostName === wanted);
  if (member === undefined) throw failure(`Host ${wanted} not found`);
  return member;
}

/**
 * Refusals in xapi's order: the power state (only `running` migrates), a
 * control domain, a guest without PV drivers (xs62 always; later ones unless
 * `force`), then passed-through devices: VM_HAS_PCI_ATTACHED. Host
 * evacuation asks the same, never forced.
 * unconfirmed: xapi refuses on `attached_PCIs`, which lists only functions
 * with a PCI object (storage, network, display controllers and their other
 * functions); the simulator refuses for any attached device.
 */
export function assertCanMigrate(context: XeContext, vm: VmState, force: boolean): void {
  requireState(context, vm, "running");
  if (vm.isControlDomain) {
    const reason = context.facts.sentenceGap === "  " ? "Operations on domain 0 are not allowed" : "This operation is not allowed on a control domain";
    throw apiError(context.facts, "OPERATION_NOT_ALLOWED", [reason]);
  }
  if (context.facts.sentenceGap === "  " || !force) requirePvDrivers(context, vm);
  if (vm.attachedDevices.length > 0) throw apiError(context.facts, "VM_HAS_PCI_ATTACHED", [vmHandle(vm)]);
}

/** Moves running `vm`'s domain to `target`: destroyed where it runs, built there without devices (it has none to move). */
export function migrateTo(context: XeContext, vm: VmState, target: PoolMember): void {
  destroyOnResident(context, vm);
  buildOn(context, target, vm, []);
}

/** `xe vm-migrate uuid= host=`: no output on success. */
export function vmMigrate(context: XeContext, args: XeArgs): string {
  const target = destination(context, args);
  for (const vm of selectVms(context, args, { notSelectors: NOT_SELECTORS, includeControlDomains: true })) {
    assertCanMigrate(context, vm, hasFlag(args, "force"));
    migrateTo(context, vm, target);
  }
  return "";
}
