import {
  hiddenPciDeviceNextSteps,
  isPendingColdBoot,
  isPendingHostReboot,
  missingFunctionsSentence,
  pciAssignmentNextSteps,
  type PciAssignmentState,
} from "../../../provider/model/pending";

const VM = "db4c64e1-44ce-f9f3-3236-0d86df260249";
const WANTED = ["0000:01:00.0", "0000:06:00.0"];
const vm = (powerState: string, attachedDevices: string[]) => ({ vmUuid: VM, vmName: "NAS", powerState, devices: WANTED, attachedDevices });

describe("PciAssignment pending rules", () => {
  it.each<[string, string, string[], boolean]>([
    ["a running VM without the devices", "running", [], true],
    ["a running VM with only some devices", "running", ["0000:01:00.0"], true],
    ["a running VM with the devices in another order", "running", ["0000:06:00.0", "0000:01:00.0"], true],
    ["a running VM with an extra device", "running", [...WANTED, "0000:07:00.0"], true],
    ["a running VM with exactly the devices", "running", WANTED, false],
    ["a halted VM", "halted", [], false],
    ["a paused VM", "paused", [], false],
    ["a suspended VM", "suspended", [], false],
  ])("says %s pending is %s", (_title, powerState, attached, pending) => {
    expect(isPendingColdBoot(vm(powerState, attached))).toBe(pending);
  });

  it("tells the operator to shut the VM down and start it, naming the devices", () => {
    expect(pciAssignmentNextSteps(vm("running", ["0000:01:00.0"]))).toEqual([
      `Shut down VM "NAS" (${VM}) and start it again (a reboot is not enough) so that it sees 0000:01:00.0, 0000:06:00.0.`,
    ]);
  });

  it("quotes a VM name with quotes in it unambiguously", () => {
    expect(pciAssignmentNextSteps({ ...vm("running", []), vmName: 'My "big" NAS', devices: ["0000:06:00.0"] })).toEqual([
      `Shut down VM "My \\"big\\" NAS" (${VM}) and start it again (a reboot is not enough) so that it sees 0000:06:00.0.`,
    ]);
  });

  it("has no steps when nothing is pending", () => {
    expect(pciAssignmentNextSteps(vm("running", WANTED))).toEqual([]);
    expect(pciAssignmentNextSteps(vm("halted", []))).toEqual([]);
  });

  const HOST = "5f0c7a3e-2b9d-4e61-a8f4-1d6c93b0e27a";
  const inPool = (runsOnOtherMember: string, mayStartElsewhere: boolean) => ({ hostUuid: HOST, hostName: "rack-1", runsOnOtherMember, mayStartElsewhere });

  it("tells to move a VM that runs on another pool member here, with the commands", () => {
    expect(pciAssignmentNextSteps({ ...vm("running", []), placement: inPool("rack-2", false) })).toEqual([
      `VM "NAS" (${VM}) runs on pool member "rack-2", where these addresses are other cards: shut it down and start it on "rack-1" ` +
        `(\`xe vm-shutdown uuid=${VM}\`, then \`xe vm-start uuid=${VM} on=${HOST}\`).`,
    ]);
  });

  it("warns that a VM not pinned here may start on another member", () => {
    expect(pciAssignmentNextSteps({ ...vm("halted", []), placement: inPool("", true) })).toEqual([
      `VM "NAS" (${VM}) is not pinned to "rack-1" (pinToHost: false): xapi may start it on another pool member, where these addresses ` +
        `are other cards. Start it with \`xe vm-start uuid=${VM} on=${HOST}\`.`,
    ]);
    expect(pciAssignmentNextSteps({ ...vm("running", WANTED), placement: inPool("", false) })).toEqual([]);
  });
});

describe("HiddenPciDevice pending rules", () => {
  const device = (hiddenInBootConfig: boolean, hiddenNow: boolean) => ({
    host: "10.0.0.5",
    address: "0000:01:00.0",
    hideParameter: "pciback.hide",
    hiddenInBootConfig,
    hiddenNow,
  });

  it.each<[boolean, boolean, boolean]>([
    [true, false, true],
    [false, true, true],
    [true, true, false],
    [false, false, false],
  ])("with hiddenInBootConfig %s and hiddenNow %s, a reboot pending is %s", (config, now, pending) => {
    expect(isPendingHostReboot(device(config, now))).toBe(pending);
  });

  it("tells the operator to reboot to hide the device", () => {
    expect(hiddenPciDeviceNextSteps(device(true, false))).toEqual([
      "Reboot host 10.0.0.5 so that dom0 stops using 0000:01:00.0: it is in the pciback.hide list but not yet bound to pciback.",
    ]);
  });

  it("tells the operator to reboot to give the device back to dom0", () => {
    expect(hiddenPciDeviceNextSteps({ ...device(false, true), hideParameter: "xen-pciback.hide" })).toEqual([
      "Reboot host 10.0.0.5 to give 0000:01:00.0 back to dom0: it is no longer in the xen-pciback.hide list but still bound to pciback.",
    ]);
  });

  it("has no steps when the boot configuration and the binding agree", () => {
    expect(hiddenPciDeviceNextSteps(device(true, true))).toEqual([]);
    expect(hiddenPciDeviceNextSteps(device(false, false))).toEqual([]);
  });
});

describe("PciAssignment next steps with device identity", () => {
  const HOST = "5f0c7a3e-2b9d-4e61-a8f4-1d6c93b0e27a";
  const CHANGED =
    "0000:01:00.0 now holds 1b21:0612:1b21:1060 (ASMedia Technology Inc. ASM1062 Serial ATA Controller), not the bound 8086:10d3:8086:a01f, " +
    "which is now at 0000:06:00.0: the cards were renumbered while the host was off.";
  const GONE =
    "0000:06:00.0 now holds no device, not the bound 10de:1c82; the host has no 10de:1c82 any more (the card was removed or replaced while the host was off).";
  const COLD_BOOT = `Shut down VM "NAS" (${VM}) and start it again (a reboot is not enough) so that it sees 0000:01:00.0, 0000:06:00.0.`;
  const IOMMU_OFF = (host: string) =>
    `The IOMMU (VT-d / AMD-Vi) of ${host} is off: VM "NAS" (${VM}) will not start with passthrough devices until it is ` +
    "enabled in the host's firmware and the host rebooted.";
  const AUDIO = "Pass 0000:07:00.1 too: it is another function of a card in devices (a GPU's HDMI audio, a second port), and guest drivers expect every function of a card.";
  const NOT_PINNED =
    `VM "NAS" (${VM}) is not pinned to "rack-1" (pinToHost: false): xapi may start it on another pool member, where these addresses ` +
    `are other cards. Start it with \`xe vm-start uuid=${VM} on=${HOST}\`.`;
  const state = (change: Partial<PciAssignmentState>): PciAssignmentState => ({ ...vm("halted", []), ...change });

  test.each<[string, Partial<PciAssignmentState>, string[]]>([
    ["the hardware changes come first, before the cold boot", { powerState: "running", hardwareChanges: [CHANGED, GONE] }, [CHANGED, GONE, COLD_BOOT]],
    ["hardware changes alone for a halted VM", { hardwareChanges: [CHANGED] }, [CHANGED]],
    ["no hardware changes say nothing", { hardwareChanges: [] }, []],
    ["an IOMMU that is off, naming the host of the placement", { iommuEnabled: false, placement: { hostUuid: HOST, hostName: "rack-1", runsOnOtherMember: "", mayStartElsewhere: false } }, [IOMMU_OFF("rack-1")]],
    ["an IOMMU that is off, without a placement", { iommuEnabled: false }, [IOMMU_OFF("the host")]],
    ["nothing about an IOMMU that is off when there are no devices", { iommuEnabled: false, devices: [] }, []],
    ["nothing about an IOMMU that is on", { iommuEnabled: true }, []],
    ["nothing about an IOMMU the host does not report", { iommuEnabled: undefined }, []],
    ["a function of a card left out", { missingFunctions: ["0000:07:00.1"] }, [AUDIO]],
    ["no function left out says nothing", { missingFunctions: [] }, []],
    [
      "every step in order: hardware, IOMMU, cold boot, pinning, left-out functions",
      {
        powerState: "running",
        hardwareChanges: [CHANGED],
        iommuEnabled: false,
        placement: { hostUuid: HOST, hostName: "rack-1", runsOnOtherMember: "", mayStartElsewhere: true },
        missingFunctions: ["0000:07:00.1"],
      },
      [CHANGED, IOMMU_OFF("rack-1"), COLD_BOOT, NOT_PINNED, AUDIO],
    ],
  ])("%s", (_title, change, steps) => {
    expect(pciAssignmentNextSteps(state(change))).toEqual(steps);
  });

  test.each<[string, string[], string]>([
    ["one function is another function of a card", ["0000:07:00.1"], AUDIO],
    [
      "several functions are other functions of a card, listed in order",
      ["0000:0b:00.0", "0000:0b:00.2"],
      "Pass 0000:0b:00.0, 0000:0b:00.2 too: they are other functions of a card in devices (a GPU's HDMI audio, a second port), and guest drivers expect every function of a card.",
    ],
  ])("missingFunctionsSentence says %s", (_title, missing, sentence) => {
    expect(missingFunctionsSentence(missing)).toBe(sentence);
  });
});
