/** `vm-suspend` and `vm-resume`: a suspended VM has no domain and no host; resuming places it as a start does. */
import type { XeArgs } from "./args";
import type { XeContext } from "./context";
import { assertCanMigrate } from "./vm-migrate";
import { destroyOnResident, onParam, selectVms, SHUTDOWN_PARAMS, startVm } from "./vm-power-commands";

/** `vm-resume`'s own parameters (`cli_operations.ml` `vm_resume`). */
const RESUME_PARAMS = ["on", "progress"];

/**
 * `xe vm-suspend <selectors>` (`cli_operations.ml` `vm_suspend`): refused as
 * a migration is (`xapi_vm_lifecycle.ml`: `suspend` is checked with
 * `pool_migrate`: running only, PV drivers, VM_HAS_PCI_ATTACHED); the domain
 * goes, the VM is suspended with no host.
 */
export function vmSuspend(context: XeContext, args: XeArgs): string {
  for (const vm of selectVms(context, args, { ownParams: SHUTDOWN_PARAMS })) {
    assertCanMigrate(context, vm, false);
    destroyOnResident(context, vm);
    vm.powerState = "suspended";
  }
  return "";
}

/** `xe vm-resume <selectors> [on=]` (`vm_resume`): placed and checked as a start is. */
export function vmResume(context: XeContext, args: XeArgs): string {
  const on = onParam(context, args);
  for (const vm of selectVms(context, args, { ownParams: RESUME_PARAMS })) startVm(context, vm, on, "suspended");
  return "";
}
