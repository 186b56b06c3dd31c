/**
 * `getPciDevices`: every PCI function of a host, with what a person needs to
 * pick the device to pass or hide (ids, names, driver, hide state, the VMs
 * that claim it, the other functions of its card, whether dom0 boots from it).
 */
import * as pulumi from "@pulumi/pulumi";
import type { PciDeviceInfo } from "../model/device-table";
import { iommuEnabledOf, memberName } from "../model/pool";
import type { ConnectionArgs } from "../resources/connection-args";
import type { ConnectionInput } from "../schema/connection";
import { ownSession, withLookupHost, type LookupRunner } from "./lookup-host";

export type { PciDeviceInfo, VmRef } from "../model/device-table";

/** Arguments of {@link getPciDevices}. */
export interface GetPciDevicesArgs {
  /** How to reach the host's dom0, as for the resources. */
  connection: ConnectionInput;
}

/** Arguments of {@link getPciDevicesOutput}: the same, as Pulumi inputs. */
export interface GetPciDevicesOutputArgs {
  connection: pulumi.Input<ConnectionArgs>;
}

/** What {@link getPciDevices} returns. */
export interface GetPciDevicesResult {
  /** The host's UUID (in a pool: the connected member's). */
  hostUuid: string;
  /** The host's name-label. */
  hostName: string;
  /** The host's IOMMU (VT-d / AMD-Vi) is on: passthrough works only then. */
  iommuEnabled: boolean;
  /** Every PCI function, in sysfs order. */
  devices: PciDeviceInfo[];
}

/**
 * Lists every PCI function of the host over SSH (same connection and host-key
 * rules as the resources).
 *
 * @throws ValidationError for a bad connection, before anything is opened; the typed error of a failed read
 */
export function getPciDevices(args: GetPciDevicesArgs): Promise<GetPciDevicesResult> {
  return getPciDevicesWith(ownSession, args);
}

/**
 * {@link getPciDevices} through a given runner: the provider plugin runs it on
 * the run's shared session of the host.
 *
 * @param runner - how the host is reached
 * @param args - as for {@link getPciDevices}
 */
export function getPciDevicesWith(runner: LookupRunner, args: GetPciDevicesArgs): Promise<GetPciDevicesResult> {
  return withLookupHost(
    "list the PCI devices",
    args.connection,
    async (host) => {
      const { pool, devices } = await host.devices();
      return { hostUuid: pool.hostUuid, hostName: memberName(pool, pool.hostUuid), iommuEnabled: iommuEnabledOf(pool), devices };
    },
    runner,
  );
}

/**
 * {@link getPciDevices} for inputs that are Pulumi outputs. The result holds
 * no credentials, so it is not secret even when the connection is.
 */
export function getPciDevicesOutput(args: GetPciDevicesOutputArgs): pulumi.Output<GetPciDevicesResult> {
  return pulumi.unsecret(pulumi.output(args).apply((resolved) => getPciDevices(resolved as GetPciDevicesArgs)));
}
