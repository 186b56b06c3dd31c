import * as pulumi from "@pulumi/pulumi";
import type { PciHardware } from "../model/pci-identity";
import type { ConnectionArgs } from "./connection-args";
import { lazyProvider } from "./lazy-provider";

/**
 * One provider object for every resource of the class: the SDK serializes a
 * dynamic provider once per object, so a program of hundreds of resources pays
 * for one closure serialization, not one each.
 */
const PROVIDER = lazyProvider("hiddenPciDevice");

/** How the hide list is written; see the README. */
export type HideMethod = "auto" | "extlinux" | "xen-cmdline" | "dom0-access";

/** Inputs of {@link HiddenPciDevice}. */
export interface HiddenPciDeviceArgs {
  /** SSH connection to the host's dom0. Stored as a secret. */
  connection: pulumi.Input<ConnectionArgs>;
  /** Host PCI address to hide from dom0 (`BB:DD.F` or `DDDD:BB:DD.F`). Changing it replaces the resource. */
  address: pulumi.Input<string>;
  /**
   * `"auto"` (default) picks from the host's version, and on XCP-ng 8.3 / XenServer 8
   * `"xen-cmdline"` for a device xapi has no PCI object for (`"dom0-access"` is refused
   * for one); changing it replaces the resource.
   */
  method?: pulumi.Input<HideMethod>;
  /** extlinux labels to edit; default every label whose `append` line has the Xen three-part form. */
  bootEntries?: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * The device's id, `vvvv:dddd` or `vvvv:dddd:ssss:ssss`, as `lspci -nn`
   * prints it. Create and update refuse when the address holds another device.
   * Without it the resource binds to the id it finds when it writes (`boundId`).
   */
  deviceId?: pulumi.Input<string>;
  /**
   * `"never"` (default): only report that the host needs a reboot.
   * `"whenRequired"`: when the hide list needs a reboot to take effect, reboot
   * the host once this run's other operations on it are done (one reboot per
   * host per run, shared by every HiddenPciDevice that asks): disable it, shut
   * down the VMs that cannot move (evacuate the others in a pool), reboot, wait
   * for it, start the VMs again. See the README, "Rebooting the host".
   */
  reboot?: pulumi.Input<"never" | "whenRequired">;
  /** How long the host may take to come back after `xe host-reboot`, in ms; default 1200000 (20 minutes). */
  rebootTimeoutMs?: pulumi.Input<number>;
}

/**
 * Hides a host PCI device from dom0 at boot (`pciback.hide` / `xen-pciback.hide`)
 * and reports whether the host still needs a reboot for it to take effect.
 */
export class HiddenPciDevice extends pulumi.dynamic.Resource {
  /** The connection as given (secret). */
  declare readonly connection: pulumi.Output<ConnectionArgs>;
  /** The address, normalised to `0000:06:00.0`. */
  declare readonly address: pulumi.Output<string>;
  /** The UUID of the host whose device and boot configuration these are (in a pool, the connected member). */
  declare readonly hostUuid: pulumi.Output<string>;
  /** The method in use, resolved from `auto`. */
  declare readonly method: pulumi.Output<Exclude<HideMethod, "auto">>;
  /** The extlinux labels edited (empty for the other methods). */
  declare readonly bootEntries: pulumi.Output<string[]>;
  /** `pciback.hide` (XenServer 6.2) or `xen-pciback.hide` (newer). */
  declare readonly hideParameter: pulumi.Output<string>;
  /** The device is in the boot configuration's hide list. */
  declare readonly hiddenInBootConfig: pulumi.Output<boolean>;
  /** The device is bound to `pciback` now. */
  declare readonly hiddenNow: pulumi.Output<boolean>;
  /** `hiddenInBootConfig` differs from `hiddenNow`: the host needs a reboot. */
  declare readonly pendingHostReboot: pulumi.Output<boolean>;
  /** What is at the address now (ids and names). */
  declare readonly hardware: pulumi.Output<PciHardware>;
  /** The id the resource is bound to (`vvvv:dddd[:ssss:ssss]`). */
  declare readonly boundId: pulumi.Output<string>;
  /** The address now holds another device than the bound one (cards moved while the host was off). */
  declare readonly hardwareChanged: pulumi.Output<boolean>;
  /** The reboot policy. */
  declare readonly reboot: pulumi.Output<"never" | "whenRequired">;
  /** The reboot deadline, in ms. */
  declare readonly rebootTimeoutMs: pulumi.Output<number>;
  /** What the operator still has to do, as plain sentences; empty when nothing. */
  declare readonly nextSteps: pulumi.Output<string[]>;

  /**
   * @param name - the Pulumi resource name
   * @param args - the inputs
   * @param opts - resource options; `connection` is always stored as a secret
   */
  constructor(name: string, args: HiddenPciDeviceArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      PROVIDER,
      name,
      {
        ...args,
        connection: pulumi.secret(args.connection),
        method: args.method ?? "auto",
        reboot: args.reboot ?? "never",
        rebootTimeoutMs: args.rebootTimeoutMs ?? 1_200_000,
        bootEntries: args.bootEntries,
        hostUuid: undefined,
        hideParameter: undefined,
        hiddenInBootConfig: undefined,
        hiddenNow: undefined,
        pendingHostReboot: undefined,
        hardware: undefined,
        boundId: undefined,
        hardwareChanged: undefined,
        nextSteps: undefined,
      },
      pulumi.mergeOptions(opts, { additionalSecretOutputs: ["connection"] }),
      "xenserver-pci",
      "HiddenPciDevice",
    );
  }
}
