/**
 * Reliability: a boot configuration edit cut at each of its steps, for each
 * hide method (extlinux on XenServer 6.2, xen-cmdline on 8.2, dom0-access on
 * XCP-ng 8.3), adding and removing a device, by a dropped SSH connection and
 * by a SIGKILLed remote script. After every cut the file holds exactly the old
 * or the new content (the one the step implies), the extlinux backup holds the
 * old one once written, and a rerun of the same operation, with no cleanup in
 * between, breaks any lock left behind and ends with exactly the new content.
 * A rerun with nothing left to do takes no lock, so a lock the cut left then
 * stays until the next edit, which must break it.
 *
 * The three methods run side by side, each on its own host, to keep the file short.
 */
import * as fs from "node:fs";
import { providers } from "../../provider";
import { HOST_LOCK_DIR } from "../../provider/host/boot-config/host-lock";
import { backupPathFor } from "../../provider/host/boot-config/extlinux-script";
import { hostFileOnDisk } from "../../sim";
import { bootView, profileExpectations, withHideList, type ProfileExpectations } from "../support/hide-list-text";
import { METHOD_STEPS, type BootConfigStep, type MethodSteps } from "./boot-config-steps";
import type { ReliabilityRow } from "./report";
import { CaseTally, rejectionOf, startReliabilitySim, type ReliabilitySim } from "./support";
import { armCut, CUT_KINDS, type CutKind } from "./tool-faults";
import { nextRun } from "../support/next-run";

/** Every method is implemented; the type says optional. */
const provider = providers.hiddenPciDevice as Required<typeof providers.hiddenPciDevice>;
const ADDRESS = "0000:07:00.0";
const OPERATIONS = ["add", "remove"] as const;
type Operation = (typeof OPERATIONS)[number];
const LOCK_NAME = HOST_LOCK_DIR.slice("/boot/".length);

function expectedCode(kind: CutKind, step: BootConfigStep): string {
  if (kind === "drop-connection") return "CONNECTION_LOST";
  return step.inCommit ? "BOOT_CONFIG_INTERRUPTED" : "COMMAND_FAILED";
}

/** One method's host and the cases run against it. */
class MethodBench {
  private readonly p: ProfileExpectations;
  private original = "";
  private edited = "";
  /** Outputs of an uncut create: what `delete` gets. */
  private created: { id: string; outs: Record<string, unknown> } = { id: "", outs: {} };

  constructor(
    readonly m: MethodSteps,
    private readonly rel: ReliabilitySim,
  ) {
    this.p = profileExpectations(m.profile);
  }

  private onDisk(hostPath: string): string {
    return hostFileOnDisk(this.rel.sim.info.dir, hostPath);
  }

  private bootConfig(): string {
    return this.rel.sim.readHostFile(this.p.bootPath);
  }

  /** What the host will boot with: extlinux.conf's exact text, grub.cfg's entries (xen-cmdline re-renders the file). */
  private view(text: string): string {
    return bootView(this.p.profile, text);
  }

  private backup(): string | undefined {
    const file = this.onDisk(backupPathFor(this.p.bootPath));
    return fs.existsSync(file) ? fs.readFileSync(file, "utf8") : undefined;
  }

  /** Lock directories and temp files: names starting with a dot in /boot. */
  private leftovers(): string[] {
    return fs.readdirSync(this.onDisk("/boot")).filter((name) => name.startsWith(".")).sort();
  }

  /** One engine run: a new provider process, nothing read yet. */
  private async run(operation: Operation): Promise<void> {
    nextRun();
    if (operation === "add") await provider.create({ connection: this.rel.connection, address: ADDRESS, method: "auto" });
    else await provider.delete(this.created.id, this.created.outs);
  }

  /** The host as before a run: `text` in the boot config, no lock, no backup, no temp file. */
  private restoreHost(text: string): void {
    this.rel.sim.writeHostFile(this.p.bootPath, text);
    fs.rmSync(this.onDisk(backupPathFor(this.p.bootPath)), { force: true });
    for (const name of this.leftovers()) fs.rmSync(this.onDisk(`/boot/${name}`), { recursive: true, force: true });
  }

  /** The reference run, uncut: it must produce exactly the texts the cut runs are held to. */
  async prepare(): Promise<void> {
    this.original = this.bootConfig();
    this.edited = withHideList(this.original, this.p, this.p.editedEntries, `(${ADDRESS})`);
    nextRun();
    const result = await provider.create({ connection: this.rel.connection, address: ADDRESS, method: "auto" });
    this.created = { id: result.id, outs: result.outs };
    expect(this.created.outs.method).toBe(this.m.method);
    expect(this.view(this.bootConfig())).toBe(this.view(this.edited));
    nextRun();
    await provider.delete(this.created.id, this.created.outs);
    expect(this.view(this.bootConfig())).toBe(this.view(this.original));
  }

  private async cutCase(operation: Operation, step: BootConfigStep, kind: CutKind): Promise<void> {
    const [oldText, newText] = operation === "add" ? [this.original, this.edited] : [this.edited, this.original];
    const extlinux = this.m.method === "extlinux";
    this.restoreHost(oldText);
    const disarm = armCut(this.rel.sim, step.at, kind);
    let error: unknown;
    try {
      error = await rejectionOf(this.run(operation));
    } finally {
      disarm();
    }
    expect(error).toMatchObject({ code: expectedCode(kind, step) });
    expect(this.view(this.bootConfig())).toBe(this.view(step.leaves === "old" ? oldText : newText));
    if (extlinux) expect(this.backup()).toBe(step.backupWritten === true ? oldText : undefined);

    // No cleanup: the rerun must break a lock the cut left when it has an edit to make.
    await this.run(operation);
    expect(this.view(this.bootConfig())).toBe(this.view(newText));
    if (extlinux) expect(this.backup()).toBe(oldText);
    const lockLeft = step.leaves === "new" && step.inLock;
    expect(this.leftovers()).toEqual(lockLeft ? [LOCK_NAME] : []);
    if (lockLeft) {
      // The rerun had nothing to do; the next edit must break the lock.
      const reverse: Operation = operation === "add" ? "remove" : "add";
      await this.run(reverse);
      expect(this.view(this.bootConfig())).toBe(this.view(oldText));
      expect(this.leftovers()).toEqual([]);
    }
  }

  /** Every step × cut kind × operation, counted in the returned tally. */
  async runCases(): Promise<CaseTally> {
    const tally = new CaseTally();
    for (const operation of OPERATIONS) {
      for (const step of this.m.steps) {
        for (const kind of CUT_KINDS) {
          await tally.run(`${this.m.method}, ${operation}, ${kind} when ${step.name}`, () => this.cutCase(operation, step, kind));
        }
      }
    }
    return tally;
  }

  /** Records the row of `tally` in the reliability table. */
  record(tally: CaseTally): ReliabilityRow {
    const { method, profile, steps } = this.m;
    return tally.record("boot config faults", `${method} on ${profile}: connection cut and script killed at each of ${steps.length} steps, add and remove`);
  }
}

describe("Boot config edits of every method, cut at each step", () => {
  let sims: ReliabilitySim[] = [];

  beforeAll(async () => {
    sims = await Promise.all(METHOD_STEPS.map((m) => startReliabilitySim(`boot-${m.method}`, m.profile)));
  }, 120_000);

  afterAll(async () => {
    // stop() closes every pooled connection, so the hosts stop only once all cases are done.
    for (const rel of sims) await rel.stop();
  });

  test("every cut leaves the old or the new file, a rerun converges to the new one, and no lock blocks the next edit", async () => {
    const benches = METHOD_STEPS.map((m, i) => new MethodBench(m, sims[i] as ReliabilitySim));
    const tallies = await Promise.all(
      benches.map(async (bench) => {
        await bench.prepare();
        return bench.runCases();
      }),
    );
    const rows = benches.map((bench, i) => bench.record(tallies[i] as CaseTally));
    expect(tallies.flatMap((tally) => tally.failures)).toEqual([]);
    for (const row of rows) expect(row.held).toBe(row.cases);
  }, 600_000);
});
