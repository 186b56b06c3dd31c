/** The design's `state` view of a simulated host. */
import { readBootConfig } from "./boot/boot-file";
import { readCmdline } from "./cmdline";
import { readHostState } from "./state-store";
import type { SimStateJson } from "./types";

/** Reads the host in `dir` as the `sim state` verb prints it (dom0 excluded, counters besides xeCalls left to the SSH side). */
export function readSimState(dir: string): SimStateJson {
  const state = readHostState(dir);
  return {
    vms: state.vms
      .filter((vm) => !vm.isControlDomain)
      .map((vm) => ({
        uuid: vm.uuid,
        nameLabel: vm.nameLabel,
        powerState: vm.powerState,
        otherConfig: { ...vm.otherConfig },
        attachedDevices: [...vm.attachedDevices],
      })),
    pcis: state.pcis.map((pci) => ({ address: pci.address, driver: pci.driver })),
    bootConfig: readBootConfig(dir, state.profile),
    cmdline: readCmdline(dir).join(" "),
    xeCalls: state.xeCalls,
    extlinuxInstalls: state.extlinuxInstalls.length,
  };
}

/** The boot config's content at each `extlinux -i` so far, oldest first. */
export function readExtlinuxInstalls(dir: string): string[] {
  return readHostState(dir).extlinuxInstalls;
}
