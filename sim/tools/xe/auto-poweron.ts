/**
 * What a booting host's autostart step does (xen-api
 * `scripts/xapi-autostart-vms`, the same in tag XS62): when the pool's
 * `other-config:auto_poweron` is `true`, `xe vm-start
 * other-config:auto_poweron=true power-state=halted is-a-template=false
 * is-a-snapshot=false --multiple`, errors ignored. Suspended VMs stay
 * suspended; xapi places each VM as for any start (`startVm`), so a VM that
 * no member can take (NO_HOSTS_AVAILABLE, HOST_NOT_ENOUGH_FREE_MEMORY,
 * VM_REQUIRES_SR) stays halted and the others still start.
 */
import type { XeContext } from "./context";
import { XeError } from "./errors";
import { startVm } from "./vm-power-commands";

/** Starts every halted guest whose `other-config:auto_poweron` is exactly `true`, if the pool's is; a failing start leaves its VM halted. */
export function autoPowerOn(context: XeContext): void {
  if (context.pool.poolObject.otherConfig.auto_poweron !== "true") return;
  for (const vm of context.pool.vms) {
    if (vm.isControlDomain || vm.powerState !== "halted" || vm.otherConfig.auto_poweron !== "true") continue;
    try {
      startVm(context, vm, undefined);
    } catch (error) {
      // The script sends xe's output to /dev/null: a VM that cannot start stays halted.
      if (!(error instanceof XeError)) throw error;
    }
  }
}
