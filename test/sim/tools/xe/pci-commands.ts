/**
 * XCP-ng 8.3 / XenServer 8 dom0 access commands. The status compares the
 * booted `/proc/cmdline` (now) with `xen-cmdline --get-dom0 xen-pciback.hide`
 * (after reboot); changes go through xen-cmdline, as xapi does.
 */
import { readCmdline } from "../../host/cmdline";
import { cmdlineValue } from "../../host/boot/hide-list";
import type { PciState } from "../../host/types";
import { deleteArgs, getArgs, setArgs } from "../xen-cmdline";
import type { XeArgs } from "./args";
import type { XeContext } from "./context";
import { errorCode, internalError } from "./errors";
import { pciByUuidParam } from "./lookup";

const HIDE_KEY = "xen-pciback.hide";
const FULL_ENTRY = /\(([0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-7])\)/giy;

/** xapi 8.3 reads only the 14-character `(0000:06:00.0)` form; anything else breaks it. */
function parseStrictHideList(value: string): string[] {
  FULL_ENTRY.lastIndex = 0;
  const addresses: string[] = [];
  let end = 0;
  let match: RegExpExecArray | null;
  while ((match = FULL_ENTRY.exec(value)) !== null) {
    addresses.push((match[1] ?? "").toLowerCase());
    end = FULL_ENTRY.lastIndex;
  }
  if (end !== value.length) {
    // unconfirmed: the exact failure text.
    throw internalError(`Failure("Invalid PCI address in ${HIDE_KEY}: ${value}")`);
  }
  return addresses;
}

function configuredHidden(context: XeContext): string[] {
  const token = getArgs(context.dir, context.state.profile, "dom0", [HIDE_KEY]).split(" ").at(-1) ?? "";
  return token === "" ? [] : parseStrictHideList(token.slice(HIDE_KEY.length + 1));
}

function bootedHidden(context: XeContext): string[] {
  const value = cmdlineValue(readCmdline(context.dir), HIDE_KEY);
  return value === undefined ? [] : parseStrictHideList(value);
}

function status(context: XeContext, pci: PciState): string {
  const now = bootedHidden(context).includes(pci.address);
  const next = configuredHidden(context).includes(pci.address);
  if (now && next) return "disabled";
  if (next) return "disable_on_reboot";
  if (now) return "enable_on_reboot";
  return "enabled";
}

function writeHidden(context: XeContext, addresses: readonly string[]): void {
  if (addresses.length === 0) deleteArgs(context.dir, context.state.profile, "dom0", [HIDE_KEY]);
  else setArgs(context.dir, context.state.profile, "dom0", [`${HIDE_KEY}=${addresses.map((a) => `(${a})`).join("")}`]);
}

/** `xe pci-get-dom0-access-status uuid=`. */
export function pciGetDom0AccessStatus(context: XeContext, args: XeArgs): string {
  return `${status(context, pciByUuidParam(context, args))}\n`;
}

/** `xe pci-disable-dom0-access uuid=`: adds the function to the hide list; refused for the root disk's controller. */
export function pciDisableDom0Access(context: XeContext, args: XeArgs): string {
  const pci = pciByUuidParam(context, args);
  // unconfirmed: the parameters of BOOT_DEVICE_PASSTHROUGH_DISALLOWED.
  if (pci.address === context.state.bootDisk) throw errorCode("BOOT_DEVICE_PASSTHROUGH_DISALLOWED", [pci.uuid]);
  const hidden = configuredHidden(context);
  if (!hidden.includes(pci.address)) writeHidden(context, [...hidden, pci.address]);
  return `${status(context, pci)}\n`;
}

/** `xe pci-enable-dom0-access uuid=`: removes the function from the hide list (the key goes when it empties). */
export function pciEnableDom0Access(context: XeContext, args: XeArgs): string {
  const pci = pciByUuidParam(context, args);
  const hidden = configuredHidden(context);
  if (hidden.includes(pci.address)) writeHidden(context, hidden.filter((a) => a !== pci.address));
  return `${status(context, pci)}\n`;
}
