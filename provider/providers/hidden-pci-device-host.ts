/**
 * The host side of `HiddenPciDevice`, for the provider adapter: open a host
 * (probe, resolve the method), guard a create, change the hide list, and read
 * the outputs back from the live host. No Pulumi runtime here.
 */
import { HostStateError } from "../errors";
import type { Connection } from "../model/connection";
import { hiddenPciDeviceNextSteps, isPendingHostReboot } from "../model/pending";
import type { HideMethodInput } from "../schema/hidden-pci-device";
import type { BootConfigMethod, ResolvedHideMethod } from "../host/boot-config/method";
import { sharedBootSnapshot } from "../host/boot-config/boot-snapshot";
import { bootConfigMethod } from "../host/boot-config/probe";
import type { HostBootFacts } from "../host/boot-config/resolve-method";
import type { HostPciDevice } from "../host/pci-devices";
import { sharedRootDiskPci } from "../host/root-disk";

/** The driver every hidden function is bound to, on every kernel. */
const PCIBACK = "pciback";

/**
 * An open host with its resolved hide method, the facts it was resolved from,
 * and its PCI functions with their dom0 drivers (which an edit of the boot
 * configuration does not change: they change at the next boot).
 */
export interface HiddenDeviceHost {
  readonly connection: Connection;
  readonly facts: HostBootFacts;
  readonly pciDevices: readonly HostPciDevice[];
  readonly method: BootConfigMethod;
}

/** The outputs of a `HiddenPciDevice` besides the echoed `connection`. */
export interface HiddenDeviceOutputs {
  address: string;
  method: ResolvedHideMethod;
  bootEntries: string[];
  hideParameter: string;
  hiddenInBootConfig: boolean;
  hiddenNow: boolean;
  pendingHostReboot: boolean;
  nextSteps: string[];
}

/**
 * Reads the host's boot facts and PCI functions (one round trip shared by the
 * resources of the run) and resolves the method (`auto`, or the stored one).
 *
 * @param bootEntries - extlinux labels; `undefined`: every Xen label
 */
export async function openHiddenDeviceHost(
  connection: Connection,
  method: HideMethodInput,
  bootEntries: readonly string[] | undefined,
): Promise<HiddenDeviceHost> {
  const { facts, pciDevices } = await sharedBootSnapshot(connection);
  return { connection, facts, pciDevices, method: bootConfigMethod({ connection, method, bootEntries }, facts) };
}

/**
 * The host's method on other extlinux labels, built from the facts already
 * probed (no round trip): for removing the entry from labels no longer chosen.
 */
export function methodForEntries(open: HiddenDeviceHost, bootEntries: readonly string[]): BootConfigMethod {
  return bootConfigMethod({ connection: open.connection, method: open.method.method, bootEntries }, open.facts);
}

/**
 * Refuses an address the host does not have, and any PCI function that dom0's
 * root disk hangs off (its controller, or a bridge above it).
 *
 * @throws HostStateError `PCI_DEVICE_NOT_FOUND` or `ROOT_DISK_CONTROLLER`
 */
export async function guardHideable(open: HiddenDeviceHost, address: string): Promise<void> {
  const devices = open.pciDevices;
  const root = await sharedRootDiskPci(open.connection);
  if (!devices.some((device) => device.address === address)) {
    throw new HostStateError("PCI_DEVICE_NOT_FOUND", `the host has no PCI device ${address} (it has ${devices.map((d) => d.address).join(", ") || "none"}).`, {
      hint: "Check the address with `lspci` on the host and correct it in the program.",
    });
  }
  if (root.path.includes(address)) {
    const what = root.controller === address ? "the controller of dom0's root disk" : "a PCI bridge above dom0's root disk controller";
    throw new HostStateError(
      "ROOT_DISK_CONTROLLER",
      `${address} is ${what} (${root.sysfsPath}); hiding it from dom0 would leave the host unable to boot.`,
      { hint: "Remove this HiddenPciDevice from the program: dom0 must keep the device it boots from. Pass another controller to the VM instead." },
    );
  }
}

/**
 * The outputs from a fresh read of the host: the boot configuration for
 * `hiddenInBootConfig` (with drift sentences), sysfs for `hiddenNow`.
 *
 * @param bootEntries - the labels the resource edits (resolved), kept for the outputs
 */
export async function readHiddenDevice(open: HiddenDeviceHost, address: string, bootEntries: readonly string[]): Promise<HiddenDeviceOutputs> {
  const status = await open.method.status(address);
  const hiddenNow = open.pciDevices.find((device) => device.address === address)?.driver === PCIBACK;
  const state = {
    host: open.connection.host,
    address,
    hideParameter: open.method.hideKey,
    hiddenInBootConfig: status.hidden,
    hiddenNow,
  };
  const lost = status.hidden
    ? []
    : [`${address} is missing from ${open.method.hideKey} in ${open.method.describe()}; run \`pulumi up\` to add it again.`];
  return {
    address,
    method: open.method.method,
    bootEntries: open.method.method === "extlinux" ? [...(status.entries.length > 0 ? status.entries : bootEntries)] : [],
    hideParameter: open.method.hideKey,
    hiddenInBootConfig: status.hidden,
    hiddenNow,
    pendingHostReboot: isPendingHostReboot(state),
    nextSteps: [...hiddenPciDeviceNextSteps(state), ...status.drift, ...lost],
  };
}
