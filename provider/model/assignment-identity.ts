/**
 * Device identity for `PciAssignment`: which id each address is bound to,
 * the refusal when an address holds another card, the IOMMU rule, and the
 * functions of a card left out. Pure: the adapter reads the host, these
 * functions decide.
 */
import { HostStateError } from "../errors";
import type { HostPciDevice } from "./host-state";
import { boundIdAt, hardwareAt, identityMismatch, mismatchSentence, replacedAdvice, siblingFunctions, type IdentityMismatch, type PciHardware } from "./pci-identity";

/** The ids a resource is bound to, by address (`""`: bound to nothing). */
export type BoundIds = ReadonlyMap<string, string>;

/**
 * The bound ids of a resource's last outputs: `devices` and `boundIds` are
 * parallel lists. State written before device identity existed has no
 * `boundIds`: nothing is bound.
 */
export function boundIdsOf(devices: unknown, boundIds: unknown): BoundIds {
  if (!Array.isArray(devices) || !Array.isArray(boundIds)) return new Map();
  return new Map(
    devices.flatMap((device, i): [string, string][] => {
      const id: unknown = boundIds[i];
      return typeof device === "string" && typeof id === "string" ? [[device, id]] : [];
    }),
  );
}

/**
 * The id each wanted device must have: the one given in `deviceIds`, else the
 * one the resource bound the address to when it last wrote, else none (`""`).
 *
 * @param devices - normalised wanted devices
 * @param deviceIds - the input, parallel to `devices`
 * @param before - what the resource was bound to (its last outputs)
 */
export function expectedIds(devices: readonly string[], deviceIds: readonly string[] | undefined, before: BoundIds): string[] {
  return devices.map((device, i) => deviceIds?.[i] ?? before.get(device) ?? "");
}

/** The addresses whose device is not the expected one, with what is there and where the expected one went. */
export function mismatchesOf(devices: readonly string[], expected: readonly string[], functions: readonly HostPciDevice[]): IdentityMismatch[] {
  return devices.flatMap((device, i) => {
    const mismatch = identityMismatch(device, expected[i] ?? "", functions);
    return mismatch === undefined ? [] : [mismatch];
  });
}

/**
 * Refuses to write when an address holds another device than the expected
 * one, naming what is there, what was expected and where it went.
 *
 * @param devices - normalised wanted devices
 * @param expected - the expected ids, parallel to `devices` ({@link expectedIds})
 * @param functions - the host's PCI functions as just read
 * @throws HostStateError `PCI_DEVICE_CHANGED`
 */
export function refuseChangedHardware(devices: readonly string[], expected: readonly string[], functions: readonly HostPciDevice[]): void {
  const mismatches = mismatchesOf(devices, expected, functions);
  const first = mismatches[0];
  if (first === undefined) return;
  const moves = mismatches.flatMap((m) => (m.movedTo[0] === undefined ? [] : [`${m.address} → ${m.movedTo[0].address}`]));
  const firstIndex = devices.indexOf(first.address);
  throw new HostStateError("PCI_DEVICE_CHANGED", mismatches.map(mismatchSentence).join(" "), {
    hint:
      (moves.length > 0 ? `Change devices to the new addresses (${moves.join(", ")}) and run the update again. ` : "") +
      replacedAdvice(`deviceIds[${String(firstIndex)}]`, first.found, "devices") +
      "`npx pulumi-xenserver-pci devices` lists every device of the host with its id.",
  });
}

/**
 * Refuses a write that would cold boot the VM on a host whose IOMMU is off:
 * xapi accepts the key, and the start fails, leaving the VM off.
 *
 * @param iommuEnabled - the host's `chipset-info` `iommu`
 * @param coldBoot - the policy
 * @throws HostStateError `IOMMU_DISABLED`
 */
export function refuseColdBootWithoutIommu(hostName: string, vm: { uuid: string; nameLabel: string }, iommuEnabled: boolean, coldBoot: string): void {
  if (iommuEnabled || coldBoot !== "whenRequired") return;
  throw new HostStateError(
    "IOMMU_DISABLED",
    `the IOMMU (VT-d / AMD-Vi) of ${hostName} is off (chipset-info iommu: false), so VM "${vm.nameLabel}" (${vm.uuid}) would not start again after its cold boot; nothing was changed.`,
    {
      hint:
        `Enable VT-d (Intel) or AMD-Vi (AMD) in the host's firmware and reboot the host, or set coldBoot: "never" to write the key now ` +
        "and cold boot the VM once the IOMMU is on.",
    },
  );
}

/** What the identity outputs of a `PciAssignment` say about its devices. */
export interface AssignmentIdentity {
  /** What is at each device's address now, in `devices` order. */
  hardware: PciHardware[];
  /** The id each device is bound to, parallel to `devices` (`""`: nothing there to bind to). */
  boundIds: string[];
  /** The addresses that hold another device than the bound one. */
  hardwareChanged: string[];
  /** The other functions of the devices' cards that `devices` leaves out, in sysfs order. */
  missingFunctions: string[];
  /** One sentence per changed address, for the next steps. */
  changes: string[];
}

/**
 * The identity outputs of the devices in the key.
 *
 * @param devices - the devices the key attaches, in order
 * @param bound - the ids the resource is bound to; an address without one binds to what is there now
 * @param functions - the host's PCI functions as just read
 */
export function assignmentIdentity(devices: readonly string[], bound: BoundIds, functions: readonly HostPciDevice[]): AssignmentIdentity {
  const hardware = devices.map((device) => hardwareAt(device, functions));
  const boundIds = devices.map((device, i) => bound.get(device) || boundIdAt(hardware[i] ?? hardwareAt(device, [])));
  const mismatches = mismatchesOf(devices, boundIds, functions);
  const addresses = functions.map((fn) => fn.address);
  const missing = new Set(devices.flatMap((device) => siblingFunctions(device, addresses)).filter((sibling) => !devices.includes(sibling)));
  return {
    hardware,
    boundIds,
    hardwareChanged: mismatches.map((m) => m.address),
    missingFunctions: addresses.filter((address) => missing.has(address)),
    changes: mismatches.map(mismatchSentence),
  };
}
