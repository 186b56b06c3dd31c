/**
 * XCP-ng 8.3 / XenServer 8 dom0 access commands, as xapi 26.1 runs them: the
 * change goes through xen-cmdline (`dom0-hide-list.ts`), then the status is
 * recomputed from the booted command line (now) and the grub config (after
 * reboot). Hiding the boot disk's controller is accepted: the refusal
 * (BOOT_DEVICE_PASSTHROUGH_DISALLOWED) only exists from xen-api v26.16.0.
 */
import type { PciState } from "../../host/types";
import type { XeArgs } from "./args";
import type { XeContext } from "./context";
import { hideDevice, isHiddenAfterReboot, isHiddenNow, unhideDevice } from "./dom0-hide-list";
import { pciByUuidParam } from "./lookup";

/** `determine_dom0_access_status`: now × after reboot. */
function status(context: XeContext, pci: PciState): string {
  const now = isHiddenNow(context, pci.address);
  const next = isHiddenAfterReboot(context, pci.address);
  if (now && next) return "disabled";
  if (next) return "disable_on_reboot";
  if (now) return "enable_on_reboot";
  return "enabled";
}

/** `xe pci-get-dom0-access-status uuid=`. */
export function pciGetDom0AccessStatus(context: XeContext, args: XeArgs): string {
  return `${status(context, pciByUuidParam(context, args))}\n`;
}

/** `xe pci-disable-dom0-access uuid=`: puts the function first in the hide list, then prints the new status. */
export function pciDisableDom0Access(context: XeContext, args: XeArgs): string {
  const pci = pciByUuidParam(context, args);
  hideDevice(context, pci.address);
  return `${status(context, pci)}\n`;
}

/** `xe pci-enable-dom0-access uuid=`: removes the function's exact entry (the key goes when it empties), then prints the new status. */
export function pciEnableDom0Access(context: XeContext, args: XeArgs): string {
  const pci = pciByUuidParam(context, args);
  unhideDevice(context, pci.address);
  return `${status(context, pci)}\n`;
}
