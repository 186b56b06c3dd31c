/**
 * Pure `diff` of `PciAssignment` (it runs in previews, with no host access).
 */
import { connectionSettingsChanged, diffResult, hostChanged, replaceFieldChanged, type DiffResult } from "./diff-support";
import { normalisePciAddress } from "./pci-address";
import { containsUnknown } from "./unknown";

/**
 * Compares old outputs (which echo the inputs) with new inputs:
 * - `vmUuid` (case-insensitive) or `connection.host` changed: replace, deleting first
 *   (the devices cannot be in the old and the new VM at once);
 * - `devices` changed, order included (order is the attach order), compared after
 *   normalisation (`06:00.0` equals `0000:06:00.0`): update;
 * - `coldBoot` changed (absent means `never`): update;
 * - `deviceIds` changed (case-insensitive), or the last read found an address
 *   holding another device than the bound one (`hardwareChanged`): update
 *   (which refuses until the program names the right addresses);
 * - any other `connection` property changed (credentials, port, user, deadlines): an
 *   update that only stores the new values and runs nothing on the host;
 * - a preview placeholder in a replace field: replace; elsewhere: update.
 *
 * @param olds - the old outputs
 * @param news - the new (checked) inputs
 */
export function diffPciAssignment(olds: Record<string, unknown>, news: Record<string, unknown>): DiffResult {
  const replaces: string[] = [];
  if (replaceFieldChanged(olds.vmUuid, news.vmUuid, lowerCase)) replaces.push("vmUuid");
  if (hostChanged(olds.connection, news.connection)) replaces.push("connection.host");
  const updated =
    devicesChanged(olds.devices, news.devices) ||
    (olds.coldBoot ?? "never") !== (news.coldBoot ?? "never") ||
    (olds.pinToHost ?? true) !== (news.pinToHost ?? true) ||
    listChanged(olds.deviceIds, news.deviceIds, lowerCase) ||
    (Array.isArray(olds.hardwareChanged) && olds.hardwareChanged.length > 0) ||
    connectionSettingsChanged(olds.connection, news.connection);
  return diffResult(replaces, updated);
}

function devicesChanged(oldDevices: unknown, newDevices: unknown): boolean {
  return listChanged(oldDevices, newDevices, (device) => (typeof device === "string" ? (normalisePciAddress(device) ?? device) : device));
}

function listChanged(oldList: unknown, newList: unknown, normalise: (item: unknown) => unknown): boolean {
  const normalised = (value: unknown): unknown => (Array.isArray(value) ? (value as unknown[]).map(normalise) : value);
  return containsUnknown(newList) || JSON.stringify(normalised(oldList)) !== JSON.stringify(normalised(newList));
}

function lowerCase(value: unknown): unknown {
  return typeof value === "string" ? value.toLowerCase() : value;
}
