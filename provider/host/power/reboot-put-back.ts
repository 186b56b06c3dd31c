/**
 * Putting a host back when its reboot stops before `xe host-reboot`: enable
 * it again, start again on it the VMs the sequence shut down, remove the
 * mark, then fail with the step's error and what is left. Each step is tried
 * even when an earlier one failed where that is safe, and the error names
 * exactly what could not be put back and how to finish by hand.
 */
import { HostStateError, sentence } from "../../errors";
import { describeVms, REBOOT_MARK_KEY, type HostRebootPlan, type RebootVm } from "../../model/host-reboot-plan";
import type { Sleep } from "../session/host-operations";
import { outcomeUnknown, reasonOf } from "./outcome";
import { startAgain } from "./start-again";
import type { XenHost } from "../xen-host";

/** `\`xe vm-start uuid=U on=H\``, one per VM, comma-separated. */
export function startCommands(vms: readonly RebootVm[], hostUuid: string): string {
  return vms.map((vm) => `\`xe vm-start uuid=${vm.uuid} on=${hostUuid}\``).join(", ");
}

/** Removes the mark of the reboot from the host; `false` when that failed (a later run ignores a mark on an enabled host). */
export async function removeRebootMark(host: XenHost, hostUuid: string): Promise<boolean> {
  try {
    await host.removeHostOtherConfig(hostUuid, REBOOT_MARK_KEY, "removing the reboot's mark from the host");
    return true;
  } catch {
    return false;
  }
}

/** How the put-back goes: what was done, where progress goes, how long to wait for xapi. */
export interface PutBackProgress {
  /** Whether `host-disable` had been sent (before it, the host was never disabled). */
  readonly disableSent: boolean;
  readonly log: (line: string) => void;
  readonly sleep: Sleep;
  /** Between two attempts to reach xapi. */
  readonly pollMs: number;
  /** How long to keep trying while xapi does not answer; default {@link PUT_BACK_PATIENCE_MS}. */
  readonly patienceMs?: number;
}

/**
 * How long the put-back keeps trying `host-enable` while xapi does not answer:
 * a toolstack restart takes about a minute, and a host left disabled stops
 * every VM start there.
 */
export const PUT_BACK_PATIENCE_MS = 90_000;

/** `xe host-enable`, tried again while its outcome is unknown (xapi away, the connection cut), for the patience. */
async function enableAgain(host: XenHost, hostUuid: string, progress: PutBackProgress): Promise<void> {
  const deadline = Date.now() + (progress.patienceMs ?? PUT_BACK_PATIENCE_MS);
  for (;;) {
    try {
      await host.hostPower("host-enable", hostUuid, "enabling the host again");
      return;
    } catch (error) {
      if (!outcomeUnknown(error) || Date.now() >= deadline) throw error;
      await progress.sleep(progress.pollMs);
    }
  }
}

/**
 * Puts the host back after `error` stopped the sequence before `host-reboot`
 * (`disableSent`: whether `host-disable` had been sent), and returns the error to throw: `HOST_REBOOT_ROLLED_BACK` when everything
 * is back, `HOST_REBOOT_INCOMPLETE` with what is left otherwise.
 */
export async function putBack(
  host: XenHost,
  hostUuid: string,
  plan: HostRebootPlan,
  error: unknown,
  progress: PutBackProgress,
): Promise<HostStateError> {
  const { log } = progress;
  const reason = reasonOf(error);
  log(`Host ${host.name}: the reboot stopped before xe host-reboot (${reason}); putting the host back as it was.`);
  const left: string[] = [];
  let enabledAgain = false;
  try {
    await enableAgain(host, hostUuid, progress);
    enabledAgain = true;
    if (progress.disableSent) log(`Host ${host.name}: enabled again (xe host-enable).`);
  } catch (enableError) {
    // Before host-disable was sent the host was never disabled: nothing to put back there.
    if (progress.disableSent) left.push(`the host may still be disabled (${reasonOf(enableError)})`);
  }
  if (enabledAgain) {
    try {
      const failed = await startAgain(host, hostUuid, plan.restart, log, false);
      left.push(...failed.map(({ vm, reason }) => `"${vm.nameLabel}" (${vm.uuid}) is off: ${reason}`));
    } catch (readError) {
      left.push(`the VMs shut down for the reboot may be off (${describeVms(plan.restart)}): ${reasonOf(readError)}`);
    }
  } else if (progress.disableSent && plan.restart.length > 0) {
    left.push(`the VMs shut down for the reboot may be off (${describeVms(plan.restart)}): a disabled host starts none`);
  }
  if (left.length === 0) {
    await removeRebootMark(host, hostUuid);
    const vms = plan.restart.length === 0 ? "" : ` and ${describeVms(plan.restart)} ${plan.restart.length === 1 ? "runs" : "run"} again`;
    return new HostStateError(
      "HOST_REBOOT_ROLLED_BACK",
      `the reboot of ${host.name} stopped before \`xe host-reboot\`: ${sentence(reason)} The host was put back: it is enabled again${vms}; nothing was rebooted.`,
      { hint: "Fix what the error reports, then run `pulumi up` again.", cause: error },
    );
  }
  return new HostStateError(
    "HOST_REBOOT_INCOMPLETE",
    `the reboot of ${host.name} stopped before \`xe host-reboot\`: ${sentence(reason)} Putting the host back failed: ${sentence(left.join("; "))}`,
    {
      hint:
        `Enable the host (\`xe host-enable uuid=${hostUuid}\`) and start the VMs that are off (${startCommands(plan.restart, hostUuid) || "none"}), ` +
        "or run `pulumi up` again once the host answers: it recognises the host its interrupted reboot left disabled, and starts those VMs again after the reboot.",
      cause: error,
    },
  );
}
