/**
 * Which host PCI functions have a PCI object in xapi's database (xen-api
 * `ocaml/xapi/xapi_pci.ml` `update_pcis`): those whose base class is a
 * managed one (`managed_classes`: storage 01, network 02, display 03 since
 * CP-17469 in 2016; display only in tag XS62) and every other function of
 * the same domain:bus:device (`related`, the dependencies). Only these are
 * in `xe pci-list`, can be named by the `pci-*-dom0-access` commands, and
 * enter a VM's `attached_PCIs` when plugged (`xapi_xenops.ml` `update_pci`
 * finds the function's object by its pci-id and skips a function without
 * one): VM_HAS_PCI_ATTACHED looks at that list.
 */
import type { ProfileFacts } from "../../host/profiles";
import type { HostState, PciState } from "../../host/types";

/** The base class of a function's `0x020000` class: its top byte. */
function baseClass(pci: PciState): number {
  return (Number.parseInt(pci.class, 16) >> 16) & 0xff;
}

/** Domain, bus and device of a full address: functions sharing them are one device. */
export function slotOf(address: string): string {
  return address.slice(0, address.lastIndexOf("."));
}

/** Whether the function `pci` of the host whose state is `state` has a PCI object on `facts`' version. */
export function hasPciObject(facts: ProfileFacts, state: HostState, pci: PciState): boolean {
  const slot = slotOf(pci.address);
  return state.pcis.some((p) => slotOf(p.address) === slot && facts.managedPciClasses.includes(baseClass(p)));
}

/** The functions of `state`'s host that have a PCI object, in the host's order. */
export function pciObjects(facts: ProfileFacts, state: HostState): PciState[] {
  return state.pcis.filter((pci) => hasPciObject(facts, state, pci));
}

/** Whether any of `addresses` on `state`'s host is a function with a PCI object. */
export function anyHasPciObject(facts: ProfileFacts, state: HostState | undefined, addresses: readonly string[]): boolean {
  if (state === undefined) return false;
  return addresses.some((address) => {
    const pci = state.pcis.find((p) => p.address === address);
    return pci !== undefined && hasPciObject(facts, state, pci);
  });
}
