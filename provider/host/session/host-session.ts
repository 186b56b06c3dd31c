/**
 * The state one `pulumi` run keeps for one host connection, in one place: the
 * pooled SSH connection the commands go over, the batched reads of the host,
 * and the queue of its boot configuration edits. Every resource of the run that names
 * the same connection gets the same session (session-registry.ts) and passes
 * it explicitly into the domain client (`XenHost`).
 *
 * The read rule: a read reflects the host as it is after the read was asked.
 * Reads asked together share one fetch (fresh-read.ts); none is answered from
 * a fetch that began before it, so nothing here is a cache, and this
 * process's own writes need no overlay: the next read fetches them.
 */
import type { Connection } from "../../model/connection";
import type { HostPciDevice } from "../../model/host-state";
import { SshHost, type CommandResult, type RunOptions, type ScriptOptions } from "../../remote/ssh";
import { runBatch, runReads } from "../exec/batch";
import { fetchBootSnapshot, type BootSnapshot } from "../boot-config/boot-snapshot";
import { BootEditQueue } from "../boot-config/edit-queue";
import { fetchExtlinuxText } from "../boot-config/extlinux-text";
import { timerScheduler, type Scheduler } from "./batch-timer";
import { FreshRead, type FetchBatch } from "./fresh-read";
import { HostOperations } from "./host-operations";
import { PoolRebootQueue } from "../power/reboot-queue";
import { LSPCI_NAMES_ARGV } from "../reads/pci-devices";
import { PciNameTable } from "../reads/pci-names";
import type { HostShell } from "../exec/host-shell";
import { fetchRootDiskPci, type RootDiskPci } from "../reads/root-disk";
import type { PoolAsker, PoolDirectory, PoolReads } from "./pool-reads";
import { fetchHostListing, fetchPoolPart, type HostListing, type PoolPart } from "../reads/vm-listing";

/** How a read joins the session's batched reads. */
export interface SessionReadOptions {
  /** The read is one of a refresh's waves (fresh-read.ts `ReadOptions.wave`). */
  readonly wave?: boolean;
}

/** The batched reads of a host; each answers with a fetch that started after it was asked. */
interface SessionReads {
  readonly listing: FreshRead<HostListing>;
  readonly bootSnapshot: FreshRead<BootSnapshot>;
  readonly rootDisk: FreshRead<RootDiskPci>;
  readonly extlinuxText: FreshRead<string>;
}

/** One host connection's per-run state; see the module comment. */
export class HostSession implements HostShell, PoolAsker {
  /** The pooled SSH connection to the host. */
  private readonly ssh: SshHost;
  private reads: SessionReads;
  /** The host's boot configuration edits, one round at a time. */
  readonly edits: BootEditQueue;
  /** The run's operations on the host, and its one reboot. */
  readonly operations = new HostOperations();
  /** The names of the host's PCI functions, by ids: lspci once a run. */
  private readonly pciNames = new PciNameTable();
  /** What the host's pool shares among its members, once a listing of this session showed the pool. */
  private pool: PoolReads | undefined;

  /**
   * @param connection - a validated connection
   * @param schedule - when batched reads and edit rounds start (tests pass a manual scheduler)
   * @param pools - where the sessions of one pool's members share the pool part of their listings (none: never shared)
   * @param poolReboots - where the reboots of one pool's members take turns (the run's, shared by every session; default: this session's own)
   */
  constructor(
    readonly connection: Connection,
    private readonly schedule: Scheduler = timerScheduler,
    private readonly pools?: PoolDirectory,
    readonly poolReboots: PoolRebootQueue = new PoolRebootQueue(),
  ) {
    this.ssh = new SshHost(connection);
    this.edits = new BootEditQueue(schedule);
    this.reads = this.newReads();
  }

  /** The host name or address as the connection gives it, for messages. */
  get name(): string {
    return this.connection.host;
  }

  /** @inheritDoc */
  runCommand(argv: readonly string[], options?: RunOptions): Promise<CommandResult> {
    return this.ssh.runCommand(argv, options);
  }

  /** @inheritDoc */
  runScript(script: string, options?: ScriptOptions): Promise<CommandResult> {
    return this.ssh.runScript(script, options);
  }

  /** @inheritDoc */
  runBatch(commands: readonly (readonly string[])[], label: string): Promise<CommandResult[]> {
    return runBatch(this, commands, label);
  }

  /** @inheritDoc */
  runReads(commands: readonly (readonly string[])[], label: string): Promise<CommandResult[]> {
    return runReads(this, commands, label);
  }

  /**
   * Every guest of the host (one `xe vm-list`, which the members of a pool
   * share: pool-reads.ts), their PCI backends and the host's PCI functions.
   */
  listing(options: SessionReadOptions = {}): Promise<HostListing> {
    return this.reads.listing.read(options);
  }

  /** The facts that decide the hide method and key, and the host's PCI functions with their drivers. */
  bootSnapshot(): Promise<BootSnapshot> {
    return this.reads.bootSnapshot.read();
  }

  /** Runs the pool part of a listing (`xe vm-list`, `xe host-list`) over this session's connection. */
  fetchPoolPart(): Promise<PoolPart> {
    return fetchPoolPart(this);
  }

  /** Where dom0's root disk hangs in the PCI tree. */
  rootDisk(): Promise<RootDiskPci> {
    return this.reads.rootDisk.read();
  }

  /** The text of `/boot/extlinux.conf`. */
  extlinuxText(): Promise<string> {
    return this.reads.extlinuxText.read();
  }

  /** Forgets the run's state (tests: a new `pulumi` command). Reads and edits under way still finish. */
  clear(): void {
    this.reads = this.newReads();
    this.edits.clear();
    this.operations.clear();
    this.pciNames.clear();
    this.pool = undefined;
  }

  /** Closes the SSH connection (the next command connects again). */
  close(): Promise<void> {
    return this.ssh.close();
  }

  /**
   * A read that lists the PCI functions, with their names (see pci-names.ts):
   * the listing asks lspci only while the session knows no name yet.
   */
  private named<T extends { readonly pciDevices: readonly HostPciDevice[] }>(
    fetch: (withNames: boolean, batch: FetchBatch<never>) => Promise<T>,
  ): (batch: FetchBatch<never>) => Promise<T> {
    return async (batch) => {
      const withNames = this.pciNames.empty;
      const read = await fetch(withNames, batch);
      const runLspci = (): Promise<CommandResult> => this.runCommand(LSPCI_NAMES_ARGV, { allowedExitCodes: [0, 1, 2, 127] });
      return { ...read, pciDevices: await this.pciNames.complete(read.pciDevices, withNames, runLspci) };
    };
  }

  /**
   * A listing whose pool part is this host's own until a listing shows the
   * host in a pool, and the pool's shared one from then on.
   */
  private async fetchListing(withNames: boolean, wave: boolean): Promise<HostListing> {
    const shared = this.pool;
    const poolPart = shared === undefined ? (): Promise<PoolPart> => this.fetchPoolPart() : (): Promise<PoolPart> => shared.poolPart(this, wave);
    const listing = await fetchHostListing(this, withNames, poolPart);
    // A host that joined or left a pool since moves with it.
    const pool = this.pools?.poolOf(listing.pool);
    this.pool = pool;
    return listing;
  }

  private newReads(): SessionReads {
    const read = <T>(fetch: (batch: FetchBatch<never>) => Promise<T>): FreshRead<T> => new FreshRead(fetch, this.schedule);
    return {
      // In a pool the engine spreads a wave over the members, so a member's own reads rarely fill
      // one: the wave is waited for where the members' reads meet (pool-reads.ts), not here.
      listing: new FreshRead(
        this.named((withNames, batch) => this.fetchListing(withNames, batch.wave)),
        this.schedule,
        () => this.pool === undefined,
      ),
      bootSnapshot: read(this.named((withNames) => fetchBootSnapshot(this, withNames))),
      rootDisk: read(() => fetchRootDiskPci(this)),
      extlinuxText: read(() => fetchExtlinuxText(this)),
    };
  }
}
