/**
 * The host's PCI functions, the dom0 driver bound to each and their ids, read
 * from sysfs in one round trip, with their names from `lspci`. sysfs works on every XenServer version (`xe pci-list` exists
 * only from 8.3 on), and the driver a function is bound to is the one place
 * that says whether it is hidden (`pciback`) right now.
 */
import { CommandError } from "../../errors";
import type { HostPciDevice } from "../../model/host-state";
import { parseLspciMachine } from "../../model/lspci";
import { normalisePciAddress } from "../../model/pci-address";
import { parseSysfsHex, type PciIds } from "../../model/pci-identity";
import type { CommandResult } from "../../remote/ssh";
import { buildScript } from "../../remote/shell";

export type { HostPciDevice } from "../../model/host-state";

/** The sysfs files of a function's ids, in the order the listing prints them. */
const ID_FILES = ["vendor", "device", "subsystem_vendor", "subsystem_device", "class"] as const;

/**
 * A POSIX sh script printing one `pci <address> <vendor> <device> <subsystem
 * vendor> <subsystem device> <class>` line per function under
 * `/sys/bus/pci/devices` (`-` for a missing file), one `driver <address>
 * <driver>` line per function bound to a driver, then, when `$1` is `names`,
 * `lspci -D -mm` with each line prefixed `name ` (nothing when the host has no
 * lspci). Uses only what XenServer 6.2's dom0 has: sh and its builtins, and
 * lspci; it starts no process per function (dom0 has a few CPUs, and a host
 * has dozens of functions).
 */
export const LIST_PCI_DEVICES_SCRIPT = buildScript([
  "for device in /sys/bus/pci/devices/*; do",
  '  [ -e "$device" ] || continue',
  "  ids=",
  `  for file in ${ID_FILES.join(" ")}; do`,
  // The shell's own read, not cat: no process per file.
  "    id=",
  // `|| :` twice: a missing file, or one without a final newline, must not end the script under `set -e`.
  '    [ -r "$device/$file" ] && { read -r id < "$device/$file" || :; } || :',
  '    ids="$ids ${id:--}"',
  "  done",
  `  printf 'pci %s%s\\n' "\${device##*/}" "$ids"`,
  "done",
  // Linux links each bound function into its driver's directory as it links
  // the driver into the function's: globbing them needs no readlink per function.
  "for bound in /sys/bus/pci/drivers/*/????:??:??.?; do",
  '  [ -e "$bound" ] || continue',
  '  driver=${bound%/*}',
  `  printf 'driver %s %s\\n' "\${bound##*/}" "\${driver##*/}"`,
  "done",
  // Names are a courtesy: a host without lspci still lists its functions.
  'if [ "$1" = names ]; then',
  `  lspci -D -mm 2>/dev/null | while IFS= read -r line; do printf 'name %s\\n' "$line"; done`,
  "fi",
]);

function idsOf(words: readonly string[]): PciIds | undefined {
  const [vendor, device, subsystemVendor, subsystem, classCode] = words;
  const vendorId = parseSysfsHex(vendor, 4);
  const deviceId = parseSysfsHex(device, 4);
  const cls = parseSysfsHex(classCode, 6);
  if (vendorId === undefined || deviceId === undefined || cls === undefined) return undefined;
  return {
    vendorId,
    deviceId,
    subsystemVendorId: parseSysfsHex(subsystemVendor, 4) ?? "0000",
    subsystemId: parseSysfsHex(subsystem, 4) ?? "0000",
    classCode: cls,
  };
}

/**
 * Parses the output of {@link LIST_PCI_DEVICES_SCRIPT}; other lines are ignored.
 *
 * @param stdout - the script's output
 * @returns the functions in sysfs order, addresses normalised
 */
export function parsePciDeviceListing(stdout: string): HostPciDevice[] {
  const rawLines = stdout.split("\n");
  const names = parseLspciMachine(rawLines.filter((line) => line.startsWith("name ")).map((line) => line.slice("name ".length)).join("\n"));
  const lines = rawLines.map((line) => line.trim().split(/\s+/));
  const drivers = new Map(
    lines.flatMap(([tag, address, driver]): [string, string][] => {
      const normalised = tag === "driver" && address !== undefined ? normalisePciAddress(address) : undefined;
      return normalised === undefined || driver === undefined || driver === "" ? [] : [[normalised, driver]];
    }),
  );
  return lines.flatMap(([tag = "", name = "", ...idWords]): HostPciDevice[] => {
    const address = tag === "pci" ? normalisePciAddress(name) : undefined;
    if (address === undefined) return [];
    const named = names.get(address);
    return [{
      address,
      driver: drivers.get(address),
      ids: idsOf(idWords),
      vendorName: named?.vendorName ?? "",
      deviceName: named?.deviceName ?? "",
    }];
  });
}

/**
 * {@link LIST_PCI_DEVICES_SCRIPT} as an argv, for a batch of reads.
 *
 * @param withNames - run lspci for the names too (see pci-names.ts: once a run)
 */
export function listPciDevicesArgv(withNames: boolean): string[] {
  return ["sh", "-c", LIST_PCI_DEVICES_SCRIPT, "sh", withNames ? "names" : "ids"];
}

/** `lspci -D -mm` alone: the names of the functions a listing without names found new. */
export const LSPCI_NAMES_ARGV: readonly string[] = ["lspci", "-D", "-mm"];

/**
 * The functions from the result of {@link listPciDevicesArgv} run among a listing's reads.
 *
 * @param host - host name, for the error message
 * @param result - the listing's result
 * @throws CommandError `PCI_LISTING_FAILED` when the listing failed
 */
export function pciDevicesFrom(host: string, result: CommandResult): HostPciDevice[] {
  if (result.exitCode !== 0) {
    throw new CommandError(
      "PCI_LISTING_FAILED",
      `listing the PCI devices of ${host}: the sysfs listing exited with code ${result.exitCode}: ${result.stderr.trim()}`,
      { command: "the listing of /sys/bus/pci/devices", ...result },
      { hint: "Check that /sys/bus/pci/devices is readable by the SSH user on the host, then retry." },
    );
  }
  return parsePciDeviceListing(result.stdout);
}
