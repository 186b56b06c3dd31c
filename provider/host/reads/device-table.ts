/**
 * Gathers what the device table (model/device-table.ts) is built from: one
 * listing of the host (VMs, keys, PCI functions with ids and names), the
 * root disk's place in the PCI tree, and what the host's hide method says of
 * each function.
 */
import { deviceTable, type PciDeviceInfo } from "../../model/device-table";
import type { PoolView } from "../../model/host-state";
import { hideMethodForDevice, openHiddenDeviceHost } from "../boot-config/hidden-device";
import type { HostSession } from "../session/host-session";

/** Every PCI function of the host, and the host in its pool. */
export interface HostDevices {
  readonly pool: PoolView;
  readonly devices: PciDeviceInfo[];
}

/**
 * Which of `addresses` the host's hide method (resolved as `auto`, per device:
 * on XCP-ng 8.3 a function xapi has no PCI object for, such as a USB
 * controller or a bridge, is read with xen-cmdline) hides at the next boot.
 * The statuses are asked together: extlinux reads share one read of the file,
 * and the SSH pool caps the channels of the methods that run a command per status.
 */
export async function hiddenInBootConfig(session: HostSession, addresses: readonly string[]): Promise<Set<string>> {
  const open = await openHiddenDeviceHost(session, "auto", undefined);
  const statuses = await Promise.all(addresses.map((address) => hideMethodForDevice(open, address, "state").method.status(address)));
  return new Set(addresses.filter((_, i) => statuses[i]?.hidden === true));
}

/**
 * Reads the device table of the session's host.
 *
 * @throws the typed errors of the reads (xe, sysfs, the hide method's probe)
 */
export async function readDeviceTable(session: HostSession): Promise<HostDevices> {
  const [listing, root] = await Promise.all([session.listing(), session.rootDisk()]);
  const hidden = await hiddenInBootConfig(session, listing.pciDevices.map((fn) => fn.address));
  return {
    pool: listing.pool,
    devices: deviceTable({
      functions: listing.pciDevices,
      guests: listing.vms,
      hostUuid: listing.pool.hostUuid,
      hiddenInBootConfig: hidden,
      rootDiskPath: root.path,
      xapiIntBits: listing.pool.xapiIntBits,
    }),
  };
}
