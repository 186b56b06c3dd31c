/**
 * The PCI functions that dom0's root disk hangs off, so that the provider can
 * refuse to hide them (a host that hides its own boot disk's controller does
 * not come back from the reboot). `stat -c %d /` gives the root filesystem's
 * device number; `/sys/dev/block/MAJ:MIN` resolves to its place in the device
 * tree, whose PCI components are the controller and the bridges above it.
 */
import { HostStateError } from "../../errors";
import { decodeStDev, pciFunctionOfSysfsPath, sysDevBlockPath } from "../../model/root-device";
import type { HostShell } from "../exec/host-shell";

const PCI_FUNCTION = /^[0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]$/;

/** Where dom0's root disk sits in the PCI tree. */
export interface RootDiskPci {
  /** The controller (the PCI function nearest the disk); `undefined` when the disk is not behind PCI. */
  readonly controller: string | undefined;
  /** Every PCI function on the way, bridges first, controller last. */
  readonly path: readonly string[];
  /** The resolved sysfs path, for messages. */
  readonly sysfsPath: string;
}

/** The PCI functions of a resolved sysfs path, in order (pure). */
export function pciFunctionsOfSysfsPath(sysfsPath: string): string[] {
  return sysfsPath
    .trim()
    .split("/")
    .map((part) => part.toLowerCase())
    .filter((part) => PCI_FUNCTION.test(part));
}

/**
 * Finds the controller of dom0's root disk.
 *
 * @throws HostStateError when `stat` prints something that is not a device number
 */
export async function fetchRootDiskPci(shell: Pick<HostShell, "connection" | "runCommand">): Promise<RootDiskPci> {
  const stat = await shell.runCommand(["stat", "-c", "%d", "/"]);
  const device = decodeStDev(stat.stdout);
  if (device === undefined) {
    throw new HostStateError("ROOT_DEVICE_UNKNOWN", `finding dom0's root disk on ${shell.connection.host}: \`stat -c %d /\` printed "${stat.stdout.trim()}".`, {
      hint: "Check that / is mounted from a block device on the host, then retry.",
    });
  }
  // No link (a kernel without /sys/dev, a root not on a block device): nothing on PCI to protect.
  const link = await shell.runCommand(["readlink", "-f", sysDevBlockPath(device)], { allowedExitCodes: [0, 1] });
  const sysfsPath = link.exitCode === 0 ? link.stdout.trim() : "";
  return { controller: pciFunctionOfSysfsPath(sysfsPath), path: pciFunctionsOfSysfsPath(sysfsPath), sysfsPath };
}
