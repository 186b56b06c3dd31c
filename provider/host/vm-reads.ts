/**
 * The reads that describe one VM exactly (name, power state, domain, `pci`
 * key, attached devices), as argvs for one batch and as the interpretation of
 * their results. The host-wide listing is vm-listing.ts.
 */
import type { XsPciError } from "../errors";
import type { VmState } from "../model/host-state";
import { getPciKeyArgv, vmParamArgv } from "../model/xe-argv";
import { classifyXeError } from "../model/xe-error";
import { parseMinimal } from "../model/xe-output";
import type { CommandResult } from "../remote/ssh";
import { attachedDevicesOf, PCI_BACKENDS_ARGV } from "./pci-backend";
import { xeError } from "./xe";

export type { GuestPciKey, VmState } from "../model/host-state";


const MISSING: CommandResult = { stdout: "", stderr: "", exitCode: 1 };

/**
 * The argvs whose results {@link vmStateFrom} reads, in this order.
 *
 * @param vmUuid - the VM's UUID
 */
export function vmReadArgvs(vmUuid: string): (readonly string[])[] {
  return [
    vmParamArgv(vmUuid, "name-label"),
    vmParamArgv(vmUuid, "power-state"),
    vmParamArgv(vmUuid, "dom-id"),
    getPciKeyArgv(vmUuid),
    PCI_BACKENDS_ARGV,
  ];
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
  const argvs = vmReadArgvs(vmUuid);
  const failure = (i: number, result: CommandResult): XsPciError =>
    xeError({ host, action: `read VM ${vmUuid}`, argv: argvs[i] ?? [] }, result);
  const minimal = (i: number): string | undefined => {
    const result = results[i] ?? MISSING;
    if (result.exitCode !== 0) throw failure(i, result);
    return parseMinimal(result.stdout)[0];
  };
  const nameLabel = minimal(0);
  const powerState = minimal(1);
  // `vm-list uuid=U --minimal` prints an empty line, not an error, for an unknown UUID.
  if (nameLabel === undefined || powerState === undefined) return undefined;
  const parsedDomId = Number(minimal(2) ?? "-1");
  const domId = Number.isInteger(parsedDomId) ? parsedDomId : -1;

  const pciValue = pciKeyFrom(host, vmUuid, results[3] ?? MISSING);
  const attachedDevices = attachedDevicesOf(host, results[4] ?? MISSING, domId);
  return { uuid: vmUuid.toLowerCase(), nameLabel, powerState, domId, pciValue, attachedDevices };
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
  throw xeError({ host, action: `read VM ${vmUuid}`, argv: getPciKeyArgv(vmUuid) }, result);
}
