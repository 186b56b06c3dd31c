/**
 * Which hide method and which kernel parameter a host needs, from what it
 * says about itself. Pure: the facts are read by probe.ts.
 *
 * - XenServer / XCP-ng 8.3 and later (XenServer 8 is 8.4): `dom0-access`;
 * - 7.x to 8.2: `xen-cmdline` (it edits grub);
 * - 6.x: `extlinux` (XenServer 6.2 boots with extlinux; its xen-cmdline
 *   exists but the seed and its users edit extlinux.conf).
 * - The key is `pciback.hide` on a 2.6 xenlinux dom0 kernel and
 *   `xen-pciback.hide` on the pvops kernels after it.
 */
import { HostStateError } from "../../errors";
import type { HideKey } from "../../model/hide-list";
import type { ResolvedHideMethod } from "./method";

/** What a host says about itself, as far as the hide method is concerned. */
export interface HostBootFacts {
  /** `PRODUCT_BRAND` of /etc/xensource-inventory, e.g. `XenServer`, `XCP-ng`. */
  readonly productBrand: string | undefined;
  /** `PRODUCT_VERSION`, e.g. `6.2.0`. */
  readonly productVersion: string | undefined;
  /** `uname -r` of dom0. */
  readonly kernelRelease: string;
  /** `/boot/extlinux.conf` exists. */
  readonly hasExtlinuxConf: boolean;
  /** `/opt/xensource/libexec/xen-cmdline` is executable. */
  readonly hasXenCmdline: boolean;
}

/** The hide parameter the running dom0 kernel reads. */
export function hideKeyForKernel(kernelRelease: string): HideKey {
  return /^2\.6\./.test(kernelRelease.trim()) ? "pciback.hide" : "xen-pciback.hide";
}

function versionParts(version: string | undefined): [number, number] | undefined {
  const match = /^(\d+)\.(\d+)/.exec(version?.trim() ?? "");
  return match ? [Number(match[1]), Number(match[2])] : undefined;
}

/** What `auto` means on a host, or `undefined` when nothing fits. */
export function autoHideMethod(facts: HostBootFacts): ResolvedHideMethod | undefined {
  const version = versionParts(facts.productVersion);
  if (version !== undefined) {
    const [major, minor] = version;
    if (major > 8 || (major === 8 && minor >= 3)) return "dom0-access";
    if (major >= 7) return facts.hasXenCmdline ? "xen-cmdline" : undefined;
    return facts.hasExtlinuxConf ? "extlinux" : facts.hasXenCmdline ? "xen-cmdline" : undefined;
  }
  if (facts.hasXenCmdline) return "xen-cmdline";
  return facts.hasExtlinuxConf ? "extlinux" : undefined;
}

function product(facts: HostBootFacts): string {
  return `${facts.productBrand ?? "an unknown product"} ${facts.productVersion ?? "(no PRODUCT_VERSION)"}`;
}

/**
 * The method to use: `requested` when the host supports it, `auto` resolved.
 *
 * @throws HostStateError when the host lacks what the method needs
 */
export function resolveHideMethod(requested: ResolvedHideMethod | "auto", facts: HostBootFacts): ResolvedHideMethod {
  if (requested === "auto") {
    const method = autoHideMethod(facts);
    if (method === undefined) {
      throw new HostStateError("NO_HIDE_METHOD", `Unable to choose a hide method for ${product(facts)}: the host has neither /boot/extlinux.conf nor /opt/xensource/libexec/xen-cmdline.`, {
        hint: 'Set method explicitly ("extlinux", "xen-cmdline" or "dom0-access") if you know how this host boots.',
      });
    }
    return method;
  }
  if (requested === "extlinux" && !facts.hasExtlinuxConf) {
    throw new HostStateError("HIDE_METHOD_UNSUPPORTED", `Unable to use method "extlinux" on ${product(facts)}: the host has no /boot/extlinux.conf.`, {
      hint: 'Use method "auto" (or "xen-cmdline"): newer hosts boot with grub.',
    });
  }
  if (requested === "xen-cmdline" && !facts.hasXenCmdline) {
    throw new HostStateError("HIDE_METHOD_UNSUPPORTED", `Unable to use method "xen-cmdline" on ${product(facts)}: the host has no /opt/xensource/libexec/xen-cmdline.`, {
      hint: 'Use method "auto" (or "extlinux" on XenServer 6.x).',
    });
  }
  const version = versionParts(facts.productVersion);
  if (requested === "dom0-access" && (version === undefined || version[0] < 8 || (version[0] === 8 && version[1] < 3))) {
    throw new HostStateError("HIDE_METHOD_UNSUPPORTED", `Unable to use method "dom0-access" on ${product(facts)}: xe pci-*-dom0-access exists only from XCP-ng 8.3 / XenServer 8.`, {
      hint: 'Use method "auto".',
    });
  }
  return requested;
}
