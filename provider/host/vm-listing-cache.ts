/**
 * The host listing (vm-listing.ts) shared by every resource of the provider
 * process: reads of one host within the shared-read window (2 s) of each
 * other are answered by one batch (one exec, one `xe vm-list`), so a `pulumi refresh` of
 * forty assignments on a host costs one xapi call instead of a hundred and sixty.
 *
 * What this process changes on a VM after a listing's fetch started is
 * overlaid on it (the value it wrote and read back, the state of an exact
 * read), so a resource never reads past its own write or another resource's
 * write of the same run. Changes made by other tools show up at most
 * the shared-read window late.
 */
import type { Connection } from "../model/connection";
import { sessionKey } from "../remote/ssh";
import { runBatch } from "./batch";
import { registerSharedHostState, SessionReads, type SharedHostState } from "./session-reads";
import { hostListingArgvs, hostListingFrom, type HostListing, type ListedVm } from "./vm-listing";
import type { VmState } from "./vm-reads";

interface VmChange {
  /** When the change was known to be on the host (ms on the cache's clock). */
  readonly at: number;
  readonly patch: Partial<VmState>;
}

/** Fetches the listing of the host behind a session key. */
export type ListingFetch = (connection: Connection) => Promise<HostListing>;

/** Shared listings per session key, with this process's own changes overlaid. */
export class VmListingCache implements SharedHostState {
  private readonly listings: SessionReads<HostListing>;
  /** Per session key: VM UUID to the last change this process made or read exactly. */
  private readonly changes = new Map<string, Map<string, VmChange>>();

  /**
   * @param fetch - runs the listing on the host
   * @param now - the clock, in ms
   */
  constructor(
    private readonly fetch: ListingFetch,
    private readonly now: () => number = () => Date.now(),
  ) {
    this.listings = new SessionReads(now);
  }

  /**
   * Every guest of the host and its PCI functions, from a listing fetched at
   * most the shared-read window ago (or now), with this process's changes
   * made since that fetch started applied.
   */
  async listing(connection: Connection): Promise<HostListing> {
    const { value, startedAt } = await this.listings.read(connection, () => this.fetch(connection));
    const known = this.changes.get(sessionKey(connection));
    if (known === undefined) return value;
    const vms = value.vms.map((vm): ListedVm => {
      const change = known.get(vm.uuid);
      // A change known before the fetch started is in the listing already.
      return change === undefined || change.at < startedAt ? vm : { ...vm, ...change.patch, pciExact: true };
    });
    return { ...value, vms };
  }

  /**
   * Records what this process knows a VM now holds on the host (after its own
   * write, or from an exact read), so that later shared reads include it.
   */
  record(connection: Connection, vmUuid: string, patch: Partial<VmState>): void {
    const key = sessionKey(connection);
    let known = this.changes.get(key);
    if (known === undefined) {
      known = new Map();
      this.changes.set(key, known);
    }
    // Replaces, not merges: an older patch may predate what a newer listing shows.
    known.set(vmUuid.toLowerCase(), { at: this.now(), patch });
  }

  /**
   * Drops the host's listing, so that the next read fetches: after a write
   * that failed or was cut, whose outcome is unknown.
   */
  forget(connection: Connection): void {
    this.listings.forget(connection);
  }

  /** @inheritDoc */
  clear(): void {
    this.listings.clear();
    this.changes.clear();
  }
}

const processCache = new VmListingCache(async (connection) =>
  hostListingFrom(connection.host, await runBatch(connection, hostListingArgvs(), "the listing of the host's VMs and PCI devices")),
);
registerSharedHostState(processCache);

/** {@link VmListingCache.listing} of the cache shared by the whole provider process. */
export function sharedHostListing(connection: Connection): Promise<HostListing> {
  return processCache.listing(connection);
}

/** {@link VmListingCache.record} on the cache shared by the whole provider process. */
export function recordVmChange(connection: Connection, vmUuid: string, patch: Partial<VmState>): void {
  processCache.record(connection, vmUuid, patch);
}

/** {@link VmListingCache.forget} on the cache shared by the whole provider process. */
export function forgetHostListing(connection: Connection): void {
  processCache.forget(connection);
}
