/**
 * What one round trip can say about every guest of a host: one `xe vm-list`
 * of all guests (one xapi call however many VMs the pool has), the PCI
 * backends of the host's domains from xenstore, the host's PCI functions from
 * sysfs, and the host in its pool (its inventory, `xe host-list`). The argvs
 * for one batch and the interpretation of their results.
 *
 * The two xe calls are the pool part: `xe` on any member answers for the
 * whole pool, so the members' sessions may share them (pool-reads.ts). The
 * rest is the member part, which only the host itself can answer.
 */
import type { PoolView } from "../../model/host-state";
import { INVENTORY_ARGV } from "../../model/inventory";
import { hostListArgv, listGuestsArgv } from "../../model/xe-argv";
import { parseRecords, printedMapValue } from "../../model/xe-output";
import type { CommandResult } from "../../remote/ssh";
import { PCI_BACKENDS_ARGV } from "./pci-backend";
import { listPciDevicesArgv, pciDevicesFrom, type HostPciDevice } from "./pci-devices";
import { poolViewFrom } from "./pool-view";
import { vmFromRecord, type VmState } from "./vm-reads";
import type { HostShell } from "../exec/host-shell";
import { xeError } from "../exec/xe";

const VM_LISTING_ARGV = listGuestsArgv();

/** How error messages name the listing's reads. */
const LISTING_LABEL = "the listing of the host's VMs and PCI devices";

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

/** The results of the pool part: every guest, and every member of the pool. */
export interface PoolPart {
  readonly vms: CommandResult;
  readonly hosts: CommandResult;
}

/** The pool part's xe calls, in the order {@link poolPartFrom} reads their results. */
export const POOL_PART_ARGVS: readonly (readonly string[])[] = [VM_LISTING_ARGV, hostListArgv()];

/**
 * The member part's reads (the PCI backends, the sysfs listing, the
 * inventory), in the order {@link hostListingFrom} reads their results.
 *
 * @param withNames - ask lspci for the PCI functions' names too (pci-names.ts)
 */
export function memberPartArgvs(withNames: boolean): (readonly string[])[] {
  return [PCI_BACKENDS_ARGV, listPciDevicesArgv(withNames), INVENTORY_ARGV];
}

function listedVm(host: string, hostUuid: string, record: Record<string, string>, backends: CommandResult): ListedVm {
  const pci = printedMapValue(record["other-config"] ?? "", "pci");
  return { ...vmFromRecord(host, hostUuid, record, backends), pciValue: pci.value, pciExact: pci.exact };
}

/**
 * The pool part from the results of {@link POOL_PART_ARGVS}: the one place its
 * xe calls are checked, so that a failed one is never handed on.
 *
 * @param host - host name, for messages
 * @throws the typed xe error of the first failed call
 */
export function poolPartFrom(host: string, results: readonly CommandResult[]): PoolPart {
  const [vms, hosts] = results;
  if (vms === undefined || hosts === undefined) throw new RangeError(`poolPartFrom needs 2 results, got ${String(results.length)}`);
  if (vms.exitCode !== 0) throw xeError({ host, action: "listing the VMs", argv: VM_LISTING_ARGV }, vms);
  if (hosts.exitCode !== 0) throw xeError({ host, action: "listing the pool's hosts", argv: hostListArgv() }, hosts);
  return { vms, hosts };
}

/**
 * The listing from a pool part and the results of {@link memberPartArgvs}.
 *
 * @param host - host name, for messages
 * @param pool - a pool part ({@link poolPartFrom} checked its calls)
 * @param member - the member part's results, in {@link memberPartArgvs} order
 * @throws the typed error of a failed member read (xenstore, sysfs, the inventory)
 */
export function hostListingFrom(host: string, pool: PoolPart, member: readonly CommandResult[]): HostListing {
  const [backends, pci, inventory] = member;
  if (backends === undefined || pci === undefined || inventory === undefined) {
    throw new RangeError(`hostListingFrom needs 3 member results, got ${String(member.length)}`);
  }
  const view = poolViewFrom(host, inventory, pool.hosts);
  return {
    vms: parseRecords(pool.vms.stdout).map((record) => listedVm(host, view.hostUuid, record, backends)),
    pciDevices: pciDevicesFrom(host, pci),
    pool: view,
  };
}

/**
 * Runs the pool part of the listing on the host (`xe vm-list` and
 * `xe host-list`, side by side).
 *
 * @throws the typed xe error of a failed call: a failed pool part is never handed on
 */
export async function fetchPoolPart(shell: Pick<HostShell, "connection" | "runReads">): Promise<PoolPart> {
  return poolPartFrom(shell.connection.host, await shell.runReads(POOL_PART_ARGVS, LISTING_LABEL));
}

/**
 * Runs the member part of the listing on the host (one exec) beside the pool
 * part `poolPart` gives (this host's own, or one its pool shares), and reads
 * the listing from both.
 *
 * @param withNames - ask lspci for the PCI functions' names too
 * @param poolPart - the pool part, asked when this call is
 * @throws the pool part's error first, then the typed error of a failed member read
 */
export async function fetchHostListing(
  shell: Pick<HostShell, "connection" | "runReads">,
  withNames: boolean,
  poolPart: () => Promise<PoolPart>,
): Promise<HostListing> {
  const [pool, member] = await Promise.allSettled([poolPart(), shell.runReads(memberPartArgvs(withNames), LISTING_LABEL)]);
  // In a fixed order: which read failed first in time says nothing.
  if (pool.status === "rejected") throw pool.reason;
  if (member.status === "rejected") throw member.reason;
  return hostListingFrom(shell.connection.host, pool.value, member.value);
}
