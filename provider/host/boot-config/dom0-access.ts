/**
 * The `dom0-access` method (XCP-ng 8.3, XenServer 8): xapi keeps the hide
 * list itself. `xe pci-disable-dom0-access` / `pci-enable-dom0-access` change
 * it (through xen-cmdline, so they run under our host lock too) and
 * `pci-get-dom0-access-status` reports `enabled`, `disable_on_reboot`,
 * `disabled` or `enable_on_reboot`.
 *
 * Two things xapi does not do, which this method does around it
 * (docs/host-facts.md#dom0-access-commands):
 * - xapi reads the list only in the full `(0000:06:00.0)` form, and one entry in
 *   another form (typed by hand) fails every command: the method names the
 *   entry and the command that rewrites the list, instead of xapi's raw scan
 *   failure, and a read still reports what the kernel will hide;
 * - xapi's enable removes only the lower-case form of the entry: an entry
 *   written in upper case stays, and the method removes it itself with
 *   xen-cmdline, under the host lock, then checks xapi's status again.
 */
import { HostStateError } from "../../errors";
import type { HideKey } from "../../model/hide-list";
import { dom0AccessArgv, pciUuidArgv, type Dom0AccessAction } from "../../model/xe-argv";
import { parseGetDom0 } from "../../model/xen-cmdline";
import { XAPI_HIDE_KEY, xapiHideListProblem, type XapiHideListProblem } from "../../model/xapi-hide-list";
import { parseMinimal } from "../../model/xe-output";
import { runXe, xeError } from "../exec/xe";
import { oneByOne } from "./edit-queue";
import { BOOT_COMMIT_EXIT, COMMIT_EXIT_CODES, commitFailure } from "./commit-exit";
import { newHostLock } from "./host-lock";
import { interruptedCommit } from "./interrupted-commit";
import { LOCKED_RUN_SCRIPT, lockedRunArgs, XEN_CMDLINE_PATH } from "./locked-scripts";
import type { BootConfigEditResult, BootConfigHideStatus, BootConfigMethod, BootConfigSession } from "./method";
import { XenCmdlineMethod } from "./xen-cmdline";

/** The statuses under which the device is in the hide list for the next boot. */
const HIDDEN_AT_NEXT_BOOT = new Set(["disabled", "disable_on_reboot"]);

/** Whether a `pci-*-dom0-access` status means "in the hide list for the next boot". */
export function hiddenAtNextBoot(status: string): boolean {
  return HIDDEN_AT_NEXT_BOOT.has(status.trim());
}

/** Options of {@link Dom0AccessMethod}. */
export interface Dom0AccessMethodOptions {
  readonly session: BootConfigSession;
  /** The connected host's UUID: its PCI objects are the ones meant. */
  readonly hostUuid: string;
  /** Always `xen-pciback.hide` on the hosts that have these commands. */
  readonly hideKey: HideKey;
}

/** Lets xapi keep the hide list. */
export class Dom0AccessMethod implements BootConfigMethod {
  /** @inheritDoc */
  readonly method = "dom0-access" as const;
  /** @inheritDoc */
  readonly hideKey: HideKey;
  private readonly session: BootConfigSession;
  private readonly hostUuid: string;
  /** The same list through xen-cmdline: read when xapi cannot, edited where xapi leaves an entry. */
  private readonly xenCmdline: XenCmdlineMethod;

  /** @param options - session, host and hide key */
  constructor(options: Dom0AccessMethodOptions) {
    this.session = options.session;
    this.hostUuid = options.hostUuid;
    this.xenCmdline = new XenCmdlineMethod({ session: options.session, hideKey: options.hideKey });
    this.hideKey = options.hideKey;
  }

  /** @inheritDoc */
  describe(): string {
    return "xapi's dom0 access setting (xe pci-get-dom0-access-status)";
  }

  /**
   * @inheritDoc
   * When xapi cannot read the hide list, what the kernel will hide at the next
   * boot, with the problem and its fix in `drift`.
   */
  async status(address: string): Promise<BootConfigHideStatus> {
    const uuid = await this.pciUuid(address);
    try {
      const status = await this.run("get-status", uuid, address);
      return { hidden: hiddenAtNextBoot(status), entries: [], drift: [] };
    } catch (error) {
      const { list, problem } = await this.readHideList();
      if (problem === undefined) throw error;
      const hidden = parseGetDom0(list, XAPI_HIDE_KEY).addresses.includes(address);
      return { hidden, entries: [], drift: [`${unreadableList(problem)} Fix it on the host: ${fixCommand(problem)}`] };
    }
  }

  /** @inheritDoc */
  add(address: string): Promise<BootConfigEditResult> {
    return this.change(address, "disable", true);
  }

  /** @inheritDoc */
  remove(address: string): Promise<BootConfigEditResult> {
    return this.change(address, "enable", false);
  }

  /** Queued in the host's edit queue (edit-queue.ts); the edits of a round run one by one. */
  private change(address: string, action: Dom0AccessAction, hide: boolean): Promise<BootConfigEditResult> {
    return this.session.edits.submit("dom0-access", () => this.changeNow(address, action, hide), oneByOne);
  }

  private async changeNow(address: string, action: Dom0AccessAction, hide: boolean): Promise<BootConfigEditResult> {
    const uuid = await this.pciUuid(address);
    if (hiddenAtNextBoot(await this.statusForChange(uuid, address, action)) === hide) return { changed: false, entries: [] };
    let status = await this.runLocked(action, uuid, address);
    if (!hide && hiddenAtNextBoot(status)) {
      // xapi removed only the lower-case form; the entry is still there in another case.
      await this.xenCmdline.editNow(address, false);
      status = await this.run("get-status", uuid, address);
    }
    if (hiddenAtNextBoot(status) !== hide) {
      throw new HostStateError(
        "BOOT_CONFIG_VERIFY_FAILED",
        `${DOING[action]} ${address} on ${this.session.connection.host}: xapi reports "${status.trim()}" afterwards.`,
        { hint: `Check \`xe pci-get-dom0-access-status uuid=${uuid}\` on the host before rebooting it.` },
      );
    }
    return { changed: true, entries: [] };
  }

  /**
   * xapi's status before a change; a list xapi cannot read fails here, before
   * anything is changed, with the entry and the command that fixes it.
   *
   * @throws HostStateError `HIDE_LIST_UNREADABLE_BY_XAPI`
   */
  private async statusForChange(uuid: string, address: string, action: Dom0AccessAction): Promise<string> {
    try {
      return await this.run("get-status", uuid, address);
    } catch (error) {
      const { problem } = await this.readHideList();
      if (problem === undefined) throw error;
      throw new HostStateError(
        "HIDE_LIST_UNREADABLE_BY_XAPI",
        `${DOING[action]} ${address} on ${this.session.connection.host}: ${unreadableList(problem)}`,
        { hint: `Rewrite the list in the full form on the host, then run the update again: ${fixCommand(problem)}`, cause: error },
      );
    }
  }

  /** The hide list as xen-cmdline prints it, and what xapi cannot read in it. */
  private async readHideList(): Promise<{ list: string; problem: XapiHideListProblem | undefined }> {
    const list = await this.xenCmdline.get();
    return { list, problem: xapiHideListProblem(list) };
  }

  private async pciUuid(address: string): Promise<string> {
    const stdout = await runXe(this.session, pciUuidArgv(address, this.hostUuid), `finding ${address} in xe pci-list`);
    const uuid = parseMinimal(stdout)[0];
    if (uuid === undefined || uuid === "") {
      // The class rule (hidden-device.ts) sends devices xapi makes no object for to xen-cmdline; this is a card xapi has not seen.
      throw new HostStateError("PCI_DEVICE_NOT_FOUND", `finding ${address} in \`xe pci-list\` on ${this.session.connection.host}: xapi has no PCI object for it.`, {
        hint:
          `Check the address with \`xe pci-list host-uuid=${this.hostUuid} params=uuid,pci-id,device-name\` on the host. ` +
          'xapi lists the cards it found when it last started (`xe-toolstack-restart` makes it look again); method "xen-cmdline" hides a device without a PCI object.',
      });
    }
    return uuid;
  }

  private run(action: Dom0AccessAction, uuid: string, address: string): Promise<string> {
    return runXe(this.session, dom0AccessArgv(action, uuid), `${DOING[action]} ${address}`);
  }

  private async runLocked(action: Dom0AccessAction, uuid: string, address: string): Promise<string> {
    const argv = dom0AccessArgv(action, uuid);
    const label = `xe pci-${action}-dom0-access under the boot configuration lock`;
    let result;
    try {
      const args = lockedRunArgs(newHostLock(this.session.connection.timeoutMs), argv);
      result = await this.session.runScript(LOCKED_RUN_SCRIPT, { args, allowedExitCodes: [1, 127, ...COMMIT_EXIT_CODES], label });
    } catch (error) {
      throw interruptedCommit(error, "the dom0 access setting");
    }
    if (result.exitCode === 0) return result.stdout;
    if (result.exitCode === BOOT_COMMIT_EXIT.lockBusy || result.exitCode === BOOT_COMMIT_EXIT.lockFailed) {
      throw commitFailure(result, { label, host: this.session.connection.host, hint: "Wait for the other edit of the boot configuration to finish, then run the update again." });
    }
    throw xeError({ host: this.session.connection.host, action: `${DOING[action]} ${address}`, argv }, result);
  }
}

/** What each xe pci-*-dom0-access command does, in words, before the address. */
const DOING: Record<Dom0AccessAction, string> = {
  disable: "disabling dom0 access to",
  enable: "enabling dom0 access to",
  "get-status": "reading the dom0 access status of",
};

/** What xapi cannot read in the list, in a sentence. */
function unreadableList(problem: XapiHideListProblem): string {
  const entries = problem.offending.map((entry) => `"${entry}"`).join(", ");
  return (
    `xapi cannot read the ${XAPI_HIDE_KEY} list: ${entries} ${problem.offending.length === 1 ? "is" : "are"} not in the ` +
    `full (0000:06:00.0) form it reads, so every xe pci-*-dom0-access command on this host fails.`
  );
}

/** The command that rewrites the list in the form xapi reads, and what it leaves out. */
function fixCommand(problem: XapiHideListProblem): string {
  const command =
    problem.fixedValue === ""
      ? `${XEN_CMDLINE_PATH} --delete-dom0 ${XAPI_HIDE_KEY}`
      : `${XEN_CMDLINE_PATH} --set-dom0 '${XAPI_HIDE_KEY}=${problem.fixedValue}'`;
  const dropped = problem.dropped.length === 0 ? "" : ` (this leaves out ${problem.dropped.map((entry) => `"${entry}"`).join(", ")}, which name no device)`;
  return `\`${command}\`${dropped}.`;
}
