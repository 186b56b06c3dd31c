/**
 * Creates the hosts of a simulated host or pool: per member its state, boot
 * config, /proc/cmdline, sysfs, xensource-inventory, tool wrappers and remote
 * PATH; one database of VMs kept in the master's state. A single host is a
 * pool of one whose database is its own state.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { bootConfigFile, defaultEntryDom0Args } from "./boot/boot-file";
import { renderExtlinuxConf } from "./boot/render-extlinux";
import { renderGrubCfg } from "./boot/render-grub";
import { writeCmdline } from "./cmdline";
import { buildDomain, IommuUnavailableError } from "./domains";
import { hostFiles } from "./files";
import { writeHostConfig, type RebootTimings } from "./host-config";
import { recordAgentStart, runningPower } from "./host-power";
import { DEFAULT_VM_MEMORY_MIB, freeMemoryMiB } from "./memory";
import { PROFILE_FACTS } from "./profiles";
import { writeHostState } from "./state-store";
import { writeSysfs } from "./sysfs";
import { normalizeAddress, seedPciStates } from "./pci-functions";
import { newPoolObject } from "./pool-object";
import type { HostState, InventoryPci, InventoryVm, Profile, VmState } from "./types";
import { stableUuid } from "./uuid";
import { writeToolWrapper, writeXeClient, writeXsbin } from "./xsbin";
import { renderXensourceInventory } from "./xensource-inventory";
import { BASE_XENSTORE } from "./xenstore";

/** The controller holding dom0's root disk when the inventory names none: the seed machine's SATA controller. */
export const BOOT_DISK_ADDRESS = "0000:00:1f.2";

/** One host to create. */
export interface MemberSpec {
  /** The host directory. */
  dir: string;
  hostUuid: string;
  /** Host name-label and dom0's host name. */
  hostName: string;
  pcis: readonly InventoryPci[];
  /** Whether Xen finds an IOMMU on this host. */
  iommu: boolean;
  /** Full address of the controller holding dom0's root disk. */
  bootDisk: string;
  /** Memory for guests on this host, in MiB. */
  memoryMiB: number;
}

/** What every member shares. */
export interface InitMembersOptions {
  profile: Profile;
  xeLatencyMs: number;
  /** How long each step of a reboot through xapi takes, on every member. */
  reboot: RebootTimings;
  /** How errors name what is created: `host` for a single host, `pool` for a pool. */
  what: "host" | "pool";
  /** The simulated xapi directory every member's thin `xe` talks to (one per pool). */
  xapiDir: string;
  /** The pool's `ha-enabled`. */
  haEnabled: boolean;
}

function dom0Of(spec: MemberSpec): VmState {
  return {
    uuid: stableUuid(`${spec.hostUuid}/dom0`),
    nameLabel: `Control domain on host: ${spec.hostName}`,
    nameDescription: "The domain which manages physical devices and manages other domains",
    powerState: "running",
    domId: 0,
    isControlDomain: true,
    hasPvDrivers: true,
    // dom0's memory is outside the memory for guests.
    memoryMiB: 0,
    localSrOf: "",
    otherConfig: { storage_driver_domain: `OpaqueRef:${stableUuid(`${spec.hostUuid}/dom0-sr`)}`, is_system_domain: "true" },
    affinity: spec.hostUuid,
    residentOn: spec.hostUuid,
    attachedDevices: [],
  };
}

function freshState(spec: MemberSpec, options: InitMembersOptions, now: number): HostState {
  const context = `Unable to create the simulated ${options.what}`;
  const state: HostState = {
    profile: options.profile,
    hostUuid: spec.hostUuid,
    hostName: spec.hostName,
    bootDisk: normalizeAddress(spec.bootDisk, "bootDisk", context),
    iommu: spec.iommu,
    memoryMiB: wholeMiB(spec.memoryMiB, `host ${spec.hostName}`, context),
    vms: [],
    pcis: seedPciStates(spec.hostUuid, spec.pcis, context),
    xenstore: { ...BASE_XENSTORE },
    nextDomId: 1,
    enabled: true,
    autoEnable: true,
    disabledUntilReboot: false,
    otherConfig: {},
    boots: 0,
    power: runningPower(now),
    // Created up: the history holds the transitions from here on, none yet.
    powerHistory: [],
    xeCommandCalls: {},
    xeCalls: 0,
    extlinuxInstalls: [],
  };
  // The host is created running: its xapi has started once, after the machine booted.
  recordAgentStart(state, now);
  return state;
}

/** `value` if it is a whole number of MiB, at least 0; otherwise the error naming `what`. */
function wholeMiB(value: number, what: string, context: string): number {
  if (!Number.isInteger(value) || value < 0) throw new Error(`${context}: ${what} has memoryMiB ${String(value)}; give a whole number of MiB, 0 or more.`);
  return value;
}

function memberIndex(vm: InventoryVm, field: "residentOn" | "affinity", count: number, what: string): number | undefined {
  const index = vm[field];
  if (index === undefined) return undefined;
  if (!Number.isInteger(index) || index < 0 || index >= count) {
    const members = count === 1 ? "only member 0" : `members 0 to ${count - 1}`;
    throw new Error(`Unable to create the simulated ${what}: VM ${vm.nameLabel} (${vm.uuid}) has ${field} ${String(index)}, but there are ${members}.`);
  }
  return index;
}

function guestOf(vm: InventoryVm, specs: readonly MemberSpec[], what: string): VmState {
  const home = memberIndex(vm, "residentOn", specs.length, what) ?? 0;
  const affinity = memberIndex(vm, "affinity", specs.length, what);
  const context = `Unable to create the simulated ${what}`;
  // An inventory read from JSON may hold anything.
  const storage: unknown = vm.storage;
  if (storage !== undefined && storage !== "shared" && storage !== "local") {
    throw new Error(`${context}: VM ${vm.nameLabel} (${vm.uuid}) has storage ${JSON.stringify(storage)}; give "shared" or "local".`);
  }
  return {
    uuid: vm.uuid,
    nameLabel: vm.nameLabel,
    nameDescription: "",
    powerState: vm.powerState,
    domId: -1,
    isControlDomain: false,
    hasPvDrivers: vm.hasPvDrivers ?? true,
    memoryMiB: wholeMiB(vm.memoryMiB ?? DEFAULT_VM_MEMORY_MIB, `VM ${vm.nameLabel} (${vm.uuid})`, context),
    // A local SR belongs to one host: the member the VM is seeded on, running or not.
    localSrOf: vm.storage === "local" ? (specs[home]?.hostUuid ?? "") : "",
    otherConfig: { ...vm.otherConfig },
    affinity: affinity === undefined ? "" : (specs[affinity]?.hostUuid ?? ""),
    residentOn: "",
    attachedDevices: [],
  };
}

function bootConfigText(profile: Profile, rootLabel: string): string {
  return profile === "xs62" ? renderExtlinuxConf(rootLabel) : renderGrubCfg(profile, rootLabel);
}

function writeBootFiles(spec: MemberSpec, state: HostState, options: InitMembersOptions, dom0Uuid: string): void {
  const { profile } = options;
  const files = hostFiles(spec.dir);
  const bootFile = bootConfigFile(spec.dir, profile);
  const bootText = bootConfigText(profile, `root-${state.hostUuid.slice(0, 6)}`);
  fs.mkdirSync(path.dirname(bootFile), { recursive: true });
  fs.writeFileSync(bootFile, bootText);
  fs.mkdirSync(path.dirname(files.procCmdline), { recursive: true });
  writeCmdline(spec.dir, defaultEntryDom0Args(PROFILE_FACTS[profile].bootFormat, bootText));
  writeXeClient(spec.dir, files.xeWrapper, options.xapiDir);
  writeToolWrapper(spec.dir, files.xenCmdlineWrapper, "xen-cmdline");
  fs.mkdirSync(path.dirname(files.xensourceInventory), { recursive: true });
  fs.writeFileSync(files.xensourceInventory, renderXensourceInventory(profile, { hostUuid: state.hostUuid, dom0Uuid }));
}

function startInventoryVms(states: readonly HostState[], vms: readonly VmState[], inventory: readonly InventoryVm[], what: string): void {
  vms.forEach((vm) => {
    if (vm.isControlDomain || (vm.powerState !== "running" && vm.powerState !== "paused")) return;
    const index = inventory.find((i) => i.uuid === vm.uuid)?.residentOn ?? 0;
    const host = states[index];
    if (host === undefined) return;
    try {
      buildDomain(host, vms, vm);
    } catch (error) {
      const cause = error instanceof Error ? error.message : String(error);
      const where = what === "host" ? "" : ` on member ${index}`;
      const fix =
        error instanceof IommuUnavailableError
          ? "Halt the VM in the inventory, or give its host an IOMMU (iommu: true)."
          : what === "host"
            ? "Give each device to one running VM in the inventory."
            : "Give each device of a member to one VM running there in the inventory.";
      throw new Error(`Unable to create the simulated ${what}: VM ${vm.nameLabel} (${vm.uuid}) cannot run${where}: ${cause}. ${fix}`, { cause: error });
    }
  });
  states.forEach((host, index) => {
    const free = freeMemoryMiB(host, vms);
    if (free >= 0) return;
    const where = what === "host" ? "the host" : `member ${index}`;
    throw new Error(`Unable to create the simulated ${what}: the guests running on ${where} need ${host.memoryMiB - free} MiB but it has ${host.memoryMiB} MiB for guests. Give it more memoryMiB, or halt a guest in the inventory.`);
  });
}

/**
 * Creates the hosts `specs` (member 0 the master, holding the database) with
 * the guests `vms`; running and paused guests get domains on their
 * `residentOn` member (default 0) as if started. Anything the host module
 * created in those directories before is replaced; other files stay. Call it
 * before the SSH side bind-mounts the files.
 */
export function initMembers(specs: readonly MemberSpec[], vms: readonly InventoryVm[], options: InitMembersOptions): void {
  const { profile } = options;
  for (const spec of specs) {
    const files = hostFiles(spec.dir);
    fs.mkdirSync(files.dir, { recursive: true });
    for (const old of [files.root, files.xsbin, files.state, files.lock]) fs.rmSync(old, { recursive: true, force: true });
  }
  const now = Date.now();
  const states = specs.map((spec) => freshState(spec, options, now));
  const dom0s = specs.map(dom0Of);
  const guests = vms.map((vm) => guestOf(vm, specs, options.what));
  // unconfirmed: xapi lists VMs in its database's order; the simulator puts each member's dom0 first, then the guests.
  const database = [...dom0s, ...guests];
  specs.forEach((spec, i) => {
    const state = states[i];
    if (state !== undefined) writeBootFiles(spec, state, options, dom0s[i]?.uuid ?? "");
  });
  startInventoryVms(states, database, vms, options.what);
  const master = states[0];
  if (master !== undefined) {
    master.vms = database;
    master.poolObject = newPoolObject(master.hostUuid, options.haEnabled);
  }
  specs.forEach((spec, i) => {
    const state = states[i];
    if (state === undefined) return;
    // xapi starts after the VMs of the seed are running: its copy of each driver is the one bound then.
    for (const pci of state.pcis) pci.xapiDriverName = pci.driver;
    writeSysfs(spec.dir, state.pcis, state.bootDisk);
    writeHostState(spec.dir, state);
    writeHostConfig(spec.dir, { profile, xeLatencyMs: options.xeLatencyMs, reboot: options.reboot });
    writeXsbin(spec.dir, hostFiles(spec.dir).xsbin, options.xapiDir);
  });
}
