/**
 * The host side of `HiddenPciDevice`, served by the domain client
 * (xen-host.ts): open the host's hide method (probe, resolve), guard a
 * create, and read the outputs back from the live host.
 */
import { HostStateError } from "../../errors";
import { hiddenIdentity } from "../../model/hidden-identity";
import type { HostPciDevice } from "../../model/host-state";
import type { PciHardware } from "../../model/pci-identity";
import { hiddenPciDeviceNextSteps, isPendingHostReboot } from "../../model/pending";
import { hasXapiPciObject } from "../../model/xapi-pci-objects";
import type { BootConfigMethod, ResolvedHideMethod } from "./method";
import { bootConfigMethod } from "./probe";
import { deviceHideMethod, type DeviceHideFacts, type HostBootFacts } from "./resolve-method";
import type { HostSession } from "../session/host-session";
import type { RootDiskPci } from "../reads/root-disk";

/** The hide method a resource asks for: one of the methods, or `auto`. */
export type HideMethodRequest = ResolvedHideMethod | "auto";

/** The driver every hidden function is bound to, on every kernel. */
const PCIBACK = "pciback";

/**
 * An open host with its resolved hide method, the facts it was resolved from,
 * and its PCI functions with their dom0 drivers (which an edit of the boot
 * configuration does not change: they change at the next boot).
 */
export interface HiddenDeviceHost {
  readonly session: HostSession;
  /** The host's UUID (`INSTALLATION_UUID`): in a pool, the member whose cards and boot configuration are meant. */
  readonly hostUuid: string;
  readonly facts: HostBootFacts;
  readonly pciDevices: readonly HostPciDevice[];
  /** The method asked for when the host was opened (`auto`, or one set or stored). */
  readonly requested: HideMethodRequest;
  /** The host's method; one device's may differ ({@link hideMethodForDevice}). */
  readonly method: BootConfigMethod;
}

/** The outputs of a `HiddenPciDevice` besides the echoed `connection`. */
export interface HiddenDeviceOutputs {
  address: string;
  /** The UUID of the host whose device and boot configuration these are (in a pool, the connected member). */
  hostUuid: string;
  method: ResolvedHideMethod;
  bootEntries: string[];
  hideParameter: string;
  hiddenInBootConfig: boolean;
  hiddenNow: boolean;
  pendingHostReboot: boolean;
  /** What is at the address now. */
  hardware: PciHardware;
  /** The id the resource is bound to (`vvvv:dddd[:ssss:ssss]`). */
  boundId: string;
  /** The address holds another device than the bound one. */
  hardwareChanged: boolean;
  /** The `deviceId` input, echoed when given. */
  deviceId?: string;
  nextSteps: string[];
}

/**
 * Reads the host's boot facts and PCI functions (one round trip shared by the
 * reads asked together) and resolves the method (`auto`, or the stored one).
 *
 * @param bootEntries - extlinux labels; `undefined`: every Xen label
 */
export async function openHiddenDeviceHost(
  session: HostSession,
  method: HideMethodRequest,
  bootEntries: readonly string[] | undefined,
): Promise<HiddenDeviceHost> {
  const { hostUuid, facts, pciDevices } = await session.bootSnapshot();
  return { session, hostUuid, facts, pciDevices, requested: method, method: bootConfigMethod({ session, hostUuid, method, bootEntries }, facts) };
}

/**
 * The open host with the method for one device: on a host whose method is
 * `dom0-access`, a device xapi has no PCI object for (a USB controller, a lone
 * sound card) gets `xen-cmdline`, which edits the same grub hide list under the
 * same lock and edit queue (resolve-method.ts `deviceHideMethod`). Pure: the
 * facts were read when the host was opened.
 *
 * @param chosenBy - `program` when the request is the program's input (a
 *   `dom0-access` that cannot work is refused), `state` when it comes from the
 *   resource's stored outputs
 * @throws HostStateError `HIDE_METHOD_UNSUPPORTED` for `dom0-access` set in the program for such a device
 */
export function hideMethodForDevice(open: HiddenDeviceHost, address: string, chosenBy: DeviceHideFacts["chosenBy"]): HiddenDeviceHost {
  const device = {
    address,
    classCode: open.pciDevices.find((fn) => fn.address === address)?.ids?.classCode,
    pciObject: hasXapiPciObject(address, open.pciDevices),
    requested: open.requested,
    chosenBy,
  };
  const method = deviceHideMethod(open.method.method, device, open.facts);
  if (method === open.method.method) return open;
  return { ...open, method: bootConfigMethod({ session: open.session, hostUuid: open.hostUuid, method }, open.facts) };
}

/**
 * The host's method on other extlinux labels, built from the facts already
 * probed (no round trip): for removing the entry from labels no longer chosen.
 */
export function methodForEntries(open: HiddenDeviceHost, bootEntries: readonly string[]): BootConfigMethod {
  return bootConfigMethod({ session: open.session, hostUuid: open.hostUuid, method: open.method.method, bootEntries }, open.facts);
}

/**
 * Refuses an address the host does not have, and any PCI function that dom0's
 * root disk hangs off (its controller, or a bridge above it).
 *
 * @param rootDisk - where dom0's root disk sits (`HostSession.rootDisk`)
 * @throws HostStateError `PCI_DEVICE_NOT_FOUND` or `ROOT_DISK_CONTROLLER`
 */
export function guardHideable(open: HiddenDeviceHost, rootDisk: RootDiskPci, address: string): void {
  const devices = open.pciDevices;
  if (!devices.some((device) => device.address === address)) {
    throw new HostStateError("PCI_DEVICE_NOT_FOUND", `the host has no PCI device ${address} (it has ${devices.map((d) => d.address).join(", ") || "none"}).`, {
      hint: "Check the address with `lspci` on the host and correct it in the program.",
    });
  }
  if (rootDisk.path.includes(address)) {
    const what = rootDisk.controller === address ? "the controller of dom0's root disk" : "a PCI bridge above dom0's root disk controller";
    throw new HostStateError(
      "ROOT_DISK_CONTROLLER",
      `${address} is ${what} (${rootDisk.sysfsPath}); hiding it from dom0 would leave the host unable to boot.`,
      { hint: "Remove this HiddenPciDevice from the program: dom0 must keep the device it boots from. Pass another controller to the VM instead." },
    );
  }
}

/**
 * The outputs from a fresh read of the host: the boot configuration for
 * `hiddenInBootConfig` (with drift sentences), sysfs for `hiddenNow`.
 *
 * @param bootEntries - the labels the resource edits (resolved), kept for the outputs
 * @param identity - the id the resource is bound to (`""`: what is there now) and the `deviceId` input
 */
export async function readHiddenDevice(
  open: HiddenDeviceHost,
  address: string,
  bootEntries: readonly string[],
  identity: { bound: string; deviceId?: string | undefined },
): Promise<HiddenDeviceOutputs> {
  const status = await open.method.status(address);
  const hiddenNow = open.pciDevices.find((device) => device.address === address)?.driver === PCIBACK;
  const state = {
    host: open.session.name,
    address,
    hideParameter: open.method.hideKey,
    hiddenInBootConfig: status.hidden,
    hiddenNow,
  };
  const { hardware, boundId, hardwareChanged, changes } = hiddenIdentity(address, identity.bound, open.pciDevices);
  const lost = status.hidden
    ? []
    : [`${address} is missing from ${open.method.hideKey} in ${open.method.describe()}; run \`pulumi up\` to add it again.`];
  return {
    address,
    hostUuid: open.hostUuid,
    method: open.method.method,
    bootEntries: open.method.method === "extlinux" ? [...(status.entries.length > 0 ? status.entries : bootEntries)] : [],
    hideParameter: open.method.hideKey,
    hiddenInBootConfig: status.hidden,
    hiddenNow,
    pendingHostReboot: isPendingHostReboot(state),
    hardware,
    boundId,
    hardwareChanged,
    ...(identity.deviceId === undefined ? {} : { deviceId: identity.deviceId }),
    // A changed card comes first: the other steps assume the right card.
    nextSteps: [...changes, ...hiddenPciDeviceNextSteps(state), ...status.drift, ...lost],
  };
}

/**
 * The hiding side of the domain client (`XenHost.hiding`): open the host's
 * hide method, guard a create, choose the method per device, edit other
 * labels, and read a `HiddenPciDevice`'s outputs back from the live host.
 */
export class HidingClient {
  /** @param session - the host's session, shared with the rest of its domain client */
  constructor(private readonly session: HostSession) {}

  /**
   * The host's hide method: `auto` resolved from the host's facts (one
   * batched fresh read, with its PCI functions and their dom0 drivers).
   *
   * @param method - the method asked for (or the one stored)
   * @param bootEntries - extlinux labels; `undefined`: every Xen label
   */
  open(method: HideMethodRequest, bootEntries: readonly string[] | undefined): Promise<HiddenDeviceHost> {
    return openHiddenDeviceHost(this.session, method, bootEntries);
  }

  /** {@link HidingClient.open} for a create, with where dom0's root disk sits (read side by side) for {@link HidingClient.guardHideable}. */
  async openToHide(method: HideMethodRequest, bootEntries: readonly string[] | undefined): Promise<{ open: HiddenDeviceHost; rootDisk: RootDiskPci }> {
    const [open, rootDisk] = await Promise.all([this.open(method, bootEntries), this.session.rootDisk()]);
    return { open, rootDisk };
  }

  /**
   * Refuses to hide an address the host does not have, or a PCI function that dom0's root disk hangs off.
   *
   * @throws HostStateError `PCI_DEVICE_NOT_FOUND` or `ROOT_DISK_CONTROLLER`
   */
  guardHideable(open: HiddenDeviceHost, rootDisk: RootDiskPci, address: string): void {
    guardHideable(open, rootDisk, address);
  }

  /** The method for one device (see {@link hideMethodForDevice}). */
  forDevice(open: HiddenDeviceHost, address: string, chosenBy: DeviceHideFacts["chosenBy"]): HiddenDeviceHost {
    return hideMethodForDevice(open, address, chosenBy);
  }

  /** The same method on other extlinux labels, with no new read (to remove an entry from labels no longer chosen). */
  forEntries(open: HiddenDeviceHost, bootEntries: readonly string[]): BootConfigMethod {
    return methodForEntries(open, bootEntries);
  }

  /** The outputs of a `HiddenPciDevice` from the live host (see {@link readHiddenDevice}). */
  read(open: HiddenDeviceHost, address: string, bootEntries: readonly string[], identity: { bound: string; deviceId?: string | undefined }): Promise<HiddenDeviceOutputs> {
    return readHiddenDevice(open, address, bootEntries, identity);
  }
}
