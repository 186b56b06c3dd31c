/**
 * What one round trip can say about every guest of a host: one `xe vm-list`
 * of all guests (one xapi call however many VMs the pool has), the PCI
 * backends of the host's domains from xenstore, the host's PCI functions from
 * sysfs, and the host in its pool (its inventory, `xe host-list`). The argvs
 * for one batch and the interpretation of their results.
 */
import type { PoolView } from "../model/host-state";
import { INVENTORY_ARGV } from "../model/inventory";
import { hostListArgv, listGuestsArgv } from "../model/xe-argv";
import { parseMap, parseRecords } from "../model/xe-output";
import type { CommandResult } from "../remote/ssh";
import { PCI_BACKENDS_ARGV } from "./pci-backend";
import { listPciDevicesArgv, pciDevicesFrom, type HostPciDevice } from "./pci-devices";
import { poolViewFrom } from "./pool-view";
import { vmFromRecord, type VmState } from "./vm-reads";
import type { HostShell } from "./host-shell";
import { xeError } from "./xe";

const VM_LISTING_ARGV = listGuestsArgv();

/** A guest as the listing shows it. */
export interface ListedVm extends VmState {
  /**
   * `false` when the printed `other-config` map cannot say for sure what `pci`
   * holds: xe prints `k: v; k2: v2` without escaping, and more than one
   * fragment reads `pci: …` (another key's value holds `; pci: `). The exact
   * `xe vm-param-get` must be asked instead.
   */
  readonly pciExact: boolean;
}

/** Every guest of a host and its PCI functions, at one moment. */
export interface HostListing {
  /** Guests in listing order, UUIDs in lower case. */
  readonly vms: readonly ListedVm[];
  /** The host's PCI functions, in sysfs order. */
  readonly pciDevices: readonly HostPciDevice[];
  /** The connected host and the members of its pool. */
  readonly pool: PoolView;
}

/**
 * The argvs whose results {@link hostListingFrom} reads, in this order.
 *
 * @param withNames - ask lspci for the PCI functions' names too (pci-names.ts)
 */
export function hostListingArgvs(withNames = true): (readonly string[])[] {
  return [VM_LISTING_ARGV, PCI_BACKENDS_ARGV, listPciDevicesArgv(withNames), INVENTORY_ARGV, hostListArgv()];
}

/** How many fragments of a printed map start the key `key`. */
function keyFragments(printedMap: string, key: string): number {
  return printedMap.split("; ").filter((fragment) => fragment.startsWith(`${key}: `) || fragment === `${key}:`).length;
}

function listedVm(host: string, hostUuid: string, record: Record<string, string>, backends: CommandResult): ListedVm {
  const printedMap = (record["other-config"] ?? "").replace(/\r?\n$/, "");
  return {
    ...vmFromRecord(host, hostUuid, record, backends),
    pciValue: parseMap(printedMap).pci,
    pciExact: keyFragments(printedMap, "pci") <= 1,
  };
}

/**
 * The listing described by the results of {@link hostListingArgvs}.
 *
 * @param host - host name, for messages
 * @param results - the results, in {@link hostListingArgvs} order
 * @throws the typed error of a failed read (xe, xenstore, sysfs)
 */
export function hostListingFrom(host: string, results: readonly CommandResult[]): HostListing {
  const [vms, backends, pci, inventory, hosts] = results;
  if (vms === undefined || backends === undefined || pci === undefined || inventory === undefined || hosts === undefined) {
    throw new RangeError(`hostListingFrom needs ${String(hostListingArgvs().length)} results, got ${String(results.length)}`);
  }
  if (vms.exitCode !== 0) throw xeError({ host, action: "list the VMs", argv: VM_LISTING_ARGV }, vms);
  const pool = poolViewFrom(host, inventory, hosts);
  return {
    vms: parseRecords(vms.stdout).map((record) => listedVm(host, pool.hostUuid, record, backends)),
    pciDevices: pciDevicesFrom(host, pci),
    pool,
  };
}

/**
 * Runs the listing on the host, its reads side by side (one `xe vm-list` however many VMs).
 *
 * @param withNames - ask lspci for the PCI functions' names too
 */
export async function fetchHostListing(shell: Pick<HostShell, "connection" | "runReads">, withNames: boolean): Promise<HostListing> {
  return hostListingFrom(shell.connection.host, await shell.runReads(hostListingArgvs(withNames), "the listing of the host's VMs and PCI devices"));
}
