/** What the boot of a simulated host (or one pool member) does to the machine: its default entry's dom0 arguments take effect. */
import { defaultEntryDom0Args } from "./boot/boot-file";
import { readBootConfig } from "./boot/boot-file";
import { hiddenByCmdline, writeCmdline } from "./cmdline";
import { destroyDomain } from "./domains";
import { normalizeAddress, replacePciStates } from "./pci-functions";
import type { LoadedPool, PoolMember } from "./pool-store";
import { PROFILE_FACTS } from "./profiles";
import { writeRootDiskChain } from "./root-disk-sysfs";
import { PCIBACK_DRIVER, writeSysfsFunctions } from "./sysfs";
import type { InventoryPci } from "./types";
import { BASE_XENSTORE } from "./xenstore";

/** What changed in the machine while it was off; absent parts stay as they were. */
export interface RebootHostOptions {
  /** Every PCI function the host has after the reboot (cards added, removed or swapped). */
  pcis?: readonly InventoryPci[];
  /** Full address of the controller holding dom0's root disk after the reboot. */
  bootDisk?: string;
}

/**
 * The default entry's dom0 arguments become `/proc/cmdline`; functions in its
 * hide list (the profile's key, short or full form) bind to pciback and all
 * others to their own driver; running and paused VMs of this host halt (dom-id
 * -1) and its xenstore loses every guest entry. In a pool only the member in
 * `member` boots: its VMs halt rather than move (a power cycle; a reboot
 * through xapi moves or shuts them down first), the other members' VMs keep
 * running. Runs under the pool's lock, on the loaded `pool`.
 *
 * With `options.pcis` the cards changed while the host was off: the host's
 * functions are replaced first (sysfs directories of removed addresses go,
 * new ones appear with their ids), then the boot binds drivers as always, and
 * xapi's PCI objects follow the new set at its start: a function with the same
 * address and ids keeps its object (uuid), any other gets a new one. VMs'
 * `other-config:pci` keys are not touched: they still name addresses, whatever
 * sits there now. `options.bootDisk` moves the root disk chain.
 */
export function applyBootConfig(pool: LoadedPool, member: PoolMember, options: RebootHostOptions = {}): void {
  const { state, dir } = member;
  const context = `Unable to reboot the simulated host in ${dir}`;
  // Checked before anything changes: a bad card list leaves the host as it was.
  const pcis = options.pcis === undefined ? state.pcis : replacePciStates(state.hostUuid, state.pcis, options.pcis, context);
  const bootDisk = options.bootDisk === undefined ? state.bootDisk : normalizeAddress(options.bootDisk, "bootDisk", context);
  state.pcis = pcis;
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
  writeSysfsFunctions(dir, state.pcis);
  if (bootDisk !== state.bootDisk) {
    state.bootDisk = bootDisk;
    writeRootDiskChain(dir, bootDisk);
  }
}
