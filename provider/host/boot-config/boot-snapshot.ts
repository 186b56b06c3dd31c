/**
 * What every `HiddenPciDevice` of a host reads before anything else, in one
 * round trip shared by the reads asked together (fresh-read.ts): the facts
 * that decide the hide method and key (inventory, kernel release, which boot
 * tools exist) and the host's PCI functions with their dom0 drivers.
 */
import { HostStateError } from "../../errors";
import { hostUuidOf, INVENTORY_ARGV, readHostInventory } from "../../model/inventory";
import type { CommandResult } from "../../remote/ssh";
import type { HostShell } from "../exec/host-shell";
import { listPciDevicesArgv, pciDevicesFrom, type HostPciDevice } from "../reads/pci-devices";
import { EXTLINUX_CONF_PATH } from "./extlinux-text";
import { XEN_CMDLINE_PATH } from "./locked-scripts";
import type { HostBootFacts } from "./resolve-method";

/** The hide-method facts of a host and its PCI functions. */
export interface BootSnapshot {
  /** The host's UUID (`INSTALLATION_UUID`), lower case; `""` when the inventory names none. */
  readonly hostUuid: string;
  readonly facts: HostBootFacts;
  readonly pciDevices: readonly HostPciDevice[];
}

/**
 * The argvs whose results {@link bootSnapshotFrom} reads, in this order.
 *
 * @param withNames - ask lspci for the PCI functions' names too (pci-names.ts)
 */
export function bootSnapshotArgvs(withNames = true): (readonly string[])[] {
  return [
    INVENTORY_ARGV,
    ["uname", "-r"],
    ["test", "-f", EXTLINUX_CONF_PATH],
    ["test", "-x", XEN_CMDLINE_PATH],
    listPciDevicesArgv(withNames),
  ];
}

/**
 * The snapshot described by the results of {@link bootSnapshotArgvs}.
 *
 * @param host - host name, for messages
 * @throws HostStateError `NOT_A_XEN_HOST` when the inventory cannot be read;
 *   CommandError when the uname or the sysfs listing failed
 */
export function bootSnapshotFrom(host: string, results: readonly CommandResult[]): BootSnapshot {
  const [inventory, kernel, extlinux, xenCmdline, pci] = results;
  if (inventory === undefined || kernel === undefined || extlinux === undefined || xenCmdline === undefined || pci === undefined) {
    throw new RangeError(`bootSnapshotFrom needs ${String(bootSnapshotArgvs().length)} results, got ${String(results.length)}`);
  }
  if (inventory.exitCode !== 0) {
    throw new HostStateError(
      "NOT_A_XEN_HOST",
      `reading /etc/xensource-inventory on ${host}: \`cat\` exited with code ${String(inventory.exitCode)}: ${inventory.stderr.trim()}`,
      { hint: "Point connection.host at a XenServer or XCP-ng dom0 (not a guest or another machine), with a user that can read the file." },
    );
  }
  if (kernel.exitCode !== 0) {
    throw new HostStateError("KERNEL_RELEASE_UNKNOWN", `reading the kernel release of ${host}: \`uname -r\` exited with code ${String(kernel.exitCode)}: ${kernel.stderr.trim()}`, {
      hint: "Check the login shell of the SSH user on the host, then retry.",
    });
  }
  const { productBrand, productVersion } = readHostInventory(inventory.stdout);
  return {
    hostUuid: hostUuidOf(inventory.stdout),
    facts: {
      productBrand,
      productVersion,
      kernelRelease: kernel.stdout.trim(),
      hasExtlinuxConf: extlinux.exitCode === 0,
      hasXenCmdline: xenCmdline.exitCode === 0,
    },
    pciDevices: pciDevicesFrom(host, pci),
  };
}

/**
 * Reads the snapshot on the host (none of its reads is an `xe` call: one exec).
 *
 * @param withNames - ask lspci for the PCI functions' names too
 */
export async function fetchBootSnapshot(shell: Pick<HostShell, "connection" | "runReads">, withNames: boolean): Promise<BootSnapshot> {
  return bootSnapshotFrom(shell.connection.host, await shell.runReads(bootSnapshotArgvs(withNames), "the reads of the host's boot facts and PCI devices"));
}
