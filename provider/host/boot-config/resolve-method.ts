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
 *
 * `dom0-access` works only on a device xapi has a PCI object for
 * (model/xapi-pci-objects.ts): {@link deviceHideMethod} picks `xen-cmdline`
 * for the others, which edits the same grub list.
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
      throw new HostStateError("NO_HIDE_METHOD", `choosing a hide method for ${product(facts)}: the host has neither /boot/extlinux.conf nor /opt/xensource/libexec/xen-cmdline.`, {
        hint: 'Set method explicitly ("extlinux", "xen-cmdline" or "dom0-access") if you know how this host boots.',
      });
    }
    return method;
  }
  if (requested === "extlinux" && !facts.hasExtlinuxConf) {
    throw new HostStateError("HIDE_METHOD_UNSUPPORTED", `using method "extlinux" on ${product(facts)}: the host has no /boot/extlinux.conf.`, {
      hint: 'Use method "auto" (or "xen-cmdline"): newer hosts boot with grub.',
    });
  }
  if (requested === "xen-cmdline" && !facts.hasXenCmdline) {
    throw new HostStateError("HIDE_METHOD_UNSUPPORTED", `using method "xen-cmdline" on ${product(facts)}: the host has no /opt/xensource/libexec/xen-cmdline.`, {
      hint: 'Use method "auto" (or "extlinux" on XenServer 6.x).',
    });
  }
  const version = versionParts(facts.productVersion);
  if (requested === "dom0-access" && (version === undefined || version[0] < 8 || (version[0] === 8 && version[1] < 3))) {
    throw new HostStateError("HIDE_METHOD_UNSUPPORTED", `using method "dom0-access" on ${product(facts)}: xe pci-*-dom0-access exists only from XCP-ng 8.3 / XenServer 8.`, {
      hint: 'Use method "auto".',
    });
  }
  return requested;
}

/** What decides the method of one device on a host whose method is `dom0-access`. */
export interface DeviceHideFacts {
  /** The device, full form. */
  readonly address: string;
  /** Its sysfs class code (`0c0330`), for messages; `undefined` when unknown. */
  readonly classCode?: string | undefined;
  /** xapi has a PCI object for it (`undefined`: cannot be told; dom0-access then finds out). */
  readonly pciObject: boolean | undefined;
  /** The method as the resource asks for it: `auto`, or one set in the program or kept in its state. */
  readonly requested: ResolvedHideMethod | "auto";
  /**
   * `program`: the program sets the method, so one that cannot work for the
   * device is refused; `state`: the method comes from the resource's stored
   * outputs (read, delete, an update with `auto`), so the method that works on
   * the same list is used instead.
   */
  readonly chosenBy: "program" | "state";
}

/**
 * The method for one device, given the host's (`hostMethod`, from
 * {@link resolveHideMethod}): `dom0-access` becomes `xen-cmdline` for a device
 * xapi has no PCI object for, since `xe pci-*-dom0-access` cannot reach it
 * and xen-cmdline writes the same `xen-pciback.hide` list (in the full
 * lower-case form, which xapi's own reader of that list needs). Any other
 * method is the host's.
 *
 * @throws HostStateError `HIDE_METHOD_UNSUPPORTED` when the program sets
 *   `dom0-access` for such a device; `NO_HIDE_METHOD` when the host lacks xen-cmdline
 */
export function deviceHideMethod(hostMethod: ResolvedHideMethod, device: DeviceHideFacts, facts: HostBootFacts): ResolvedHideMethod {
  if (hostMethod !== "dom0-access" || device.pciObject !== false) return hostMethod;
  const why =
    `xapi makes PCI objects only for storage, network and display controllers and the other functions of their cards, ` +
    `and ${device.address}${device.classCode === undefined ? "" : ` (class ${device.classCode})`} is none of them, so xe pci-*-dom0-access cannot reach it`;
  if (device.requested === "dom0-access" && device.chosenBy === "program") {
    throw new HostStateError("HIDE_METHOD_UNSUPPORTED", `using method "dom0-access" for ${device.address} on ${product(facts)}: ${why}.`, {
      hint: 'Use method "xen-cmdline", or "auto", which picks it for this device: it writes the same xen-pciback.hide list, in the form xapi reads.',
    });
  }
  if (!facts.hasXenCmdline) {
    throw new HostStateError("NO_HIDE_METHOD", `choosing a hide method for ${device.address} on ${product(facts)}: ${why}, and the host has no /opt/xensource/libexec/xen-cmdline.`, {
      hint: "Check the host's installation: XCP-ng 8.3 and XenServer 8 ship /opt/xensource/libexec/xen-cmdline.",
    });
  }
  return "xen-cmdline";
}
