/**
 * Device identity for `HiddenPciDevice`: the refusal when the address holds
 * another card than the bound one, and the identity outputs. A hide list names
 * an address, and dom0 hides whatever sits there at boot: after cards moved,
 * the entry hides another card and leaves the bound one to dom0. Pure.
 */
import { HostStateError } from "../errors";
import type { HostPciDevice } from "./host-state";
import { boundIdAt, hardwareAt, identityMismatch, mismatchSentence, replacedAdvice, type PciHardware } from "./pci-identity";

/**
 * Refuses to write the hide entry when the address holds another device than
 * the expected one.
 *
 * @param expected - `vvvv:dddd[:ssss:ssss]`, or `""` when nothing is bound
 * @throws HostStateError `PCI_DEVICE_CHANGED`
 */
export function refuseChangedHiddenDevice(address: string, expected: string, functions: readonly HostPciDevice[]): void {
  const mismatch = identityMismatch(address, expected, functions);
  if (mismatch === undefined) return;
  const movedTo = mismatch.movedTo[0]?.address;
  throw new HostStateError("PCI_DEVICE_CHANGED", mismatchSentence(mismatch), {
    hint:
      (movedTo === undefined ? "" : `Change address to ${movedTo} and run the update again. `) +
      replacedAdvice("deviceId", mismatch.found, "the program") +
      "`npx pulumi-xenserver-pci devices` lists every device of the host with its id.",
  });
}

/** What the identity outputs of a `HiddenPciDevice` say. */
export interface HiddenIdentity {
  /** What is at the address now. */
  hardware: PciHardware;
  /** The id the resource is bound to (`""`: nothing there to bind to). */
  boundId: string;
  /** The address holds another device than the bound one. */
  hardwareChanged: boolean;
  /** The change in plain words, for the next steps (empty when none). */
  changes: string[];
}

/**
 * The identity outputs of the hidden address.
 *
 * @param bound - the id the resource is bound to; `""` binds to what is there now
 */
export function hiddenIdentity(address: string, bound: string, functions: readonly HostPciDevice[]): HiddenIdentity {
  const hardware = hardwareAt(address, functions);
  const boundId = bound === "" ? boundIdAt(hardware) : bound;
  const mismatch = identityMismatch(address, boundId, functions);
  const movedTo = mismatch?.movedTo[0]?.address;
  const advice =
    movedTo === undefined
      ? "dom0 hides what is there at boot; correct the program (address, or deviceId if the card was replaced on purpose)."
      : `dom0 hides what is there at boot and keeps ${movedTo}: change address to ${movedTo}.`;
  return { hardware, boundId, hardwareChanged: mismatch !== undefined, changes: mismatch === undefined ? [] : [`${mismatchSentence(mismatch)} ${advice}`] };
}
