/**
 * Gathers what the device table (model/device-table.ts) is built from: one
 * listing of the host (VMs, keys, PCI functions with ids and names), the
 * root disk's place in the PCI tree, and what the host's hide method says of
 * each function.
 */
import { deviceTable, type PciDeviceInfo } from "../model/device-table";
import type { PoolView } from "../model/host-state";
import { openHiddenDeviceHost } from "./hidden-device";
import type { HostSession } from "./host-session";

/** Every PCI function of the host, and the host in its pool. */
export interface HostDevices {
  readonly pool: PoolView;
  readonly devices: PciDeviceInfo[];
}

/**
 * Reads the device table of the session's host.
 *
 * @throws the typed errors of the reads (xe, sysfs, the hide method's probe)
 */
export async function readDeviceTable(session: HostSession): Promise<HostDevices> {
  const [listing, root, open] = await Promise.all([session.listing(), session.rootDisk(), openHiddenDeviceHost(session, "auto", undefined)]);
  const hidden = new Set<string>();
  // One status at a time: a status may be a command of its own (xen-cmdline, dom0-access), and old sshds allow few channels.
  for (const fn of listing.pciDevices) {
    if ((await open.method.status(fn.address)).hidden) hidden.add(fn.address);
  }
  return {
    pool: listing.pool,
    devices: deviceTable({
      functions: listing.pciDevices,
      guests: listing.vms,
      hostUuid: listing.pool.hostUuid,
      hiddenInBootConfig: hidden,
      rootDiskPath: root.path,
    }),
  };
}
