/**
 * The domain client of one XenServer / XCP-ng host: one method per question or
 * change, in the host's terms (VMs, the `other-config:pci` key, PCI functions).
 * It knows which commands answer which question, batches reads into one SSH
 * round trip, and maps xe's failures to typed errors. It never imports the
 * Pulumi runtime.
 */
import { CommandError } from "../errors";
import type { Connection } from "../model/connection";
import { readHostInventory, type HostInventory } from "../model/inventory";
import { listGuestsArgv, removePciKeyArgv, setPciKeyArgv, vmShutdownArgv, vmStartArgv } from "../model/xe-argv";
import { classifyXeError } from "../model/xe-error";
import { runCommand, runScript, type CommandResult } from "../remote/ssh";
import { runBatch } from "./batch";
import { LIST_PCI_DEVICES_SCRIPT, parsePciDeviceListing, type HostPciDevice } from "./pci-devices";
import { guestsFrom, vmReadArgvs, vmStateFrom, type GuestPciKey, type VmState } from "./vm-reads";
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

const INVENTORY_ARGV = ["cat", "/etc/xensource-inventory"];
const KERNEL_RELEASE_ARGV = ["uname", "-r"];
const LIST_PCI_DEVICES_ARGV = ["sh", "-c", LIST_PCI_DEVICES_SCRIPT];
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

  /** dom0's kernel release as `uname -r` prints it, e.g. `2.6.32.43-0.4.1.xs1.8.0.835.170778xen`. */
  async kernelRelease(): Promise<string> {
    const result = await runCommand(this.connection, KERNEL_RELEASE_ARGV);
    return result.stdout.trim();
  }

  /**
   * The host's PCI functions with the dom0 driver bound to each (`pciback` when
   * hidden, on every version), from sysfs, in sysfs order, in one round trip.
   */
  async pciDevices(): Promise<HostPciDevice[]> {
    const result = await runScript(this.connection, LIST_PCI_DEVICES_SCRIPT, { label: "the listing of /sys/bus/pci/devices" });
    return parsePciDeviceListing(result.stdout);
  }

  /**
   * The VM with this UUID: name, power state, domain, raw `pci` key and the
   * devices its domain has attached now, in one round trip.
   *
   * @param vmUuid - the VM's UUID
   * @returns `undefined` when no VM has this UUID
   */
  async vm(vmUuid: string): Promise<VmState | undefined> {
    const results = await runBatch(this.connection, vmReadArgvs(vmUuid), `the reads of VM ${vmUuid}`);
    return vmStateFrom(this.name, vmUuid, results);
  }

  /**
   * The target VM, every guest's `pci` key and the host's PCI functions, in one round trip.
   *
   * @param vmUuid - the target VM's UUID
   */
  async assignmentSnapshot(vmUuid: string): Promise<AssignmentSnapshot> {
    const vmArgvs = vmReadArgvs(vmUuid);
    const argvs = [...vmArgvs, listGuestsArgv(), LIST_PCI_DEVICES_ARGV];
    const results = await runBatch(this.connection, argvs, `the reads of VM ${vmUuid} and of its host`);
    const vm = vmStateFrom(this.name, vmUuid, results);
    const guests = guestsFrom(this.name, results[vmArgvs.length] ?? missing());
    const listing = results[vmArgvs.length + 1] ?? missing();
    if (listing.exitCode !== 0) {
      throw new CommandError(
        "PCI_LISTING_FAILED",
        `Unable to list the PCI devices of ${this.name}: the sysfs listing exited with code ${listing.exitCode}: ${listing.stderr.trim()}`,
        { command: "the listing of /sys/bus/pci/devices", ...listing },
        { hint: "Check that /sys/bus/pci/devices is readable by the SSH user on the host, then retry." },
      );
    }
    return { vm, guests, pciDevices: parsePciDeviceListing(listing.stdout) };
  }

  /** Every guest VM (dom0 left out) with its raw `pci` key, for conflict checks. */
  async guests(): Promise<GuestPciKey[]> {
    const result = await runCommand(this.connection, listGuestsArgv(), { allowedExitCodes: [0, 1, XE_NOT_FOUND] });
    return guestsFrom(this.name, result);
  }

  /**
   * Writes `other-config:pci` of the VM (one `vm-param-set` word), leaving every
   * other key as it is.
   *
   * @param vmUuid - the VM's UUID
   * @param value - the encoded value (`0/0000:01:00.0,1/…`)
   * @throws HostStateError `VM_NOT_FOUND` when the VM is gone
   */
  async setPciKey(vmUuid: string, value: string): Promise<void> {
    await runXe(this.connection, setPciKeyArgv(vmUuid, value), `set other-config:pci of VM ${vmUuid}`);
  }

  /**
   * Removes `other-config:pci` of the VM, and only that key.
   *
   * @param vmUuid - the VM's UUID
   * @returns `false` when the key, or the whole VM, was already gone
   */
  async removePciKey(vmUuid: string): Promise<boolean> {
    const argv = removePciKeyArgv(vmUuid);
    const result = await runCommand(this.connection, argv, { allowedExitCodes: [0, 1, XE_NOT_FOUND] });
    if (result.exitCode === 0) return true;
    const kind = classifyXeError(result.stderr).kind;
    if (result.exitCode === 1 && (kind === "key-absent" || kind === "unknown-vm")) return false;
    throw xeError({ host: this.name, action: `remove other-config:pci of VM ${vmUuid}`, argv }, result);
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
