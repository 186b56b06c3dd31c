/**
 * `getVm`: a VM by its name-label, as people know their VMs, so that a
 * program need not hard-code UUIDs.
 */
import * as pulumi from "@pulumi/pulumi";
import type { VmInfo } from "../model/vm-lookup";
import type { ConnectionArgs } from "../resources/connection-args";
import type { ConnectionInput } from "../schema/connection";
import { ownSession, withLookupHost, type LookupRunner } from "./lookup-host";

export type { VmInfo } from "../model/vm-lookup";

/** Arguments of {@link getVm}. */
export interface GetVmArgs {
  /** How to reach the host's dom0, as for the resources. */
  connection: ConnectionInput;
  /** The VM's name-label, exact and case-sensitive. */
  nameLabel: string;
}

/** Arguments of {@link getVmOutput}: the same, as Pulumi inputs. */
export interface GetVmOutputArgs {
  connection: pulumi.Input<ConnectionArgs>;
  nameLabel: pulumi.Input<string>;
}

/**
 * Finds the one VM named `nameLabel` on the host (in a pool: in the pool).
 *
 * @throws ValidationError for a bad connection; HostStateError `VM_NOT_FOUND`
 *   (listing the names there are) or `VM_NAME_AMBIGUOUS` (listing the candidates)
 */
export function getVm(args: GetVmArgs): Promise<VmInfo> {
  return getVmWith(ownSession, args);
}

/**
 * {@link getVm} through a given runner: the provider plugin runs it on the
 * run's shared session of the host.
 *
 * @param runner - how the host is reached
 * @param args - as for {@link getVm}
 */
export function getVmWith(runner: LookupRunner, args: GetVmArgs): Promise<VmInfo> {
  return withLookupHost(`find VM ${JSON.stringify(args.nameLabel)}`, args.connection, (host) => host.vmNamed(args.nameLabel), runner);
}

/**
 * {@link getVm} for inputs that are Pulumi outputs. The result holds no
 * credentials, so it is not secret even when the connection is.
 */
export function getVmOutput(args: GetVmOutputArgs): pulumi.Output<VmInfo> {
  return pulumi.unsecret(pulumi.output(args).apply((resolved) => getVm(resolved as GetVmArgs)));
}
