/** Creates a simulated XenServer host in a directory. */
import * as fs from "node:fs";
import * as path from "node:path";
import { bootConfigFile, defaultEntryDom0Args } from "./boot/boot-file";
import { renderExtlinuxConf } from "./boot/render-extlinux";
import { renderGrubCfg } from "./boot/render-grub";
import { writeCmdline } from "./cmdline";
import { defaultInventory } from "./default-inventory";
import { buildDomain } from "./domains";
import { hostFiles } from "./files";
import { writeHostConfig } from "./host-config";
import { PROFILE_FACTS } from "./profiles";
import { writeHostState } from "./state-store";
import { writeSysfs } from "./sysfs";
import type { HostState, Inventory, PciState, Profile, VmState } from "./types";
import { stableUuid } from "./uuid";
import { writeToolWrapper, writeXsbin } from "./xsbin";
import { renderXensourceInventory } from "./xensource-inventory";
import { BASE_XENSTORE } from "./xenstore";

/** Options of `initHost`. */
export interface InitHostOptions {
  profile: Profile;
  /** Default: the seed's machine (`defaultInventory(profile)`). */
  inventory?: Inventory;
  /** Default 0. */
  xeLatencyMs?: number;
  /** Default: a fixed uuid, so that outputs are reproducible. */
  hostUuid?: string;
}

/** Host uuid of a simulated host created without one. */
export const DEFAULT_HOST_UUID = "5f0c7a3e-2b9d-4e61-a8f4-1d6c93b0e27a";
/** Host name of every simulated host. */
export const SIM_HOST_NAME = "xenserver-home";
/** The controller holding dom0's root disk, whatever the inventory says. */
export const BOOT_DISK_ADDRESS = "0000:00:1f.2";

function freshState(options: InitHostOptions, inventory: Inventory): HostState {
  const hostUuid = options.hostUuid ?? DEFAULT_HOST_UUID;
  const dom0: VmState = {
    uuid: stableUuid(`${hostUuid}/dom0`),
    nameLabel: `Control domain on host: ${SIM_HOST_NAME}`,
    nameDescription: "The domain which manages physical devices and manages other domains",
    powerState: "running",
    domId: 0,
    isControlDomain: true,
    hasPvDrivers: true,
    otherConfig: { storage_driver_domain: `OpaqueRef:${stableUuid(`${hostUuid}/dom0-sr`)}`, is_system_domain: "true" },
    affinity: hostUuid,
    attachedDevices: [],
  };
  const guests: VmState[] = inventory.vms.map((vm) => ({
    uuid: vm.uuid,
    nameLabel: vm.nameLabel,
    nameDescription: "",
    powerState: vm.powerState,
    domId: -1,
    isControlDomain: false,
    hasPvDrivers: vm.hasPvDrivers ?? true,
    otherConfig: { ...vm.otherConfig },
    affinity: "",
    attachedDevices: [],
  }));
  const pcis: PciState[] = inventory.pcis.map((pci) => ({
    uuid: stableUuid(`${hostUuid}/pci/${pci.address}`),
    address: pci.address.toLowerCase(),
    vendor: pci.vendor,
    device: pci.device,
    class: pci.class,
    vendorName: pci.vendorName ?? "",
    deviceName: pci.deviceName ?? "",
    ownDriver: pci.driver,
    driver: pci.driver,
    xapiDriverName: pci.driver,
  }));
  return {
    profile: options.profile,
    hostUuid,
    hostName: SIM_HOST_NAME,
    bootDisk: BOOT_DISK_ADDRESS,
    vms: [dom0, ...guests],
    pcis,
    xenstore: { ...BASE_XENSTORE },
    nextDomId: 1,
    xeCalls: 0,
    extlinuxInstalls: [],
  };
}

function bootConfigText(profile: Profile, rootLabel: string): string {
  return profile === "xs62" ? renderExtlinuxConf(rootLabel) : renderGrubCfg(profile, rootLabel);
}

/**
 * Creates the simulated host in `dir` (see design.md "The simulated host"):
 * state, boot config, /proc/cmdline, sysfs, inventory, tool wrappers and the
 * remote PATH. Running and paused VMs get domains as if started. Anything the
 * host module created there before is replaced; other files in `dir` stay.
 * Call it before the SSH side bind-mounts the files: re-initialising a mounted
 * host replaces the directories under the mounts.
 */
export function initHost(dir: string, options: InitHostOptions): void {
  const files = hostFiles(dir);
  fs.mkdirSync(files.dir, { recursive: true });
  for (const old of [files.root, files.xsbin, files.state, files.lock]) fs.rmSync(old, { recursive: true, force: true });
  const inventory = options.inventory ?? defaultInventory(options.profile);
  const state = freshState(options, inventory);
  const facts = PROFILE_FACTS[options.profile];

  const bootFile = bootConfigFile(dir, options.profile);
  const bootText = bootConfigText(options.profile, `root-${state.hostUuid.slice(0, 6)}`);
  fs.mkdirSync(path.dirname(bootFile), { recursive: true });
  fs.writeFileSync(bootFile, bootText);
  fs.mkdirSync(path.dirname(files.procCmdline), { recursive: true });
  writeCmdline(dir, defaultEntryDom0Args(facts.bootFormat, bootText));

  writeToolWrapper(dir, files.xeWrapper, "xe");
  writeToolWrapper(dir, files.xenCmdlineWrapper, "xen-cmdline");
  fs.mkdirSync(path.dirname(files.xensourceInventory), { recursive: true });
  const dom0Uuid = state.vms[0]?.uuid ?? "";
  fs.writeFileSync(files.xensourceInventory, renderXensourceInventory(options.profile, { hostUuid: state.hostUuid, dom0Uuid }));

  for (const vm of state.vms) {
    if (vm.isControlDomain || (vm.powerState !== "running" && vm.powerState !== "paused")) continue;
    try {
      buildDomain(state, vm);
    } catch (error) {
      const cause = error instanceof Error ? error.message : String(error);
      throw new Error(`Unable to create the simulated host: VM ${vm.nameLabel} (${vm.uuid}) cannot run: ${cause}. Give each device to one running VM in the inventory.`, { cause: error });
    }
  }
  // xapi starts after the VMs of the seed are running: its copy of each driver is the one bound then.
  for (const pci of state.pcis) pci.xapiDriverName = pci.driver;
  writeSysfs(dir, state.pcis, state.bootDisk);
  writeHostState(dir, state);
  writeHostConfig(dir, { profile: options.profile, xeLatencyMs: options.xeLatencyMs ?? 0 });
  writeXsbin(dir, files.xsbin);
}
