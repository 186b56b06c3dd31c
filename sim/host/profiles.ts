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
  /**
   * Whether `host-enable` raises HOST_DISABLED_UNTIL_REBOOT with the host
   * (xapi v26, `xapi_host.ml` `assert_safe_to_reenable`: `[Ref.string_of
   * self]`); tags XS62 and v1.249.42 raise it with none (`host: <unknown>`).
   */
  disabledUntilRebootNamesHost: boolean;
  /**
   * Whether OTHER_OPERATION_IN_PROGRESS names four parameters, the operation
   * and its task among them (xapi v26 `datamodel_errors.ml`); XS62 and
   * v1.249.42 declare `class`, `object` and raise a third (the operation),
   * which xe prints as `<extra>`.
   */
  namesOperationInProgress: boolean;
  /**
   * PCI base classes xapi makes PCI objects for, with every other function of
   * the same domain:bus:device (`xapi_pci.ml` `managed_classes`): display only
   * in XS62; storage, network and display since 2016 (CP-17469).
   */
  managedPciClasses: readonly number[];
  /**
   * Whether the evacuation plan adds an error for a VM that already has one
   * (XS62 `compute_evacuation_plan_no_wlb` uses `Hashtbl.add` for the VMs the
   * binpack left out, so a VM can carry two; later versions replace).
   */
  evacuationAddsErrors: boolean;
  /** Parameters `host-evacuate` keeps for itself rather than as host filters (`cli_operations.ml` `host_evacuate`). */
  hostEvacuateOwnParams: readonly string[];
  /** Parameters `vm-migrate` keeps for itself rather than as VM filters (`cli_operations.ml` `vm_migrate`, the pool path). */
  vmMigrateOwnParams: readonly string[];
  /**
   * Whether a migration to the VM's own host skips the host-enabled check
   * (xapi v26 `assert_can_boot_here` `is_local_live_migration`).
   */
  localMigrationIgnoresDisabled: boolean;
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
    disabledUntilRebootNamesHost: false,
    namesOperationInProgress: false,
    managedPciClasses: [0x03],
    evacuationAddsErrors: true,
    hostEvacuateOwnParams: [],
    vmMigrateOwnParams: ["host", "host-uuid", "host-name", "live"],
    localMigrationIgnoresDisabled: false,
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
    disabledUntilRebootNamesHost: false,
    namesOperationInProgress: false,
    managedPciClasses: [0x01, 0x02, 0x03],
    evacuationAddsErrors: false,
    hostEvacuateOwnParams: [],
    vmMigrateOwnParams: ["host", "host-uuid", "host-name", "live"],
    localMigrationIgnoresDisabled: false,
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
    disabledUntilRebootNamesHost: true,
    namesOperationInProgress: true,
    managedPciClasses: [0x01, 0x02, 0x03],
    evacuationAddsErrors: false,
    hostEvacuateOwnParams: ["network-uuid", "batch-size"],
    vmMigrateOwnParams: ["host", "host-uuid", "host-name", "live", "compress"],
    localMigrationIgnoresDisabled: true,
  },
};

/** Whether `value` names a profile. */
export function isProfile(value: string): value is Profile {
  return value === "xs62" || value === "xs82" || value === "xcpng83";
}
