/**
 * The names of a host's PCI functions, asked of lspci once per run. A name is
 * what the host's pci.ids says for a function's ids, a fixed table: the same
 * ids have the same name all run long, so keeping it is not a stale read of
 * the host (the ids and drivers themselves are read fresh every time). lspci
 * costs a process per listing, and a run lists a host once per wave of
 * resources.
 */
import { parseLspciMachine } from "../../model/lspci";
import type { HostPciDevice } from "../../model/host-state";
import type { PciIds } from "../../model/pci-identity";
import type { CommandResult } from "../../remote/ssh";

interface Names {
  readonly vendorName: string;
  readonly deviceName: string;
}

function keyOf(ids: PciIds): string {
  return `${ids.vendorId}:${ids.deviceId}:${ids.subsystemVendorId}:${ids.subsystemId}:${ids.classCode}`;
}

/** The names known so far, by ids; one table per host session. */
export class PciNameTable {
  private readonly names = new Map<string, Names>();

  /** Nothing is known yet: the next listing should ask lspci. */
  get empty(): boolean {
    return this.names.size === 0;
  }

  /**
   * The devices with their names, from this listing's lspci lines when it ran
   * lspci (learnt for the rest of the run), else from the table; when a
   * device's ids are new to the table, `lspci` is asked once more.
   *
   * @param devices - a listing's functions
   * @param listedNames - whether the listing ran lspci
   * @param runLspci - runs `lspci -D -mm` on the host
   */
  async complete(devices: readonly HostPciDevice[], listedNames: boolean, runLspci: () => Promise<CommandResult>): Promise<HostPciDevice[]> {
    if (listedNames) {
      this.learn(devices);
      return [...devices];
    }
    const unknown = devices.filter((device) => device.ids !== undefined && !this.names.has(keyOf(device.ids)));
    if (unknown.length > 0) {
      const result = await runLspci();
      // No lspci (or it failed): names stay empty, and are not asked again this run.
      const names = result.exitCode === 0 ? parseLspciMachine(result.stdout) : new Map<string, Names>();
      this.learn(unknown.map((device) => ({ ...device, vendorName: names.get(device.address)?.vendorName ?? "", deviceName: names.get(device.address)?.deviceName ?? "" })));
    }
    return devices.map((device) => {
      const known = device.ids === undefined ? undefined : this.names.get(keyOf(device.ids));
      return { ...device, vendorName: known?.vendorName ?? "", deviceName: known?.deviceName ?? "" };
    });
  }

  /** Forgets every name (a new run). */
  clear(): void {
    this.names.clear();
  }

  private learn(devices: readonly HostPciDevice[]): void {
    for (const device of devices) {
      if (device.ids !== undefined) this.names.set(keyOf(device.ids), { vendorName: device.vendorName ?? "", deviceName: device.deviceName ?? "" });
    }
  }
}
