/**
 * The `xen-cmdline` method (XenServer 7.x-8.2, XCP-ng 8.2): the hide list is
 * read with `xen-cmdline --get-dom0 KEY` and written with `--set-dom0
 * KEY=VALUE` or `--delete-dom0 KEY`; the new list is computed by the pure
 * model (our entry in the full form, foreign entries kept). The change runs
 * under the host lock and only if the list still reads as it did.
 */
import { HostStateError } from "../../errors";
import type { HideKey } from "../../model/hide-list";
import { parseGetDom0, planXenCmdlineAdd, planXenCmdlineRemove, type XenCmdlineStep } from "../../model/xen-cmdline";
import { CONFLICT, retryOnConflict } from "./conflict-retry";
import { oneByOne } from "./edit-queue";
import { BOOT_COMMIT_EXIT, COMMIT_EXIT_CODES, commitFailure } from "./commit-exit";
import { newHostLock } from "./host-lock";
import { interruptedCommit } from "./interrupted-commit";
import { XEN_CMDLINE_COMMIT_SCRIPT, XEN_CMDLINE_PATH, xenCmdlineCommitArgs } from "./locked-scripts";
import type { BootConfigEditResult, BootConfigHideStatus, BootConfigMethod, BootConfigSession } from "./method";

/** Options of {@link XenCmdlineMethod}. */
export interface XenCmdlineMethodOptions {
  readonly session: BootConfigSession;
  readonly hideKey: HideKey;
}

/** Drift sentences for a `--get-dom0` hide report. */
export function hideListDrift(report: { occurrences: number; malformed: readonly string[] }, key: HideKey): string[] {
  const drift: string[] = [];
  if (report.occurrences > 1) drift.push(`${key} appears ${report.occurrences} times in the dom0 arguments; the kernel reads only the last.`);
  if (report.malformed.length > 0) drift.push(`The ${key} list holds malformed items ${report.malformed.map((m) => `"${m}"`).join(", ")}.`);
  return drift;
}

/** Edits the hide list through xen-cmdline. */
export class XenCmdlineMethod implements BootConfigMethod {
  /** @inheritDoc */
  readonly method = "xen-cmdline" as const;
  /** @inheritDoc */
  readonly hideKey: HideKey;
  private readonly session: BootConfigSession;

  /** @param options - session and hide key */
  constructor(options: XenCmdlineMethodOptions) {
    this.session = options.session;
    this.hideKey = options.hideKey;
  }

  /** @inheritDoc */
  describe(): string {
    return `the dom0 arguments of the grub configuration (${XEN_CMDLINE_PATH} --get-dom0 ${this.hideKey})`;
  }

  /** @inheritDoc */
  async status(address: string): Promise<BootConfigHideStatus> {
    const report = parseGetDom0(await this.get(), this.hideKey);
    return { hidden: report.addresses.includes(address), entries: [], drift: hideListDrift(report, this.hideKey) };
  }

  /** @inheritDoc */
  add(address: string): Promise<BootConfigEditResult> {
    return this.edit(address, true);
  }

  /** @inheritDoc */
  remove(address: string): Promise<BootConfigEditResult> {
    return this.edit(address, false);
  }

  /** Queued in the host's edit queue (edit-queue.ts); the edits of a round run one by one. */
  private edit(address: string, hidden: boolean): Promise<BootConfigEditResult> {
    return this.session.edits.submit("xen-cmdline", () => this.editNow(address, hidden), oneByOne);
  }

  /**
   * Adds (`hidden`) or removes the device's entry at once, outside the queue:
   * for a caller that already has the host's turn in it (dom0-access removing
   * an entry xapi leaves behind). Our entry in the full form; a removal takes
   * the device's entries in any case or form; foreign entries stay.
   */
  editNow(address: string, hidden: boolean): Promise<BootConfigEditResult> {
    const plan = (current: string): XenCmdlineStep =>
      hidden ? planXenCmdlineAdd(current, this.hideKey, address) : planXenCmdlineRemove(current, this.hideKey, address);
    const subject = { host: this.session.connection.host, what: this.hideKey, rewritten: "the boot configuration" };
    return retryOnConflict(subject, async () => {
      const current = await this.get();
      const step = plan(current);
      if (step.kind === "unchanged") return { changed: false, entries: [] };
      const after = await this.commit(current, step);
      if (after === undefined) return CONFLICT;
      if (parseGetDom0(after, this.hideKey).addresses.includes(address) !== hidden) {
        throw new HostStateError(
          "BOOT_CONFIG_VERIFY_FAILED",
          `${hidden ? "adding" : "removing"} ${address} in ${this.hideKey} on ${this.session.connection.host}: after the change xen-cmdline reports "${after.trim()}".`,
          { hint: `Check the dom0 arguments with \`${XEN_CMDLINE_PATH} --get-dom0 ${this.hideKey}\` on the host before rebooting it.` },
        );
      }
      return { changed: true, entries: [] };
    });
  }

  /** Runs the step if the list still reads `current`; the list afterwards, or `undefined` on a conflict. */
  private async commit(current: string, step: Exclude<XenCmdlineStep, { kind: "unchanged" }>): Promise<string | undefined> {
    const args = xenCmdlineCommitArgs({
      ...newHostLock(this.session.connection.timeoutMs),
      key: this.hideKey,
      expected: current.replace(/\n+$/, ""),
      action: step.kind === "set" ? "--set-dom0" : "--delete-dom0",
      arg: step.kind === "set" ? step.arg : step.key,
    });
    const label = `the ${XEN_CMDLINE_PATH} commit script`;
    let result;
    try {
      result = await this.session.runScript(XEN_CMDLINE_COMMIT_SCRIPT, { args, allowedExitCodes: COMMIT_EXIT_CODES, label });
    } catch (error) {
      throw interruptedCommit(error, "the grub configuration");
    }
    if (result.exitCode === 0) return result.stdout;
    if (result.exitCode === BOOT_COMMIT_EXIT.conflict) return undefined;
    throw commitFailure(result, {
      label,
      host: this.session.connection.host,
      hint: `Check the dom0 arguments with \`${XEN_CMDLINE_PATH} --get-dom0 ${this.hideKey}\` on the host, fix the cause, then run the update again.`,
    });
  }

  /** What `xen-cmdline --get-dom0 <key>` prints: the key's tokens of the default entry, one per line, or an empty line. */
  async get(): Promise<string> {
    const result = await this.session.runCommand([XEN_CMDLINE_PATH, "--get-dom0", this.hideKey]);
    return result.stdout;
  }
}
