/** Reboots a simulated host (or one pool member): what the next boot of its default entry does. */
import { defaultEntryDom0Args } from "./boot/boot-file";
import { readBootConfig } from "./boot/boot-file";
import { hiddenByCmdline, writeCmdline } from "./cmdline";
import { destroyDomain } from "./domains";
import { updatePool } from "./pool-store";
import { PROFILE_FACTS } from "./profiles";
import { PCIBACK_DRIVER } from "./sysfs";
import { BASE_XENSTORE } from "./xenstore";

/**
 * The default entry's dom0 arguments become `/proc/cmdline`; functions in its
 * hide list (the profile's key, short or full form) bind to pciback and all
 * others to their own driver; running and paused VMs of this host halt (dom-id
 * -1) and its xenstore loses every guest entry. In a pool only the member in
 * `dir` reboots, like a power cycle: its VMs halt rather than move (no
 * evacuation), the other members' VMs keep running.
 * unconfirmed: a reboot through `xe host-reboot` evacuates what can move
 * first (xapi-notes.md); the simulator's reboot is the power cycle only.
 */
export function rebootHost(dir: string): void {
  updatePool(dir, (pool) => {
    const { state } = pool.self;
    const args = defaultEntryDom0Args(PROFILE_FACTS[state.profile].bootFormat, readBootConfig(dir, state.profile));
    writeCmdline(dir, args);
    const hidden = hiddenByCmdline(args, state.profile);
    for (const vm of pool.vms) {
      if (vm.isControlDomain || (vm.residentOn !== "" && vm.residentOn !== state.hostUuid)) continue;
      if (vm.powerState === "running" || vm.powerState === "paused") vm.powerState = "halted";
      destroyDomain(state, vm, hidden);
    }
    for (const pci of state.pcis) {
      pci.driver = hidden.has(pci.address) ? PCIBACK_DRIVER : pci.ownDriver;
      // xapi starts once dom0 has bound its drivers and copies each one into the PCI object.
      pci.xapiDriverName = pci.driver;
    }
    state.xenstore = { ...BASE_XENSTORE };
    state.nextDomId = 1;
  });
}
