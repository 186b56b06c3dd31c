/**
 * The `extlinux` method (XenServer 6.x): the hide parameter is edited in the
 * dom0 part of the chosen labels of `/boot/extlinux.conf` by this package. The
 * new text is computed by the pure model from a read of the file and
 * committed by extlinux-script.ts under the host lock, only if the file still
 * holds what was read; a concurrent change makes the edit read and retry.
 *
 * Restoring by hand: the content before the last edit is in
 * `/boot/extlinux.conf.xspci-backup`; `cp /boot/extlinux.conf.xspci-backup
 * /boot/extlinux.conf.new && mv /boot/extlinux.conf.new /boot/extlinux.conf
 * && extlinux -i /boot`.
 */
import { createHash } from "node:crypto";
import {
  extlinuxHideStatus,
  planExtlinuxHideAdd,
  planExtlinuxHideRemove,
  type ExtlinuxHidePlan,
  type ExtlinuxHideRequest,
} from "../../model/extlinux-hide";
import type { HideKey } from "../../model/hide-list";
import { COMMIT_EXIT_CODES, BOOT_COMMIT_EXIT, commitFailure } from "./commit-exit";
import { EXTLINUX_COMMIT_SCRIPT, backupPathFor, extlinuxCommitArgs } from "./extlinux-script";
import { CONFLICT, retryOnConflict } from "./conflict-retry";
import type { RoundOutcome } from "./edit-queue";
import { extlinuxDrift } from "./extlinux-drift";
import { EXTLINUX_CONF_PATH } from "./extlinux-text";
import { newHostLock } from "./host-lock";
import { interruptedCommit } from "./interrupted-commit";
import type { BootConfigEditResult, BootConfigHideStatus, BootConfigMethod, BootConfigSession } from "./method";

export { EXTLINUX_CONF_PATH } from "./extlinux-text";

/** Options of {@link ExtlinuxMethod}. */
export interface ExtlinuxMethodOptions {
  readonly session: BootConfigSession;
  readonly hideKey: HideKey;
  /** Labels to edit; `undefined`: every label in the three-part Xen form. */
  readonly bootEntries?: readonly string[] | undefined;
}

/** md5 (hex) of text as UTF-8 bytes, as `md5sum` prints it for the same bytes. */
export function md5Hex(text: string): string {
  return createHash("md5").update(text, "utf8").digest("hex");
}

/** Edits `/boot/extlinux.conf` ourselves. */
export class ExtlinuxMethod implements BootConfigMethod {
  /** @inheritDoc */
  readonly method = "extlinux" as const;
  /** @inheritDoc */
  readonly hideKey: HideKey;
  private readonly session: BootConfigSession;
  private readonly bootEntries: readonly string[] | undefined;

  /** @param options - session, hide key and labels */
  constructor(options: ExtlinuxMethodOptions) {
    this.session = options.session;
    this.hideKey = options.hideKey;
    this.bootEntries = options.bootEntries;
  }

  /** @inheritDoc */
  describe(): string {
    return this.bootEntries === undefined
      ? `${EXTLINUX_CONF_PATH} (every Xen label)`
      : `${EXTLINUX_CONF_PATH} (labels ${this.bootEntries.join(", ")})`;
  }

  /** @inheritDoc */
  async status(address: string): Promise<BootConfigHideStatus> {
    const text = await this.session.extlinuxText();
    const status = extlinuxHideStatus(text, this.request(address));
    const drift = extlinuxDrift(status, { address, key: this.hideKey, requested: this.bootEntries });
    const entries = status.labels.map((label) => label.label);
    const complete = this.bootEntries === undefined || this.bootEntries.every((name) => entries.includes(name));
    const hidden = entries.length > 0 && complete && status.labels.every((label) => label.hidden);
    return { hidden, entries, drift };
  }

  /** @inheritDoc */
  add(address: string): Promise<BootConfigEditResult> {
    return this.edit((text) => planExtlinuxHideAdd(text, this.request(address)));
  }

  /** @inheritDoc */
  remove(address: string): Promise<BootConfigEditResult> {
    return this.edit((text) => planExtlinuxHideRemove(text, this.request(address)));
  }

  private request(address: string): ExtlinuxHideRequest {
    return { labels: this.bootEntries, key: this.hideKey, address };
  }

  /** Joins the host's next round of extlinux edits (edit-queue.ts): one read and one commit for all of them. */
  private edit(plan: TextPlan): Promise<BootConfigEditResult> {
    const session = this.session;
    return session.edits.submit("extlinux", plan, (plans: readonly TextPlan[]) => editTogether(session, plans));
  }
}

/** One edit of the file: the new text for a given text. */
type TextPlan = (text: string) => ExtlinuxHidePlan;

/** Each plan applied to the text left by the ones before it; a plan that throws fails alone. */
function applyPlans(text: string, plans: readonly TextPlan[]): { text: string; outcomes: RoundOutcome<BootConfigEditResult>[] } {
  let current = text;
  const outcomes = plans.map((plan): RoundOutcome<BootConfigEditResult> => {
    try {
      const next = plan(current);
      if (next.kind === "unchanged") return { ok: true, value: { changed: false, entries: next.labels } };
      current = next.text;
      return { ok: true, value: { changed: true, entries: next.labels } };
    } catch (error) {
      return { ok: false, error };
    }
  });
  return { text: current, outcomes };
}

/**
 * Makes every plan in one commit: reads the file, applies the plans in order,
 * and commits the result if the file still holds what was read (else reads
 * again: conflict-retry.ts).
 */
function editTogether(session: BootConfigSession, plans: readonly TextPlan[]): Promise<RoundOutcome<BootConfigEditResult>[]> {
  const subject = { host: session.connection.host, what: EXTLINUX_CONF_PATH, rewritten: "the file" };
  return retryOnConflict(subject, async () => {
    const text = await session.extlinuxText();
    const planned = applyPlans(text, plans);
    if (planned.text === text) return planned.outcomes;
    return (await commit(session, text, planned.text)) ? planned.outcomes : CONFLICT;
  });
}

/** Commits `next` if the file still holds `current`; `false` when it changed meanwhile. */
async function commit(session: BootConfigSession, current: string, next: string): Promise<boolean> {
  const lock = newHostLock(session.connection.timeoutMs);
  const args = extlinuxCommitArgs({
    ...lock,
    configPath: EXTLINUX_CONF_PATH,
    backupPath: backupPathFor(EXTLINUX_CONF_PATH),
    oldMd5: md5Hex(current),
    newMd5: md5Hex(next),
    installDir: "/boot",
  });
  const label = `the ${EXTLINUX_CONF_PATH} commit script`;
  let result;
  try {
    result = await session.runScript(EXTLINUX_COMMIT_SCRIPT, { args, stdin: next, allowedExitCodes: COMMIT_EXIT_CODES, label });
  } catch (error) {
    throw interruptedCommit(error, EXTLINUX_CONF_PATH);
  }
  if (result.exitCode === 0) return true;
  if (result.exitCode === BOOT_COMMIT_EXIT.conflict) return false;
  throw commitFailure(result, { label, host: session.connection.host, hint: restoreHint(result.exitCode) });
}

function restoreHint(exitCode: number): string {
  const backup = backupPathFor(EXTLINUX_CONF_PATH);
  if (exitCode === BOOT_COMMIT_EXIT.verifyFailed) {
    return (
      `Check ${EXTLINUX_CONF_PATH} on the host before rebooting it. The content before this edit is in ${backup}; ` +
      `to restore it: cp ${backup} ${EXTLINUX_CONF_PATH}.new && mv ${EXTLINUX_CONF_PATH}.new ${EXTLINUX_CONF_PATH} && extlinux -i /boot.`
    );
  }
  if (exitCode === BOOT_COMMIT_EXIT.installFailed) {
    return `The new ${EXTLINUX_CONF_PATH} is in place; run \`extlinux -i /boot\` on the host by hand and check its output before rebooting.`;
  }
  if (exitCode === BOOT_COMMIT_EXIT.lockBusy) {
    return "Another edit of the boot configuration is running; wait for it and run the update again (a lock whose holder is gone is broken automatically).";
  }
  return `${EXTLINUX_CONF_PATH} was not changed. Fix the cause on the host, then run the update again.`;
}
