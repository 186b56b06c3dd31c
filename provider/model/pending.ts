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
  /** Where the VM stands in the connected host's pool; absent: a host on its own. */
  placement?: AssignmentPlacement | undefined;
  /** One sentence per address that holds another device than the bound one. */
  hardwareChanges?: readonly string[] | undefined;
  /** The connected host's IOMMU; `false`: a VM with passthrough devices cannot start there. */
  iommuEnabled?: boolean | undefined;
  /** The other functions of the devices' cards that `devices` leaves out. */
  missingFunctions?: readonly string[] | undefined;
}

/** The VM's place in a pool, for the next steps. */
export interface AssignmentPlacement {
  /** The connected host's UUID. */
  hostUuid: string;
  /** The connected host's name-label. */
  hostName: string;
  /** The name-label of the member the VM runs on when that is another member, else `""`. */
  runsOnOtherMember: string;
  /** The VM may start on another member: a pool, not pinned here, and `pinToHost: false`. */
  mayStartElsewhere: boolean;
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
  const vm = `VM ${JSON.stringify(state.vmName)} (${state.vmUuid})`;
  const placement = state.placement;
  // What is wrong with the hardware comes first: every other step assumes the right cards.
  const steps: string[] = [...(state.hardwareChanges ?? [])];
  if (state.iommuEnabled === false && state.devices.length > 0) {
    steps.push(
      `The IOMMU (VT-d / AMD-Vi) of ${placement?.hostName ?? "the host"} is off: ${vm} will not start with passthrough devices until it is ` +
        "enabled in the host's firmware and the host rebooted.",
    );
  }
  if (placement !== undefined && placement.runsOnOtherMember !== "") {
    steps.push(
      `${vm} runs on pool member ${JSON.stringify(placement.runsOnOtherMember)}, where these addresses are other cards: shut it down and start it on ` +
        `${JSON.stringify(placement.hostName)} (\`xe vm-shutdown uuid=${state.vmUuid}\`, then \`xe vm-start uuid=${state.vmUuid} on=${placement.hostUuid}\`).`,
    );
  } else if (isPendingColdBoot(state)) {
    const wanted = state.devices.length === 0 ? "no passthrough device" : state.devices.join(", ");
    steps.push(`Shut down ${vm} and start it again (a reboot is not enough) so that it sees ${wanted}.`);
  }
  if (placement?.mayStartElsewhere === true) {
    steps.push(
      `${vm} is not pinned to ${JSON.stringify(placement.hostName)} (pinToHost: false): xapi may start it on another pool member, where these ` +
        `addresses are other cards. Start it with \`xe vm-start uuid=${state.vmUuid} on=${placement.hostUuid}\`.`,
    );
  }
  const missing = state.missingFunctions ?? [];
  if (missing.length > 0) steps.push(missingFunctionsSentence(missing));
  return steps;
}

/**
 * The step for the functions of the devices' cards that the program leaves out.
 *
 * @param missing - the left-out functions, full addresses
 */
export function missingFunctionsSentence(missing: readonly string[]): string {
  return (
    `Pass ${missing.join(", ")} too: ${missing.length === 1 ? "it is another function" : "they are other functions"} of a card in devices ` +
    "(a GPU's HDMI audio, a second port), and guest drivers expect every function of a card."
  );
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
