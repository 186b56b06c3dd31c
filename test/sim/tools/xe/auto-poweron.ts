/**
 * What a booting host does once xapi has started (xen-api
 * `scripts/xapi-autostart-vms`, the same in tag XS62): when the pool's
 * `other-config:auto_poweron` is `true`, `xe vm-start
 * other-config:auto_poweron=true power-state=halted --multiple`, errors
 * ignored. Suspended VMs stay suspended; xapi places each VM as for any start.
 */
import type { XeContext } from "./context";
import { XeError } from "./errors";
import { chooseStartHost } from "./placement";
import { buildOn } from "./vm-power-commands";

/** Starts every halted guest whose `other-config:auto_poweron` is exactly `true`, if the pool's is; a failing start leaves its VM halted. */
export function autoPowerOn(context: XeContext): void {
  if (context.pool.poolObject.otherConfig.auto_poweron !== "true") return;
  for (const vm of context.pool.vms) {
    if (vm.isControlDomain || vm.powerState !== "halted" || vm.otherConfig.auto_poweron !== "true") continue;
    try {
      buildOn(context, chooseStartHost(context, vm, undefined), vm);
      vm.powerState = "running";
    } catch (error) {
      // The script sends xe's errors to /dev/null: a VM that cannot start stays halted.
      if (!(error instanceof XeError)) throw error;
    }
  }
}
