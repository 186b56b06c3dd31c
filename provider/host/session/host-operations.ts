/**
 * The operations of one run on one host, and the one host reboot they may
 * share. `reboot: "whenRequired"` reboots a host at most once per run, once no
 * other operation of the run is running on it: the edits of every resource
 * land first, and every `HiddenPciDevice` that asked waits for the same
 * reboot. Operations that start while the reboot runs wait for it, so that
 * nothing talks to a host that is going down.
 */

/** Waits `ms` milliseconds (tests pass their own). */
export type Sleep = (ms: number) => Promise<void>;

const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * How long the host must stay without a running operation before the reboot
 * starts: the engine sends the operations it runs in parallel together, but
 * the process takes them in some milliseconds apart.
 */
export const REBOOT_SETTLE_MS = 1000;

/** How a reboot request ended for the caller. */
export type RebootOutcome = "rebooted" | "already-rebooted";

/** See the module comment. */
export class HostOperations {
  private running = 0;
  private idle: (() => void)[] = [];
  /** The reboot of this run: waiting for the host to be idle, or running. */
  private reboot: Promise<void> | undefined;
  /** Set once the reboot's own commands have started. */
  private rebootStarted = false;
  private rebootedThisRun = false;
  /** The devices whose hiding the reboot is for, from every request. */
  private readonly addresses = new Set<string>();

  /** @param sleep - the settle wait (tests pass a fake) */
  constructor(private readonly sleep: Sleep = realSleep) {}

  /**
   * Runs one operation's work on the host, counted as running; waits first
   * for a reboot that has started.
   */
  async during<T>(work: () => Promise<T>): Promise<T> {
    if (this.rebootStarted && this.reboot !== undefined) await this.reboot.catch(() => undefined);
    this.running += 1;
    try {
      return await work();
    } finally {
      this.running -= 1;
      if (this.running === 0) this.idle.splice(0).forEach((wake) => { wake(); });
    }
  }

  /**
   * Asks for the run's reboot, for the hiding of `address`: `reboot` runs
   * once, when no operation has run for {@link REBOOT_SETTLE_MS}, with the
   * addresses of every request made by then; every caller shares it (and its
   * failure). A request after the run's reboot is done reboots nothing.
   */
  requestReboot(address: string, reboot: (addresses: readonly string[]) => Promise<void>): Promise<RebootOutcome> {
    if (this.reboot === undefined && this.rebootedThisRun) return Promise.resolve("already-rebooted");
    this.addresses.add(address);
    if (this.reboot === undefined) {
      const run = (async () => {
        await this.waitIdle();
        this.rebootStarted = true;
        await reboot([...this.addresses]);
      })();
      this.reboot = run;
      void run
        .catch(() => undefined)
        .finally(() => {
          this.addresses.clear();
          this.reboot = undefined;
          this.rebootStarted = false;
          this.rebootedThisRun = true;
        });
    }
    return this.reboot.then(() => "rebooted" as const);
  }

  /** Forgets the run (a new `pulumi` command may reboot again). */
  clear(): void {
    this.rebootedThisRun = false;
  }

  private async waitIdle(): Promise<void> {
    for (;;) {
      while (this.running > 0) await new Promise<void>((resolve) => this.idle.push(resolve));
      await this.sleep(REBOOT_SETTLE_MS);
      if (this.running === 0) return;
    }
  }
}
