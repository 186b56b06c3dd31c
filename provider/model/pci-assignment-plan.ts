/**
 * The decisions of `PciAssignment`'s create and update, made from one snapshot
 * of the host before anything is changed. Pure: the adapter reads, these
 * functions decide, the adapter writes.
 */
import { HostStateError } from "../errors";
import type { OcamlIntBits } from "./ocaml-int";
import { decodePciValue, encodePciValue } from "./other-config-pci";
import type { AssignmentSnapshot, GuestPciKey, PoolView, VmState } from "./host-state";

/** What to do with the VM's `pci` key. */
export type KeyPlan =
  /** Write this encoded value. */
  | { kind: "write"; value: string }
  /** The key already says exactly this (xapi would attach the same devices in the same order). */
  | { kind: "keep"; value: string };

/** A wanted device already in another VM's `pci` key. */
export interface DeviceConflict {
  device: string;
  guest: GuestPciKey;
}

/**
 * Whether a raw `pci` value makes xapi attach exactly `devices`, in this order.
 *
 * @param raw - the key's value, `undefined` when absent
 * @param devices - normalised devices in attach order
 * @param bits - the width of the host's xapi ints (`PoolView.xapiIntBits`)
 */
export function attachesExactly(raw: string | undefined, devices: readonly string[], bits: OcamlIntBits = 63): boolean {
  if (raw === undefined) return false;
  const attached = decodePciValue(raw, bits).attachOrder;
  return attached.length === devices.length && attached.every((device, i) => device === devices[i]);
}

/**
 * Whether a guest can run on the connected host, so that its `pci` key names
 * this host's cards: it runs here, it is pinned here, or it neither runs nor
 * is pinned anywhere. In a pool the same address on another member is
 * another card, so a VM running on or pinned to another member claims none of
 * this host's devices.
 *
 * @param hostUuid - the connected host
 */
export function canRunHere(guest: Pick<GuestPciKey, "residentOn" | "affinity">, hostUuid: string): boolean {
  if (guest.residentOn === hostUuid || guest.affinity === hostUuid) return true;
  return guest.residentOn === "" && guest.affinity === "";
}

/**
 * Wanted devices that another guest's `pci` key already claims (as xapi reads
 * that key), among the guests that can run on the connected host.
 *
 * @param vmUuid - the target VM (its own key is not a conflict)
 * @param devices - normalised wanted devices
 * @param guests - every guest of the pool with its `pci` key
 * @param hostUuid - the connected host
 * @param bits - the width of the host's xapi ints (`PoolView.xapiIntBits`)
 */
export function findConflicts(vmUuid: string, devices: readonly string[], guests: readonly GuestPciKey[], hostUuid: string, bits: OcamlIntBits = 63): DeviceConflict[] {
  return guests.flatMap((guest) => {
    if (guest.uuid === vmUuid.toLowerCase() || guest.pciValue === undefined || !canRunHere(guest, hostUuid)) return [];
    const claimed = new Set(decodePciValue(guest.pciValue, bits).attachOrder);
    return devices.filter((device) => claimed.has(device)).map((device) => ({ device, guest }));
  });
}

/** The VM, or the HostStateError that says it does not exist. */
export function requireVm(host: string, vmUuid: string, vm: VmState | undefined): VmState {
  if (vm !== undefined) return vm;
  throw new HostStateError("VM_NOT_FOUND", `no VM with UUID ${vmUuid} exists on ${host}.`, {
    hint: "Check vmUuid against `xe vm-list params=uuid,name-label` on the host; if the VM was deleted, remove the resource from the program.",
  });
}

function refuseUnknownDevices(host: string, devices: readonly string[], snapshot: AssignmentSnapshot): void {
  const present = new Set(snapshot.pciDevices.map((device) => device.address));
  const unknown = devices.filter((device) => !present.has(device));
  if (unknown.length === 0) return;
  throw new HostStateError(
    "PCI_DEVICE_NOT_FOUND",
    `${host} has no PCI device ${unknown.join(", ")} (it has ${[...present].join(", ") || "none"}).`,
    { hint: "Check the addresses with `lspci` on the host (`lspci -D` shows the domain part) and correct devices." },
  );
}

function refuseConflicts(vmUuid: string, devices: readonly string[], snapshot: AssignmentSnapshot): void {
  const conflicts = findConflicts(vmUuid, devices, snapshot.guests, snapshot.pool.hostUuid, snapshot.pool.xapiIntBits);
  const first = conflicts[0];
  if (first === undefined) return;
  const named = conflicts.map(({ device, guest }) => `${device} is already assigned to VM "${guest.nameLabel}" (${guest.uuid})`);
  throw new HostStateError("PCI_DEVICE_IN_USE", `${named.join("; ")} in its other-config:pci.`, {
    hint:
      `A device can be passed to one VM only. Take it away from that VM first (its PciAssignment, or ` +
      `\`xe vm-param-remove uuid=${first.guest.uuid} param-name=other-config param-key=pci\`), then run the update again.`,
  });
}

/**
 * What create does with the key: refuses an unknown VM, an unknown device, a
 * device in another VM's key and a key that holds something else; keeps
 * (adopts) a key that already attaches exactly these devices; else writes.
 *
 * @param host - host name, for messages
 * @param vmUuid - the target VM
 * @param devices - normalised wanted devices, in attach order
 * @param snapshot - the host as read before the change
 * @throws HostStateError VM_NOT_FOUND, PCI_DEVICE_NOT_FOUND, PCI_DEVICE_IN_USE, PCI_KEY_IN_USE
 */
export function planCreate(host: string, vmUuid: string, devices: readonly string[], snapshot: AssignmentSnapshot): KeyPlan {
  const vm = requireVm(host, vmUuid, snapshot.vm);
  refuseUnknownDevices(host, devices, snapshot);
  refuseConflicts(vmUuid, devices, snapshot);
  if (vm.pciValue === undefined) return { kind: "write", value: encodePciValue(devices) };
  if (attachesExactly(vm.pciValue, devices, snapshot.pool.xapiIntBits)) return { kind: "keep", value: vm.pciValue };
  throw new HostStateError(
    "PCI_KEY_IN_USE",
    `VM "${vm.nameLabel}" already has other-config:pci=${vm.pciValue}, which this resource did not write and which differs from the wanted ${encodePciValue(devices)}.`,
    {
      hint:
        `Declare the same devices in the same order to adopt the key, or remove it first ` +
        `(\`xe vm-param-remove uuid=${vm.uuid} param-name=other-config param-key=pci\`), then run the update again.`,
    },
  );
}

/**
 * What update does with the key the resource owns: the same refusals as create
 * except the key's current value (it is this resource's, even when hand-edited);
 * writes unless the key already holds exactly the encoded value.
 *
 * @param host - host name, for messages
 * @param vmUuid - the target VM
 * @param devices - normalised wanted devices, in attach order
 * @param snapshot - the host as read before the change
 * @throws HostStateError VM_NOT_FOUND, PCI_DEVICE_NOT_FOUND, PCI_DEVICE_IN_USE
 */
export function planUpdate(host: string, vmUuid: string, devices: readonly string[], snapshot: AssignmentSnapshot): KeyPlan {
  const vm = requireVm(host, vmUuid, snapshot.vm);
  refuseUnknownDevices(host, devices, snapshot);
  refuseConflicts(vmUuid, devices, snapshot);
  const value = encodePciValue(devices);
  return vm.pciValue === value ? { kind: "keep", value } : { kind: "write", value };
}

/** What to do with the VM's `affinity` (the member xapi prefers to start it on). */
export type AffinityPlan =
  /** Leave it; the resource owns it afterwards only if it owned it before and it still names this host. */
  | { kind: "keep"; owns: boolean }
  /** Set it to this host: the resource owns it and clears it at delete. */
  | { kind: "pin" }
  /** Clear the affinity this resource set (pinning turned off). */
  | { kind: "unpin" };

/**
 * Pinning: in a pool of more than one host, a VM whose devices are this
 * host's must start here (xapi's placement ignores `other-config:pci`).
 * With `pinToHost`, an unpinned VM is pinned here, a VM pinned here is left
 * as it is, and a VM pinned to another member is refused. Without it, the
 * affinity is left alone, except one this resource set, which is cleared.
 *
 * @param vm - the VM as read
 * @param pool - the connected host and its members
 * @param pinToHost - the input
 * @param ownedBefore - whether this resource set the VM's affinity (its last outputs)
 * @throws HostStateError `VM_PINNED_ELSEWHERE`
 */
export function planAffinity(vm: VmState, pool: PoolView, pinToHost: boolean, ownedBefore: boolean): AffinityPlan {
  const ownsNow = ownedBefore && vm.affinity === pool.hostUuid;
  if (pool.members.length <= 1) return { kind: "keep", owns: ownsNow };
  if (!pinToHost) return ownsNow ? { kind: "unpin" } : { kind: "keep", owns: false };
  if (vm.affinity === "") return { kind: "pin" };
  if (vm.affinity === pool.hostUuid) return { kind: "keep", owns: ownsNow };
  const name = (uuid: string): string => {
    const member = pool.members.find((m) => m.uuid === uuid);
    return member === undefined ? uuid : `"${member.nameLabel}" (${uuid})`;
  };
  throw new HostStateError(
    "VM_PINNED_ELSEWHERE",
    `VM "${vm.nameLabel}" (${vm.uuid}) has its affinity set to pool member ${name(vm.affinity)}, but its devices are to be this host's, ${name(pool.hostUuid)}: ` +
      "the same PCI address on another member is another card.",
    {
      hint:
        `Pin the VM to this host (\`xe vm-param-set uuid=${vm.uuid} affinity=${pool.hostUuid}\`), or point connection.host at ${name(vm.affinity)} ` +
        "if the devices meant are that host's, then run the update again.",
    },
  );
}
