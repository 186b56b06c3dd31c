/**
 * The reads that describe one VM exactly (name, power state, domain, `pci`
 * key, attached devices), as argvs for one batch and as the interpretation of
 * their results. The host-wide listing is vm-listing.ts.
 */
import type { VmState } from "../../model/host-state";
import { hostUuidOf, INVENTORY_ARGV } from "../../model/inventory";
import { getPciKeyArgv, vmRecordArgv } from "../../model/xe-argv";
import { classifyXeError } from "../../model/xe-error";
import { parseRecords } from "../../model/xe-output";
import type { CommandResult } from "../../remote/ssh";
import { attachedDevicesOf, PCI_BACKENDS_ARGV } from "./pci-backend";
import { hostRefOf } from "./pool-view";
import { xeError } from "../exec/xe";

export type { GuestPciKey, VmState } from "../../model/host-state";

const MISSING: CommandResult = { stdout: "", stderr: "", exitCode: 1 };

/**
 * The argvs whose results {@link vmStateFrom} reads, in this order: the VM's
 * record, its `pci` key, the PCI backends of the host's domains, and the
 * host's inventory (its UUID: the backends say something of the VM only when
 * it runs here).
 *
 * @param vmUuid - the VM's UUID
 */
export function vmReadArgvs(vmUuid: string): (readonly string[])[] {
  return [vmRecordArgv(vmUuid), getPciKeyArgv(vmUuid), PCI_BACKENDS_ARGV, INVENTORY_ARGV];
}

/** What a VM record and the host's PCI backends say of one VM (the `pci` key apart). */
export function vmFromRecord(host: string, hostUuid: string, record: Record<string, string>, backends: CommandResult): Omit<VmState, "pciValue"> {
  const parsedDomId = Number(record["dom-id"] ?? "-1");
  const residentOn = hostRefOf(record["resident-on"]);
  // Domain ids are per host: another member's domain id names an unrelated domain here.
  const domId = Number.isInteger(parsedDomId) && residentOn === hostUuid ? parsedDomId : -1;
  return {
    uuid: (record.uuid ?? "").toLowerCase(),
    nameLabel: record["name-label"] ?? "",
    powerState: record["power-state"] ?? "",
    domId,
    attachedDevices: attachedDevicesOf(host, backends, domId),
    residentOn,
    affinity: hostRefOf(record.affinity),
  };
}

/**
 * The VM described by the results of {@link vmReadArgvs}.
 *
 * @param host - host name, for messages
 * @param vmUuid - the VM's UUID
 * @param results - the results, in {@link vmReadArgvs} order
 * @returns `undefined` when no VM has the UUID
 * @throws the typed error of a failed read
 */
export function vmStateFrom(host: string, vmUuid: string, results: readonly CommandResult[]): VmState | undefined {
  const [recordResult = MISSING, pciResult = MISSING, backends = MISSING, inventory = MISSING] = results;
  if (recordResult.exitCode !== 0) throw xeError({ host, action: `reading VM ${vmUuid}`, argv: vmRecordArgv(vmUuid) }, recordResult);
  const record = parseRecords(recordResult.stdout)[0];
  // `vm-list uuid=U` prints nothing, not an error, for an unknown UUID.
  if (record === undefined) return undefined;
  const hostUuid = inventory.exitCode === 0 ? hostUuidOf(inventory.stdout) : "";
  return { ...vmFromRecord(host, hostUuid, { ...record, uuid: record.uuid ?? vmUuid }, backends), pciValue: pciKeyFrom(host, vmUuid, pciResult) };
}
/**
 * The raw value of `other-config:pci` from the result of `getPciKeyArgv(vmUuid)`.
 *
 * @param host - host name, for messages
 * @param vmUuid - the VM's UUID
 * @param result - the result of `xe vm-param-get … param-key=pci`
 * @returns `undefined` when the VM has no such key
 * @throws the typed error of a failed read
 */
export function pciKeyFrom(host: string, vmUuid: string, result: CommandResult): string | undefined {
  // xe ends the raw value with one newline of its own.
  if (result.exitCode === 0) return result.stdout.replace(/\r?\n$/, "");
  if (result.exitCode === 1 && classifyXeError(result.stderr).kind === "key-absent") return undefined;
  throw xeError({ host, action: `reading VM ${vmUuid}`, argv: getPciKeyArgv(vmUuid) }, result);
}
