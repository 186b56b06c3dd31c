/**
 * Per-profile facts of the simulated host: product strings, kernel, hide
 * parameter and boot config format (docs/host-facts.md#versions-and-profiles).
 */
import type { OcamlIntBits } from "./ocaml-scanf";
import type { Profile } from "./types";

/** How one XenServer generation looks from dom0. */
export interface ProfileFacts {
  brand: string;
  productVersion: string;
  buildNumber: string;
  xenVersion: string;
  kernelRelease: string;
  /** The dom0 kernel parameter that hides devices from dom0. */
  hideKey: "pciback.hide" | "xen-pciback.hide";
  bootFormat: "extlinux" | "grub";
  /** Path of the boot config below the simulated root. */
  bootConfigPath: string;
  /** Whether `xe pci-list` and the `pci-*-dom0-access` commands exist. */
  hasPciCommands: boolean;
  /** xs62 separates sentences of API error descriptions with two spaces, newer versions with one. */
  sentenceGap: string;
  /** Whether `vm-param-remove` names the key in its "not in map" error. */
  namesMissingKey: boolean;
  /** xapi's OCaml int: XenServer 6.2's dom0 is 32-bit. */
  ocamlIntBits: OcamlIntBits;
  /**
   * Whether `host-reboot` itself sets `host_disabled_until_reboot` (XenServer
   * 6.2); later versions set it once the shutdown has cleared the host
   * (`prepare_for_poweroff`).
   */
  disablesUntilRebootAtOnce: boolean;
  /** Whether `host-disable` takes `auto-enable=false` (xapi 25.31 and later). */
  hasAutoEnable: boolean;
  /** How the datamodel names a host in its error texts: `host` on 6.2, `server` later. */
  hostWord: "host" | "server";
}

/** The facts of every profile. */
export const PROFILE_FACTS: Readonly<Record<Profile, ProfileFacts>> = {
  xs62: {
    brand: "XenServer",
    productVersion: "6.2.0",
    buildNumber: "70446c",
    xenVersion: "4.1.5",
    kernelRelease: "2.6.32.43-0.4.1.xs1.8.0.835.170778xen",
    hideKey: "pciback.hide",
    bootFormat: "extlinux",
    bootConfigPath: "boot/extlinux.conf",
    hasPciCommands: false,
    sentenceGap: "  ",
    namesMissingKey: false,
    ocamlIntBits: 31,
    disablesUntilRebootAtOnce: true,
    hasAutoEnable: false,
    hostWord: "host",
  },
  xs82: {
    brand: "XenServer",
    productVersion: "8.2.1",
    buildNumber: "release/yangtze/master/58",
    xenVersion: "4.13.5",
    kernelRelease: "4.19.0+1",
    hideKey: "xen-pciback.hide",
    bootFormat: "grub",
    bootConfigPath: "boot/grub/grub.cfg",
    hasPciCommands: false,
    sentenceGap: " ",
    namesMissingKey: true,
    ocamlIntBits: 63,
    disablesUntilRebootAtOnce: false,
    hasAutoEnable: false,
    hostWord: "server",
  },
  xcpng83: {
    brand: "XCP-ng",
    productVersion: "8.3.0",
    buildNumber: "cloud",
    xenVersion: "4.17.5",
    kernelRelease: "4.19.0+1",
    hideKey: "xen-pciback.hide",
    bootFormat: "grub",
    bootConfigPath: "boot/grub/grub.cfg",
    hasPciCommands: true,
    sentenceGap: " ",
    namesMissingKey: true,
    ocamlIntBits: 63,
    disablesUntilRebootAtOnce: false,
    hasAutoEnable: true,
    hostWord: "server",
  },
};

/** Whether `value` names a profile. */
export function isProfile(value: string): value is Profile {
  return value === "xs62" || value === "xs82" || value === "xcpng83";
}
