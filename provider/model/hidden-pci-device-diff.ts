/**
 * Pure `diff` of `HiddenPciDevice` (it runs in previews, with no host access).
 */
import { DEFAULT_REBOOT_TIMEOUT_MS } from "./host-reboot-plan";
import { connectionSettingsChanged, diffResult, hostChanged, replaceFieldChanged, type DiffResult } from "./diff-support";
import { normalisePciAddress } from "./pci-address";
import { containsUnknown, isUnknown } from "./unknown";

/**
 * Compares old outputs with new inputs:
 * - `address` (after normalisation), `connection.host` or `method` changed: replace,
 *   deleting first (the old hide entry goes before the new one is written);
 * - `method`: the old outputs hold the *resolved* method, so a new `"auto"` (or no
 *   method) matches any old one; an explicit method replaces only when it differs
 *   from the resolved one (switching `extlinux` to `auto` is therefore not seen,
 *   even where `auto` would now resolve differently);
 * - `bootEntries` changed, compared as sets: update; absent means "every Xen entry"
 *   and matches whatever the old outputs list (they hold the resolved labels);
 * - other `connection` properties: an update that runs nothing on the host;
 * - the old outputs say the entry is missing from the boot config (a refresh found
 *   it gone, e.g. after an upgrade): update, which writes it back;
 * - `deviceId` changed (case-insensitive), or the last read found another
 *   device at the address (`hardwareChanged`): update, which refuses until the
 *   program names the right address;
 * - `reboot` or `rebootTimeoutMs` changed: update; with `reboot: "whenRequired"`,
 *   old outputs that say the host needs a reboot: update, which reboots it;
 * - a preview placeholder in a replace field: replace; elsewhere: update.
 *
 * @param olds - the old outputs
 * @param news - the new (checked) inputs
 */
export function diffHiddenPciDevice(olds: Record<string, unknown>, news: Record<string, unknown>): DiffResult {
  const replaces: string[] = [];
  if (replaceFieldChanged(olds.address, news.address, normaliseAddress)) replaces.push("address");
  if (hostChanged(olds.connection, news.connection)) replaces.push("connection.host");
  if (methodChanged(olds.method, news.method)) replaces.push("method");
  const updated =
    olds.hiddenInBootConfig === false ||
    olds.hardwareChanged === true ||
    (olds.reboot ?? "never") !== (news.reboot ?? "never") ||
    (olds.rebootTimeoutMs ?? DEFAULT_REBOOT_TIMEOUT_MS) !== (news.rebootTimeoutMs ?? DEFAULT_REBOOT_TIMEOUT_MS) ||
    (news.reboot === "whenRequired" && olds.pendingHostReboot === true) ||
    deviceIdChanged(olds.deviceId, news.deviceId) ||
    bootEntriesChanged(olds.bootEntries, news.bootEntries) ||
    connectionSettingsChanged(olds.connection, news.connection);
  return diffResult(replaces, updated);
}

function deviceIdChanged(oldId: unknown, newId: unknown): boolean {
  if (isUnknown(newId)) return true;
  const lower = (value: unknown): unknown => (typeof value === "string" ? value.toLowerCase() : value);
  return lower(oldId) !== lower(newId);
}

function methodChanged(oldMethod: unknown, newMethod: unknown): boolean {
  if (isUnknown(newMethod)) return true;
  if (newMethod === undefined || newMethod === "auto") return false;
  return oldMethod !== newMethod;
}

function bootEntriesChanged(oldEntries: unknown, newEntries: unknown): boolean {
  if (newEntries === undefined) return false;
  if (containsUnknown(newEntries)) return true;
  return JSON.stringify(asSortedSet(oldEntries)) !== JSON.stringify(asSortedSet(newEntries));
}

function asSortedSet(value: unknown): unknown {
  return Array.isArray(value) ? [...new Set(value.map(String))].sort() : value;
}

function normaliseAddress(value: unknown): unknown {
  return typeof value === "string" ? (normalisePciAddress(value) ?? value) : value;
}
