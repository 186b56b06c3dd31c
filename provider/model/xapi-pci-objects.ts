/**
 * Which PCI functions xapi makes a PCI object for (the objects `xe pci-list`
 * lists and `xe pci-*-dom0-access` acts on), told from the functions' class
 * codes. Pure.
 *
 * xapi creates them when it starts (`Xapi_pci.update_pcis`, run by
 * `dbsync_slave.ml`): only storage (class 01), network (02) and display (03)
 * controllers, the `managed_classes`, and every other non-virtual function of
 * the same domain:bus:device as one of them (their `related` functions: a
 * GPU's HDMI audio gets one, a lone sound card or a USB controller none).
 * Same rule in xen-api v26.1.4 (XCP-ng 8.3) and on master; see
 * docs/host-facts.md#pci-objects-and-pci-list.
 *
 * The answer is what xapi made at its last start from the same sysfs data:
 * a card plugged in since has no object until the toolstack restarts, which
 * the dom0-access method then reports itself (PCI_DEVICE_NOT_FOUND).
 */
import type { HostPciDevice } from "./host-state";

/** The base classes xapi manages, as the first byte of the sysfs class code (`xapi_pci.ml` `managed_classes`). */
const MANAGED_BASE_CLASSES: ReadonlySet<string> = new Set(["01", "02", "03"]);

/** The domain:bus:device part of a full address (`0000:07:00.1` → `0000:07:00`). */
function slotOf(address: string): string {
  return address.slice(0, address.lastIndexOf("."));
}

/** Whether a function's class is one xapi manages; `undefined` when its class is unknown. */
function isManagedClass(fn: HostPciDevice): boolean | undefined {
  const classCode = fn.ids?.classCode;
  return classCode === undefined ? undefined : MANAGED_BASE_CLASSES.has(classCode.slice(0, 2));
}

/**
 * Whether xapi has a PCI object for the function at `address`: its own class
 * is managed, or another function of its card's is.
 *
 * Virtual functions (SR-IOV VFs) are not told apart here (the listing does not
 * read `physfn`); xapi leaves them out of `related`, which matters only for a
 * VF of an unmanaged class on a card of a managed one.
 *
 * @param address - the function, full form (`0000:00:14.0`)
 * @param functions - the host's PCI functions with their ids (the sysfs listing)
 * @returns `undefined` when it cannot be told: the address is not listed, or
 *   its class is not managed and some function of its card has no class code
 */
export function hasXapiPciObject(address: string, functions: readonly HostPciDevice[]): boolean | undefined {
  const own = functions.find((fn) => fn.address === address);
  if (own === undefined) return undefined;
  const card = functions.filter((fn) => slotOf(fn.address) === slotOf(address)).map(isManagedClass);
  if (card.includes(true)) return true;
  return card.includes(undefined) ? undefined : false;
}
