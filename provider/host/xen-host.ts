/**
 * The domain client of one XenServer / XCP-ng host: one method per question or
 * change, in the host's terms (VMs, the `other-config:pci` key, PCI functions).
 * It knows which commands answer which question, batches reads into one SSH
 * round trip, and maps xe's failures to typed errors. It never imports the
 * Pulumi runtime.
 */
import type { Connection } from "../model/connection";
import { INVENTORY_ARGV, readHostInventory, type HostInventory } from "../model/inventory";
import { getPciKeyArgv, removePciKeyArgv, setPciKeyArgv, vmShutdownArgv, vmStartArgv } from "../model/xe-argv";
import { classifyXeError } from "../model/xe-error";
import { runCommand, type CommandResult } from "../remote/ssh";
import { runBatch } from "./batch";
import type { HostPciDevice } from "./pci-devices";
import type { HostListing } from "./vm-listing";
import { forgetHostListing, recordVmChange, sharedHostListing } from "./vm-listing-cache";
import { pciKeyFrom, vmReadArgvs, vmStateFrom, type GuestPciKey, type VmState } from "./vm-reads";
import { runXe, xeError } from "./xe";

export type { HostInventory } from "../model/inventory";
export type { HostPciDevice } from "./pci-devices";
export type { GuestPciKey, VmState } from "./vm-reads";

/** Everything `create` needs to decide, read in one round trip. */
export interface AssignmentSnapshot {
  /** The target VM, `undefined` when no VM has the UUID. */
  vm: VmState | undefined;
  /** Every guest on the host (the target included) with its `pci` key. */
  guests: GuestPciKey[];
  /** The host's PCI functions. */
  pciDevices: HostPciDevice[];
}

const XE_NOT_FOUND = 127;

/**
 * The domain client of one host. Cheap to build: the SSH connection behind it
 * is pooled per host and credentials by `remote/ssh.ts`.
 */
export class XenHost {
  /**
   * @param connection - a validated connection (see `schema/connection.ts`)
   */
  constructor(private readonly connection: Connection) {}

  /** The host's name or address as the connection gives it, for messages. */
  get name(): string {
    return this.connection.host;
  }

  /**
   * The host's `/etc/xensource-inventory` facts: host UUID (`installationUuid`),
   * `productBrand` (`XenServer`, `XCP-ng`) and `productVersion` (`6.2.0`, `8.3.0`).
   *
   * @throws CommandError when the file cannot be read (not a XenServer dom0)
   */
  async inventory(): Promise<HostInventory> {
    const result = await runCommand(this.connection, INVENTORY_ARGV, { label: "`cat /etc/xensource-inventory`" });
    return readHostInventory(result.stdout);
  }

  /**
   * The VM with this UUID: name, power state, domain, raw `pci` key and the
   * devices its domain has attached now, read for it alone in one round trip
   * (four xe calls). Prefer {@link XenHost.listedVm}, which shares one listing
   * among the resources of a run.
   *
   * @param vmUuid - the VM's UUID
   * @returns `undefined` when no VM has this UUID
   */
  async vm(vmUuid: string): Promise<VmState | undefined> {
    const results = await runBatch(this.connection, vmReadArgvs(vmUuid), `the reads of VM ${vmUuid}`);
    const vm = vmStateFrom(this.name, vmUuid, results);
    if (vm !== undefined) recordVmChange(this.connection, vmUuid, vm);
    return vm;
  }

  /**
   * The VM with this UUID from the host listing shared by the resources of the
   * run (see vm-listing-cache.ts), or from an exact read of the VM when the
   * listing does not show it (it may be younger than the listing) or cannot say
   * exactly what its `pci` key holds.
   *
   * @param vmUuid - the VM's UUID
   * @returns `undefined` when no VM has this UUID
   */
  async listedVm(vmUuid: string): Promise<VmState | undefined> {
    return this.vmIn(await sharedHostListing(this.connection), vmUuid);
  }

  /**
   * The target VM, every guest's `pci` key and the host's PCI functions, from
   * the shared host listing (see {@link XenHost.listedVm}).
   *
   * @param vmUuid - the target VM's UUID
   */
  async assignmentSnapshot(vmUuid: string): Promise<AssignmentSnapshot> {
    const listing = await sharedHostListing(this.connection);
    const guests = listing.vms.map(({ uuid, nameLabel, powerState, pciValue }) => ({ uuid, nameLabel, powerState, pciValue }));
    return { vm: await this.vmIn(listing, vmUuid), guests, pciDevices: [...listing.pciDevices] };
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
    const set = setPciKeyArgv(vmUuid, value);
    const get = getPciKeyArgv(vmUuid);
    return this.writing(async () => {
      const [setResult = missing(), getResult = missing()] = await runBatch(this.connection, [set, get], `the update of other-config:pci of VM ${vmUuid}`);
      if (setResult.exitCode !== 0) throw xeError({ host: this.name, action: `set other-config:pci of VM ${vmUuid}`, argv: set }, setResult);
      const pciValue = pciKeyFrom(this.name, vmUuid, getResult);
      recordVmChange(this.connection, vmUuid, { pciValue });
      return pciValue;
    });
  }

  /**
   * Removes `other-config:pci` of the VM, and only that key.
   *
   * @param vmUuid - the VM's UUID
   * @returns `false` when the key, or the whole VM, was already gone
   */
  async removePciKey(vmUuid: string): Promise<boolean> {
    const argv = removePciKeyArgv(vmUuid);
    return this.writing(async () => {
      const result = await runCommand(this.connection, argv, { allowedExitCodes: [0, 1, XE_NOT_FOUND] });
      const kind = result.exitCode === 1 ? classifyXeError(result.stderr).kind : undefined;
      if (result.exitCode === 0 || kind === "key-absent") recordVmChange(this.connection, vmUuid, { pciValue: undefined });
      if (result.exitCode === 0) return true;
      if (kind === "key-absent" || kind === "unknown-vm") return false;
      throw xeError({ host: this.name, action: `remove other-config:pci of VM ${vmUuid}`, argv }, result);
    });
  }

  /** Runs a write; when it fails (or is cut) its outcome is unknown, so the next read of the host fetches afresh. */
  private async writing<T>(write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (error) {
      forgetHostListing(this.connection);
      throw error;
    }
  }

  private async vmIn(listing: HostListing, vmUuid: string): Promise<VmState | undefined> {
    const uuid = vmUuid.toLowerCase();
    const listed = listing.vms.find((vm) => vm.uuid === uuid);
    if (listed === undefined || !listed.pciExact) return this.vm(vmUuid);
    const { pciExact: _exact, ...vm } = listed;
    return vm;
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
    const action = options.force ? `force VM ${vmUuid} off` : `shut VM ${vmUuid} down cleanly`;
    await runXe(this.connection, vmShutdownArgv(vmUuid, options), action);
  }

  /**
   * Starts the VM on this host (pinned with `on=`: the same PCI address means
   * another device, or none, on another host of a pool).
   *
   * @param vmUuid - the VM's UUID
   * @param hostUuid - this host's UUID, `installationUuid` of {@link XenHost.inventory}
   */
  async startVm(vmUuid: string, hostUuid: string): Promise<void> {
    await runXe(this.connection, vmStartArgv(vmUuid, hostUuid), `start VM ${vmUuid} on host ${hostUuid}`);
  }
}

function missing(): CommandResult {
  return { stdout: "", stderr: "", exitCode: 1 };
}
