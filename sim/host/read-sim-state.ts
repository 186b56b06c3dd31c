/** The design's `state` views of a simulated host and of a simulated pool. */
import { readBootConfig } from "./boot/boot-file";
import { readCmdline } from "./cmdline";
import { freeMemoryMiB } from "./memory";
import { readPool, readPoolDir, type PoolMember } from "./pool-store";
import { readHostState } from "./state-store";
import type { SimHostSideJson, SimPciJson, SimPoolStateJson, SimStateJson, VmState } from "./types";

/** The member's functions; their ids are the values written to its sysfs (`0x1969`). */
function pcisOf(member: PoolMember): SimPciJson[] {
  return member.state.pcis.map((pci) => ({ address: pci.address, driver: pci.driver, vendor: pci.vendor, device: pci.device }));
}

/** What the views show of `member`'s own side; `dir` is its host directory, `vms` its pool's. */
function hostSideOf(dir: string, member: PoolMember, vms: readonly VmState[]): SimHostSideJson {
  return {
    pcis: pcisOf(member),
    bootConfig: readBootConfig(dir, member.state.profile),
    cmdline: readCmdline(dir).join(" "),
    boots: member.state.boots,
    enabled: member.state.enabled,
    power: member.state.power.phase,
    powerHistory: member.state.powerHistory.map((t) => ({ ...t })),
    freeMemoryMiB: freeMemoryMiB(member.state, vms),
  };
}

/**
 * Reads the host in `dir` as the `sim state` verb prints it (dom0 excluded,
 * counters besides xeCalls left to the SSH side). For a pool member: every
 * VM of the pool, and this member's functions, boot config and cmdline.
 */
export function readSimState(dir: string): SimStateJson {
  const { self, vms } = readPool(dir);
  return {
    vms: vms
      .filter((vm) => !vm.isControlDomain)
      .map((vm) => ({
        uuid: vm.uuid,
        nameLabel: vm.nameLabel,
        powerState: vm.powerState,
        otherConfig: { ...vm.otherConfig },
        attachedDevices: [...vm.attachedDevices],
      })),
    ...hostSideOf(dir, self, vms),
    xeCalls: self.state.xeCalls,
    extlinuxInstalls: self.state.extlinuxInstalls.length,
  };
}

/** Reads the pool in `poolDir` as the `sim state` verb prints it (counters besides xeCalls left to the SSH side). */
export function readPoolState(poolDir: string): SimPoolStateJson {
  const pool = readPoolDir(poolDir);
  return {
    hosts: pool.members.map((member) => ({
      hostUuid: member.state.hostUuid,
      nameLabel: member.state.hostName,
      ...hostSideOf(member.dir, member, pool.vms),
      xeCalls: member.state.xeCalls,
    })),
    vms: pool.vms
      .filter((vm) => !vm.isControlDomain)
      .map((vm) => ({
        uuid: vm.uuid,
        nameLabel: vm.nameLabel,
        powerState: vm.powerState,
        otherConfig: { ...vm.otherConfig },
        residentOn: vm.residentOn,
        affinity: vm.affinity,
        attachedDevices: [...vm.attachedDevices],
      })),
  };
}

/** The boot config's content at each `extlinux -i` so far, oldest first. */
export function readExtlinuxInstalls(dir: string): string[] {
  return readHostState(dir).extlinuxInstalls;
}
