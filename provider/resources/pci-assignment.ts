import * as pulumi from "@pulumi/pulumi";
import type { PciHardware } from "../model/pci-identity";
import type { ConnectionArgs } from "./connection-args";
import { lazyProvider } from "./lazy-provider";

/**
 * One provider object for every resource of the class: the SDK serializes a
 * dynamic provider once per object, so a program of hundreds of resources pays
 * for one closure serialization, not one each.
 */
const PROVIDER = lazyProvider("pciAssignment");

/** Inputs of {@link PciAssignment}. */
export interface PciAssignmentArgs {
  /** SSH connection to the host's dom0. Stored as a secret. */
  connection: pulumi.Input<ConnectionArgs>;
  /** UUID of the VM that receives the devices. Changing it replaces the resource. */
  vmUuid: pulumi.Input<string>;
  /** Host PCI addresses (`BB:DD.F` or `DDDD:BB:DD.F`), in attach order; non-empty, no duplicates. */
  devices: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * `"never"` (default): only report that the VM needs a cold boot.
   * `"whenRequired"`: shut the VM down cleanly and start it again on this host.
   */
  coldBoot?: pulumi.Input<"never" | "whenRequired">;
  /**
   * In a pool of more than one host, pin the VM to this host (its `affinity`)
   * so that xapi starts it here, where its devices are; default `true`. With
   * `false` the affinity is left alone and `nextSteps` warns when the VM could
   * start on another member.
   */
  pinToHost?: pulumi.Input<boolean>;
  /**
   * The ids of the devices, parallel to `devices`: `vvvv:dddd` or
   * `vvvv:dddd:ssss:ssss` (vendor, device, subsystem vendor, subsystem), as
   * `lspci -nn` prints them. Create and update refuse when an address holds
   * another device. Without it the resource binds to the ids it finds when it
   * writes (`boundIds`).
   */
  deviceIds?: pulumi.Input<pulumi.Input<string>[]>;
}

/**
 * Passes host PCI devices through to a VM: owns the VM's `other-config:pci` key
 * (and nothing else of the VM) and reports whether the VM still needs a cold boot.
 */
export class PciAssignment extends pulumi.dynamic.Resource {
  /** The connection as given (secret). */
  declare readonly connection: pulumi.Output<ConnectionArgs>;
  /** The VM's UUID, lower case. */
  declare readonly vmUuid: pulumi.Output<string>;
  /** The devices, normalised to `0000:06:00.0`, in attach order. */
  declare readonly devices: pulumi.Output<string[]>;
  /** The cold boot policy. */
  declare readonly coldBoot: pulumi.Output<"never" | "whenRequired">;
  /** Exactly what is in `other-config:pci` on the host now (`0/…,1/…`). */
  declare readonly pciValue: pulumi.Output<string>;
  /** The VM's name-label. */
  declare readonly vmName: pulumi.Output<string>;
  /** The VM's power state: `running`, `halted`, `paused` or `suspended`. */
  declare readonly powerState: pulumi.Output<string>;
  /** Devices the running domain has now (from xenstore), in attach order; empty when not running. */
  declare readonly attachedDevices: pulumi.Output<string[]>;
  /** True when the VM runs without exactly `devices`: shut it down and start it again. */
  declare readonly pendingColdBoot: pulumi.Output<boolean>;
  /** The `pinToHost` input, echoed. */
  declare readonly pinToHost: pulumi.Output<boolean>;
  /** The name-label of the pool member the VM runs on, `""` when it is not running. */
  declare readonly residentOn: pulumi.Output<string>;
  /** The name-label of the member the VM's affinity names, `""` when none. */
  declare readonly affinity: pulumi.Output<string>;
  /** This resource set the VM's affinity to this host, and clears it at delete. */
  declare readonly ownsAffinity: pulumi.Output<boolean>;
  /** What is at each address of `devices` now (ids and names), in order. */
  declare readonly hardware: pulumi.Output<PciHardware[]>;
  /** The id each device is bound to (`vvvv:dddd[:ssss:ssss]`), parallel to `devices`. */
  declare readonly boundIds: pulumi.Output<string[]>;
  /** The addresses that now hold another device than the bound one (cards moved while the host was off). */
  declare readonly hardwareChanged: pulumi.Output<string[]>;
  /** The host's IOMMU (VT-d / AMD-Vi) is on; the VM starts with its devices only then. */
  declare readonly iommuEnabled: pulumi.Output<boolean>;
  /** The other functions of the devices' cards that `devices` leaves out (a GPU's HDMI audio). */
  declare readonly missingFunctions: pulumi.Output<string[]>;
  /** What the operator still has to do, as plain sentences; empty when nothing. */
  declare readonly nextSteps: pulumi.Output<string[]>;

  /**
   * @param name - the Pulumi resource name
   * @param args - the inputs
   * @param opts - resource options; `connection` is always stored as a secret
   */
  constructor(name: string, args: PciAssignmentArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      PROVIDER,
      name,
      {
        ...args,
        connection: pulumi.secret(args.connection),
        coldBoot: args.coldBoot ?? "never",
        pinToHost: args.pinToHost ?? true,
        pciValue: undefined,
        vmName: undefined,
        powerState: undefined,
        attachedDevices: undefined,
        pendingColdBoot: undefined,
        residentOn: undefined,
        affinity: undefined,
        ownsAffinity: undefined,
        hardware: undefined,
        boundIds: undefined,
        hardwareChanged: undefined,
        iommuEnabled: undefined,
        missingFunctions: undefined,
        nextSteps: undefined,
      },
      pulumi.mergeOptions(opts, { additionalSecretOutputs: ["connection"] }),
      "xenserver-pci",
      "PciAssignment",
    );
  }
}
