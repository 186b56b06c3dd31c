/**
 * XCP-ng 8.3 / XenServer 8 dom0 access commands, as xapi 26.1 runs them: the
 * change goes through xen-cmdline (`dom0-hide-list.ts`), then the status is
 * recomputed from the booted command line (now) and the grub config (after
 * reboot). Hiding the boot disk's controller is accepted: the refusal
 * (BOOT_DEVICE_PASSTHROUGH_DISALLOWED) only exists from xen-api v26.16.0.
 * In a pool xapi forwards each call to the PCI object's own host
 * (`message_forwarding.ml`), so its boot config and cmdline are the ones
 * read and edited, whichever member xe ran on.
 */
import type { PciState } from "../../host/types";
import type { XeArgs } from "./args";
import { onMember, type XeContext } from "./context";
import { hideDevice, isHiddenAfterReboot, isHiddenNow, unhideDevice } from "./dom0-hide-list";
import { pciByUuidParam } from "./lookup";

/** `determine_dom0_access_status`: now × after reboot, on the PCI object's host. */
function status(context: XeContext, pci: PciState): string {
  const now = isHiddenNow(context, pci.address);
  const next = isHiddenAfterReboot(context, pci.address);
  if (now && next) return "disabled";
  if (next) return "disable_on_reboot";
  if (now) return "enable_on_reboot";
  return "enabled";
}

/** The PCI object of `uuid=` and the command environment of its own host. */
function target(context: XeContext, args: XeArgs): { pci: PciState; host: XeContext } {
  const { pci, member } = pciByUuidParam(context, args);
  return { pci, host: onMember(context, member) };
}

/** `xe pci-get-dom0-access-status uuid=`. */
export function pciGetDom0AccessStatus(context: XeContext, args: XeArgs): string {
  const { pci, host } = target(context, args);
  return `${status(host, pci)}\n`;
}

/** `xe pci-disable-dom0-access uuid=`: puts the function first in the hide list, then prints the new status. */
export function pciDisableDom0Access(context: XeContext, args: XeArgs): string {
  const { pci, host } = target(context, args);
  hideDevice(host, pci.address);
  return `${status(host, pci)}\n`;
}

/** `xe pci-enable-dom0-access uuid=`: removes the function's exact entry (the key goes when it empties), then prints the new status. */
export function pciEnableDom0Access(context: XeContext, args: XeArgs): string {
  const { pci, host } = target(context, args);
  unhideDevice(host, pci.address);
  return `${status(host, pci)}\n`;
}
