/**
 * The host's PCI functions and the dom0 driver bound to each, read from sysfs in
 * one round trip. sysfs works on every XenServer version (`xe pci-list` exists
 * only from 8.3 on), and `readlink …/driver` is the one place that says whether a
 * function is hidden (`pciback`) right now.
 */
import { CommandError } from "../errors";
import type { HostPciDevice } from "../model/host-state";
import { normalisePciAddress } from "../model/pci-address";
import type { CommandResult } from "../remote/ssh";
import { buildScript } from "../remote/shell";

export type { HostPciDevice } from "../model/host-state";

/**
 * A POSIX sh script printing one `<address> <driver>` line per function under
 * `/sys/bus/pci/devices` (driver empty when unbound). Uses only what
 * XenServer 6.2's dom0 has: sh, readlink, printf.
 */
export const LIST_PCI_DEVICES_SCRIPT = buildScript([
  "for device in /sys/bus/pci/devices/*; do",
  '  [ -e "$device" ] || continue',
  '  driver=$(readlink "$device/driver" 2>/dev/null) || driver=',
  // Only the last path component names the driver (`../../../bus/pci/drivers/pciback`).
  `  printf '%s %s\\n' "\${device##*/}" "\${driver##*/}"`,
  "done",
]);

/**
 * Parses the output of {@link LIST_PCI_DEVICES_SCRIPT}; lines that do not start
 * with a PCI address are ignored.
 *
 * @param stdout - the script's output
 * @returns the functions in sysfs order, addresses normalised
 */
export function parsePciDeviceListing(stdout: string): HostPciDevice[] {
  return stdout.split("\n").flatMap((line): HostPciDevice[] => {
    const [name = "", driver = ""] = line.trim().split(/\s+/);
    const address = normalisePciAddress(name);
    if (address === undefined) return [];
    return [{ address, driver: driver === "" ? undefined : driver }];
  });
}

/** {@link LIST_PCI_DEVICES_SCRIPT} as an argv, for a batch of reads. */
export const LIST_PCI_DEVICES_ARGV: readonly string[] = ["sh", "-c", LIST_PCI_DEVICES_SCRIPT];

/**
 * The functions from the result of {@link LIST_PCI_DEVICES_ARGV} run in a batch.
 *
 * @param host - host name, for the error message
 * @param result - the listing's result
 * @throws CommandError `PCI_LISTING_FAILED` when the listing failed
 */
export function pciDevicesFrom(host: string, result: CommandResult): HostPciDevice[] {
  if (result.exitCode !== 0) {
    throw new CommandError(
      "PCI_LISTING_FAILED",
      `Unable to list the PCI devices of ${host}: the sysfs listing exited with code ${result.exitCode}: ${result.stderr.trim()}`,
      { command: "the listing of /sys/bus/pci/devices", ...result },
      { hint: "Check that /sys/bus/pci/devices is readable by the SSH user on the host, then retry." },
    );
  }
  return parsePciDeviceListing(result.stdout);
}
