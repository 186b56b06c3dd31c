/**
 * Pending-state rules and the plain sentences that tell the operator what is
 * left to do. xapi reads `other-config:pci` only when it builds the domain, and
 * the hide list only takes effect at host boot: the provider reports, the
 * operator (or `coldBoot: "whenRequired"`) acts.
 */

/** What decides whether a `PciAssignment` is pending. */
export interface PciAssignmentState {
  vmUuid: string;
  vmName: string;
  /** `running`, `halted`, `paused` or `suspended`. */
  powerState: string;
  /** Wanted devices, normalised, in attach order. */
  devices: readonly string[];
  /** What the running domain has now (xenstore), normalised, in attach order. */
  attachedDevices: readonly string[];
}

/** What decides whether a `HiddenPciDevice` is pending. */
export interface HiddenPciDeviceState {
  /** The host as the connection names it. */
  host: string;
  /** Normalised address. */
  address: string;
  /** `pciback.hide` or `xen-pciback.hide`. */
  hideParameter: string;
  hiddenInBootConfig: boolean;
  hiddenNow: boolean;
}

/**
 * A running VM needs a cold boot when its domain does not have exactly the wanted
 * devices in the wanted order. A halted VM picks them up at its next start.
 *
 * @param state - power state, wanted and attached devices
 */
export function isPendingColdBoot(state: Pick<PciAssignmentState, "powerState" | "devices" | "attachedDevices">): boolean {
  return state.powerState === "running" && !sameList(state.attachedDevices, state.devices);
}

/**
 * The steps left for a `PciAssignment`: one sentence when a cold boot is pending,
 * none otherwise.
 *
 * @param state - the assignment's live state
 */
export function pciAssignmentNextSteps(state: PciAssignmentState): string[] {
  if (!isPendingColdBoot(state)) {
    return [];
  }
  const wanted = state.devices.length === 0 ? "no passthrough device" : state.devices.join(", ");
  return [
    `Shut down VM ${JSON.stringify(state.vmName)} (${state.vmUuid}) and start it again (a reboot is not enough) so that it sees ${wanted}.`,
  ];
}

/**
 * The host needs a reboot when the boot configuration and the live binding disagree.
 *
 * @param state - the two hide flags
 */
export function isPendingHostReboot(state: Pick<HiddenPciDeviceState, "hiddenInBootConfig" | "hiddenNow">): boolean {
  return state.hiddenInBootConfig !== state.hiddenNow;
}

/**
 * The steps left for a `HiddenPciDevice`: one sentence when a host reboot is
 * pending (to hide the device, or to give it back to dom0), none otherwise.
 *
 * @param state - the device's live state
 */
export function hiddenPciDeviceNextSteps(state: HiddenPciDeviceState): string[] {
  if (state.hiddenInBootConfig && !state.hiddenNow) {
    return [
      `Reboot host ${state.host} so that dom0 stops using ${state.address}: it is in the ${state.hideParameter} list but not yet bound to pciback.`,
    ];
  }
  if (!state.hiddenInBootConfig && state.hiddenNow) {
    return [
      `Reboot host ${state.host} to give ${state.address} back to dom0: it is no longer in the ${state.hideParameter} list but still bound to pciback.`,
    ];
  }
  return [];
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((item, i) => item === b[i]);
}
