/**
 * The domain client of one XenServer / XCP-ng host, for both resources: one
 * method per question or change, in the host's terms (VMs, the
 * `other-config:pci` key, PCI functions, the dom0 hide list). It knows which
 * commands answer which question, asks them over the host's session
 * (host-session.ts: one SSH connection, batched fresh reads, one edit queue),
 * and maps xe's failures to typed errors. It never imports the Pulumi runtime.
 */
import type { AssignmentSnapshot, HostPciDevice, PoolView, VmState } from "../model/host-state";
import {
  getPciKeyArgv,
  hostPowerArgv,
  removeHostOtherConfigArgv,
  removePciKeyArgv,
  setHostOtherConfigArgv,
  setVmParamsArgv,
  vmAffinityAndOtherConfigArgv,
  vmParamArgv,
  vmShutdownArgv,
  vmStartArgv,
  type HostPowerCommand,
  type VmParamChanges,
} from "../model/xe-argv";
import { classifyXeError } from "../model/xe-error";
import { parseMinimal, parseRecords, printedMapValue } from "../model/xe-output";
import type { CommandResult } from "../remote/ssh";
import { findVmByName, type VmInfo } from "../model/vm-lookup";
import type { RebootOutcome } from "./session/host-operations";
import { hiddenInBootConfig, readDeviceTable, type HostDevices } from "./reads/device-table";
import { readBootState, readPoolRecord, readPowerFacts, type BootState, type PoolRecord, type PowerFacts } from "./reads/power-reads";
import { HidingClient } from "./boot-config/hidden-device";
import type { HostSession, SessionReadOptions } from "./session/host-session";
import type { HostListing } from "./reads/vm-listing";
import { hostRefOf } from "./reads/pool-view";
import { pciKeyFrom, vmReadArgvs, vmStateFrom } from "./reads/vm-reads";
import { runXe, xeError } from "./exec/xe";

export type { AssignmentSnapshot, GuestPciKey, HostPciDevice, PoolView, VmState } from "../model/host-state";
export type { HiddenDeviceHost, HiddenDeviceOutputs, HideMethodRequest } from "./boot-config/hidden-device";
export type { BootState, PoolRecord, PowerFacts } from "./reads/power-reads";

const XE_NOT_FOUND = 127;

/** The parameters a change sets, for messages: `the affinity`, `other-config:pci`, or both. */
function changedParams(changes: VmParamChanges): string {
  const names = [...(changes.affinity === undefined ? [] : ["the affinity"]), ...(changes.pciValue === undefined ? [] : ["other-config:pci"])];
  return names.join(" and ");
}

/**
 * The domain client of one host. Cheap to build: the state it reads and
 * edits through is the session's, which the resources of a run share.
 */
export class XenHost {
  /** @param session - the run's state of this host (its connection, reads, edit queue and operations); only this client talks to it */
  constructor(private readonly session: HostSession) {
    this.hiding = new HidingClient(session);
  }

  /** The hiding side: a `HiddenPciDevice`'s hide method, guards and outputs. */
  readonly hiding: HidingClient;

  /** The host's name or address as the connection gives it, for messages. */
  get name(): string {
    return this.session.name;
  }

  /**
   * The VM with this UUID: name, power state, domain, raw `pci` key and the
   * devices its domain has attached now, read for it alone in one round trip
   * (two xe calls). Prefer {@link XenHost.vmInPool}, which shares one listing
   * among the reads asked together.
   *
   * @param vmUuid - the VM's UUID
   * @returns `undefined` when no VM has this UUID
   */
  async vm(vmUuid: string): Promise<VmState | undefined> {
    const results = await this.session.runReads(vmReadArgvs(vmUuid), `the reads of VM ${vmUuid}`);
    return vmStateFrom(this.name, vmUuid, results);
  }

  /**
   * The VM with this UUID from a listing of the host that started after the
   * call (shared with the reads asked together), or from an exact read of the
   * VM when the listing does not show it or cannot say exactly what its `pci`
   * key holds; and the connected host's pool.
   *
   * @param vmUuid - the VM's UUID
   * @param options - `wave`: the read is one of a refresh's waves, and its listing waits for the rest of the wave
   * @returns `vm` is `undefined` when no VM has this UUID; the host's PCI functions with it
   */
  async vmInPool(vmUuid: string, options: SessionReadOptions = {}): Promise<{ vm: VmState | undefined; pool: PoolView; pciDevices: HostPciDevice[] }> {
    const listing = await this.session.listing(options);
    return { vm: await this.vmIn(listing, vmUuid), pool: listing.pool, pciDevices: [...listing.pciDevices] };
  }

  /**
   * The target VM, every guest's `pci` key, the host's PCI functions and its
   * pool, from one fresh listing of the host (see {@link XenHost.vmInPool}).
   *
   * @param vmUuid - the target VM's UUID
   */
  async assignmentSnapshot(vmUuid: string): Promise<AssignmentSnapshot> {
    const listing = await this.session.listing();
    const guests = listing.vms.map(({ uuid, nameLabel, powerState, pciValue, residentOn, affinity }) => ({ uuid, nameLabel, powerState, pciValue, residentOn, affinity }));
    return { vm: await this.vmIn(listing, vmUuid), guests, pciDevices: [...listing.pciDevices], pool: listing.pool };
  }

  /**
   * Writes `other-config:pci` of the VM (one `vm-param-set` word), leaving every
   * other key as it is, and reads the key back exactly, in one round trip.
   *
   * @param vmUuid - the VM's UUID
   * @param value - the encoded value (`0/0000:01:00.0,1/…`)
   * @returns the value the host holds afterwards (`undefined`: no key)
   * @throws HostStateError `VM_NOT_FOUND` when the VM is gone
   */
  async setPciKey(vmUuid: string, value: string): Promise<string | undefined> {
    return (await this.setVmParams(vmUuid, { pciValue: value })).pciValue;
  }

  /**
   * Sets the VM's affinity and its `pci` key in one `xe vm-param-set` (the
   * affinity first: xe stops at the first parameter that fails) and reads
   * back what changed, all in one round trip: one xe call reads back both
   * (`vm-list params=affinity,other-config`), and the key is read again on
   * its own only when the printed map does not show exactly the value written.
   *
   * @param vmUuid - the VM's UUID
   * @param changes - what to set; at least one of the two
   * @returns what the host holds afterwards: the affinity (a UUID or `""`) when
   *   it was set, the key's value (`undefined`: no key) when it was set
   */
  async setVmParams(vmUuid: string, changes: VmParamChanges): Promise<{ affinity?: string; pciValue?: string | undefined }> {
    const set = setVmParamsArgv(vmUuid, changes);
    const readBack = readBackArgv(vmUuid, changes);
    const [setResult = missing(), got = missing()] = await this.session.runBatch([set, readBack], `the update of VM ${vmUuid}`);
    if (setResult.exitCode !== 0) throw xeError({ host: this.name, action: `setting ${changedParams(changes)} of VM ${vmUuid}`, argv: set }, setResult);
    if (changes.affinity === undefined) return { pciValue: pciKeyFrom(this.name, vmUuid, got) };
    if (got.exitCode !== 0) throw xeError({ host: this.name, action: `reading back ${changedParams(changes)} of VM ${vmUuid}`, argv: readBack }, got);
    if (changes.pciValue === undefined) return { affinity: hostRefOf(parseMinimal(got.stdout)[0]) };
    const record = parseRecords(got.stdout)[0];
    const pci = printedMapValue(record?.["other-config"] ?? "", "pci");
    // The printed map is exact when it shows what was just written; anything else is asked on its own.
    const pciValue =
      record !== undefined && pci.exact && pci.value === changes.pciValue
        ? pci.value
        : pciKeyFrom(this.name, vmUuid, await this.session.runCommand(getPciKeyArgv(vmUuid), { allowedExitCodes: [0, 1, XE_NOT_FOUND] }));
    return { affinity: hostRefOf(record?.affinity), pciValue };
  }

  /**
   * Removes `other-config:pci` of the VM, and only that key.
   *
   * @param vmUuid - the VM's UUID
   * @returns `false` when the key, or the whole VM, was already gone
   */
  async removePciKey(vmUuid: string): Promise<boolean> {
    const argv = removePciKeyArgv(vmUuid);
    const result = await this.session.runCommand(argv, { allowedExitCodes: [0, 1, XE_NOT_FOUND] });
    if (result.exitCode === 0) return true;
    const kind = result.exitCode === 1 ? classifyXeError(result.stderr).kind : undefined;
    if (kind === "key-absent" || kind === "unknown-vm") return false;
    throw xeError({ host: this.name, action: `removing other-config:pci of VM ${vmUuid}`, argv }, result);
  }

  private async vmIn(listing: HostListing, vmUuid: string): Promise<VmState | undefined> {
    const uuid = vmUuid.toLowerCase();
    const listed = listing.vms.find((vm) => vm.uuid === uuid);
    if (listed === undefined || !listed.pciExact) return this.vm(vmUuid);
    const { pciExact: _exact, ...vm } = listed;
    return vm;
  }

  /**
   * Sets the VM's `affinity` (the member xapi starts it on when no host is
   * named) and reads it back, in one round trip.
   *
   * @param vmUuid - the VM's UUID
   * @param hostUuid - a member's UUID, or `""` to clear it
   * @returns the affinity the host holds afterwards (a UUID, or `""`)
   */
  async setAffinity(vmUuid: string, hostUuid: string): Promise<string> {
    return (await this.setVmParams(vmUuid, { affinity: hostUuid })).affinity ?? "";
  }


  /**
   * Shuts the VM down: cleanly (the guest is asked to), or forced (powered off).
   *
   * @param vmUuid - the VM's UUID
   * @param options - `force`: power off without the guest's cooperation
   * @throws HostStateError `VM_MISSING_PV_DRIVERS` (XenServer 6.2) or
   *   `VM_LACKS_FEATURE` (newer) when a clean shutdown needs PV drivers the guest lacks
   */
  async shutdownVm(vmUuid: string, options: { force: boolean }): Promise<void> {
    const action = options.force ? `forcing VM ${vmUuid} off` : `shutting VM ${vmUuid} down cleanly`;
    await runXe(this.session, vmShutdownArgv(vmUuid, options), action);
  }

  /**
   * Starts the VM on this host (pinned with `on=`: the same PCI address means
   * another device, or none, on another host of a pool).
   *
   * @param vmUuid - the VM's UUID
   * @param hostUuid - this host's UUID (`pool.hostUuid` of the listing)
   */
  async startVm(vmUuid: string, hostUuid: string): Promise<void> {
    await runXe(this.session, vmStartArgv(vmUuid, hostUuid), `starting VM ${vmUuid} on host ${hostUuid}`);
  }

  /** Every PCI function of the host with its identity, driver, hide state, claims and siblings (see model/device-table.ts). */
  devices(): Promise<HostDevices> {
    return readDeviceTable(this.session);
  }

  /**
   * The one VM named `nameLabel`, from a fresh listing.
   *
   * @throws HostStateError `VM_NOT_FOUND` or `VM_NAME_AMBIGUOUS`
   */
  async vmNamed(nameLabel: string): Promise<VmInfo> {
    const listing = await this.session.listing();
    return findVmByName(this.name, nameLabel, listing.vms, listing.pool);
  }

  /** The host's PCI functions with their drivers and ids, from a fresh listing. */
  async pciDevices(): Promise<HostPciDevice[]> {
    return [...(await this.session.listing()).pciDevices];
  }

  /**
   * Runs one operation of a resource on this host, counted among the run's
   * operations (a reboot waits until none runs); waits first for a reboot
   * under way.
   */
  during<T>(work: () => Promise<T>): Promise<T> {
    return this.session.operations.during(work);
  }

  /**
   * Asks for the run's one reboot of this host, for the hiding of `address`:
   * `reboot` runs once no operation of the run runs here, with the addresses
   * of every request, and every request shares it (host-operations.ts).
   *
   * @returns `already-rebooted` when this run rebooted the host before: no second reboot
   */
  requestReboot(address: string, reboot: (addresses: readonly string[]) => Promise<void>): Promise<RebootOutcome> {
    return this.session.operations.requestReboot(address, reboot);
  }

  /**
   * Runs `reboot` in the pool's turn: one reboot at a time per pool across the
   * run's sessions, the master first among those waiting (power/reboot-queue.ts).
   */
  inPoolTurn<T>(poolUuid: string, master: boolean, reboot: () => Promise<T>): Promise<T> {
    return this.session.poolReboots.run(poolUuid, master, reboot);
  }

  /** The pool's record: its UUID, master and `ha-enabled`. */
  poolRecord(): Promise<PoolRecord> {
    return readPoolRecord(this.session);
  }

  /** The pool's record, the host's `other-config` and `enabled`, and the VMs that would keep `host-evacuate` from moving them. */
  powerFacts(hostUuid: string): Promise<PowerFacts> {
    return readPowerFacts(this.session, hostUuid);
  }

  /** The host's `boot_time` and `enabled`; `undefined` while it cannot answer (down, xapi starting). */
  bootState(hostUuid: string): Promise<BootState | undefined> {
    return readBootState(this.session, hostUuid);
  }

  /** The functions on the way to dom0's root disk that the hide list names: a reboot would not come back. */
  async rootPathHidden(): Promise<string[]> {
    const root = await this.session.rootDisk();
    const hidden = await hiddenInBootConfig(this.session, root.path);
    return root.path.filter((address) => hidden.has(address));
  }

  /**
   * `xe host-disable|host-enable|host-evacuate|host-reboot uuid=H`.
   *
   * @param action - what is being done, in plain words (`rebooting the host`), for its error
   */
  async hostPower(command: HostPowerCommand, hostUuid: string, action: string): Promise<void> {
    await runXe(this.session, hostPowerArgv(command, hostUuid), action);
  }

  /** Sets one key of the host's `other-config` (values: UUIDs joined with `,`). */
  async setHostOtherConfig(hostUuid: string, key: string, value: string, action: string): Promise<void> {
    await runXe(this.session, setHostOtherConfigArgv(hostUuid, key, value), action);
  }

  /** Removes one key of the host's `other-config`. */
  async removeHostOtherConfig(hostUuid: string, key: string, action: string): Promise<void> {
    await runXe(this.session, removeHostOtherConfigArgv(hostUuid, key), action);
  }

  /** Every guest of the pool (dom0s left out) from a fresh listing, and the pool. */
  async guests(): Promise<{ vms: VmState[]; pool: PoolView }> {
    const listing = await this.session.listing();
    return { vms: listing.vms.map(({ pciExact: _exact, ...vm }) => vm), pool: listing.pool };
  }
}

/** The xe call that reads back what {@link XenHost.setVmParams} changed. */
function readBackArgv(vmUuid: string, changes: VmParamChanges): string[] {
  if (changes.affinity === undefined) return getPciKeyArgv(vmUuid);
  return changes.pciValue === undefined ? vmParamArgv(vmUuid, "affinity") : vmAffinityAndOtherConfigArgv(vmUuid);
}

function missing(): CommandResult {
  return { stdout: "", stderr: "", exitCode: 1 };
}
