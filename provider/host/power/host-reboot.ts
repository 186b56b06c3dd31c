/**
 * The host reboot of `reboot: "whenRequired"`, step by step, each verified and
 * logged (the engine shows the provider's stdout as progress):
 *
 * 1. wait for the pool's turn (one reboot at a time per pool, the master
 *    first: power/reboot-queue.ts);
 * 2. read what runs on the host and what xapi says cannot leave it, and
 *    refuse what the sequence could not put back, before touching anything
 *    (model/host-reboot-plan.ts: HA, a host disabled by someone else, the VM
 *    this process runs in, paused or suspended VMs; here: a hide list naming
 *    the root disk's controller);
 * 3. mark the host (`other-config`) with the VMs to start again, disable it,
 *    shut down the VMs that cannot move, evacuate the rest (a pool), and
 *    `host-reboot`; when any of these fails, put the host back
 *    (power/reboot-put-back.ts) and fail;
 * 4. wait for xapi to report the host back (a later `boot_time`, `enabled`);
 * 5. start again on this host every VM it shut down, counting one that
 *    xapi's autostart started meanwhile; remove the mark; check that the
 *    devices are bound to pciback.
 *
 * See docs/host-facts.md, "Rebooting a host through xapi".
 */
import { HostStateError, sentence } from "../../errors";
import { describePlan, describeVms, planHostReboot, rebootMarkValue, REBOOT_MARK_KEY, type HostRebootPlan } from "../../model/host-reboot-plan";
import { shutDownVm } from "./cold-boot";
import type { RebootOutcome, Sleep } from "../session/host-operations";
import { bootedSince, noBootTime, readPoolIdentity, readRebootFacts } from "./reboot-facts";
import { operationInProgress, outcomeUnknown } from "./outcome";
import { putBack, removeRebootMark, startCommands } from "./reboot-put-back";
import { startAgain } from "./start-again";
import type { XenHost } from "../xen-host";

/** How often the host is asked whether it is back, and how often the wait says it still waits. */
export interface RebootTiming {
  /** The deadline for the host to come back after `host-reboot`, in ms. */
  readonly timeoutMs: number;
  /** Between two attempts to reach the host; default 2 s. */
  readonly pollMs?: number;
  /** Between two "still waiting" lines; default 30 s. */
  readonly progressMs?: number;
  readonly sleep?: Sleep;
}

/** What a reboot asks of the host, and where its progress goes. */
export interface RebootRequest extends RebootTiming {
  /** The devices whose hiding needs the reboot: checked to be bound to pciback afterwards. */
  readonly addresses: readonly string[];
  readonly log: (line: string) => void;
}

const defaultSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Between two attempts to reach the host. */
const DEFAULT_POLL_MS = 2000;

/**
 * `xe host-reboot`: `true` when xapi took it, or answered that a reboot is
 * already under way (OTHER_OPERATION_IN_PROGRESS: an earlier ask whose answer
 * was lost reached it); `false` when its answer is lost (the connection cut,
 * xapi gone), so that whether it reached xapi is not known yet: the wait finds
 * out ({@link waitForReturn}), and nothing is put back for a reboot that may
 * be under way.
 *
 * @throws the refusal of `host-reboot`, when xapi refused it: the host was not rebooted
 */
async function askForReboot(host: XenHost, hostUuid: string): Promise<boolean> {
  try {
    await host.hostPower("host-reboot", hostUuid, "rebooting the host");
    return true;
  } catch (error) {
    if (operationInProgress(error)) return true;
    if (outcomeUnknown(error)) return false;
    throw error;
  }
}

/**
 * Waits until the host answers with a later `boot_time` than `before` and is
 * enabled again, logging every `progressMs`.
 *
 * @throws HostStateError `HOST_REBOOT_TIMEOUT`
 */
async function waitForReturn(host: XenHost, hostUuid: string, before: string, plan: HostRebootPlan, request: RebootRequest, accepted: boolean): Promise<void> {
  let confirmed = accepted;
  const sleep = request.sleep ?? defaultSleep;
  const pollMs = request.pollMs ?? DEFAULT_POLL_MS;
  const progressMs = request.progressMs ?? 30_000;
  const started = Date.now();
  let lastProgress = started;
  let last = "the host has not gone down yet";
  for (;;) {
    const state = await host.bootState(hostUuid);
    if (state !== undefined && bootedSince(before, state.bootTime) && state.enabled) return;
    if (state === undefined) last = "the host or its xapi does not answer";
    else if (bootedSince(before, state.bootTime)) last = "xapi is back but the host is not enabled yet";
    else {
      last = "the host has not rebooted yet (boot_time unchanged)";
      try {
        // host-reboot's answer was lost and the host never went down: ask again.
        if (!confirmed) confirmed = await askForReboot(host, hostUuid);
      } catch (refusal) {
        // xapi is back and refuses the reboot (a restarted toolstack enables the host): it never started.
        throw await putBack(host, hostUuid, plan, refusal, { disableSent: true, log: request.log, sleep, pollMs });
      }
    }
    const elapsed = Date.now() - started;
    if (elapsed >= request.timeoutMs) {
      throw new HostStateError(
        "HOST_REBOOT_TIMEOUT",
        `${host.name} was not back ${String(Math.round(elapsed / 1000))} s after \`xe host-reboot\` (rebootTimeoutMs ${String(request.timeoutMs)}): ${last}. ` +
          `The host was disabled for the reboot; VMs it ran, left to start again: ${describeVms(plan.restart)}.`,
        {
          hint:
            `When the host is back (check its console), enable it if it is still disabled (\`xe host-enable uuid=${hostUuid}\`), start the VMs that are not running ` +
            `(${startCommands(plan.restart, hostUuid) || "none"}), then run \`pulumi refresh\`. Running \`pulumi up\` again then reboots nothing: the devices are hidden.`,
        },
      );
    }
    if (Date.now() - lastProgress >= progressMs) {
      lastProgress = Date.now();
      request.log(`Host ${host.name}: still waiting for it to come back after ${String(Math.round(elapsed / 1000))} s (${last}).`);
    }
    await sleep(pollMs);
  }
}

/** The sequence, in the pool's turn. */
async function rebootInTurn(host: XenHost, request: RebootRequest): Promise<void> {
  const { log } = request;
  const facts = await readRebootFacts(host);
  const hostUuid = facts.pool.hostUuid;
  const plan = planHostReboot(host.name, facts);
  if (facts.rootPathHidden.length > 0) {
    const addresses = facts.rootPathHidden.join(", ");
    throw new HostStateError(
      "ROOT_DISK_CONTROLLER",
      `the hide list of ${host.name} names ${addresses}, on the way to dom0's root disk: the host would not come back from the reboot; nothing was changed.`,
      { hint: `Take ${addresses} out of the hide list (a HiddenPciDevice, or an entry written by hand), then run \`pulumi up\` again.` },
    );
  }
  const initialBootTime = facts.bootTime;
  if (initialBootTime === undefined) throw noBootTime(host, hostUuid);
  log(`Host ${host.name}: rebooting it so that dom0 hides ${request.addresses.join(", ")}. VMs running here: ${describePlan(plan)}.`);
  // Whether host-disable was sent: until then the host is as it was, whatever the answers say.
  let disableSent = false;
  let accepted = false;
  try {
    await host.setHostOtherConfig(hostUuid, REBOOT_MARK_KEY, rebootMarkValue(plan), "marking the host as rebooting by this package");
    disableSent = true;
    await host.hostPower("host-disable", hostUuid, "disabling the host for its reboot");
    log(`Host ${host.name}: disabled (xe host-disable): no VM starts here until it is back.`);
    const pooled = facts.pool.members.length > 1;
    for (const vm of plan.shutDown) {
      log(`Host ${host.name}: shutting down VM "${vm.nameLabel}" (${vm.uuid}) cleanly${pooled ? ` (${vm.why})` : ""}.`);
      await shutDownVm(host, vm, log);
    }
    if (plan.evacuate.length > 0) {
      log(`Host ${host.name}: moving the other running VMs to other members (xe host-evacuate): ${describeVms(plan.evacuate)}.`);
      await host.hostPower("host-evacuate", hostUuid, "evacuating the host before its reboot");
    }
    accepted = await askForReboot(host, hostUuid);
  } catch (error) {
    throw await putBack(host, hostUuid, plan, error, { disableSent, log, sleep: request.sleep ?? defaultSleep, pollMs: request.pollMs ?? DEFAULT_POLL_MS });
  }
  log(`Host ${host.name}: rebooting (xe host-reboot); waiting up to ${String(Math.round(request.timeoutMs / 1000))} s for it to come back.`);
  await waitForReturn(host, hostUuid, initialBootTime, plan, request, accepted);
  log(`Host ${host.name}: back and enabled.`);
  const failed = (await startAgain(host, hostUuid, plan.restart, log, true)).map(({ vm, reason }) => `"${vm.nameLabel}" (${vm.uuid}): ${reason}`);
  if (failed.length > 0) {
    throw new HostStateError(
      "HOST_REBOOT_INCOMPLETE",
      `${host.name} rebooted, but ${String(failed.length)} VM${failed.length === 1 ? "" : "s"} did not start again: ${sentence(failed.join("; "))}`,
      { hint: `Fix what the start reports, then start them (${startCommands(plan.restart, hostUuid)}) and run \`pulumi refresh\`.` },
    );
  }
  await removeRebootMark(host, hostUuid);
  const pciDevices = await host.pciDevices();
  const notHidden = request.addresses.filter((address) => pciDevices.find((device) => device.address === address)?.driver !== "pciback");
  if (notHidden.length > 0) {
    throw new HostStateError(
      "HOST_REBOOT_INCOMPLETE",
      `${host.name} rebooted, but ${notHidden.join(", ")} ${notHidden.length === 1 ? "is" : "are"} not bound to pciback: the host did not boot with the hide list.`,
      { hint: "Check `cat /proc/cmdline` on the host against the boot configuration (another boot entry may be the default), then run `pulumi refresh`." },
    );
  }
  log(`Host ${host.name}: ${request.addresses.join(", ")} hidden from dom0; VMs running again: ${describeVms(plan.restart)}.`);
}

/**
 * Reboots the host of `host` for the devices of `request`: the whole sequence
 * of the module comment.
 *
 * @throws HostStateError `POOL_HA_ENABLED`, `HOST_DISABLED`, `REBOOT_WOULD_STOP_PROVIDER`, `VM_NOT_RESTORABLE`,
 *   `ROOT_DISK_CONTROLLER` (before anything is touched); `HOST_REBOOT_ROLLED_BACK` (a step failed, the host was put back);
 *   `HOST_REBOOT_TIMEOUT`, `HOST_REBOOT_INCOMPLETE` (with the state left and the commands to finish)
 */
export async function rebootForHiding(host: XenHost, request: RebootRequest): Promise<void> {
  const identity = await readPoolIdentity(host);
  await host.inPoolTurn(identity.poolUuid, identity.master, () => rebootInTurn(host, request));
}

/**
 * Asks for the run's one reboot of `host` for the hiding of `address`
 * (`reboot: "whenRequired"`): it starts once no operation of the run runs on
 * the host, and every request of the run shares it.
 *
 * @returns `already-rebooted` when this run rebooted the host before: no second reboot
 * @throws the errors of {@link rebootForHiding}
 */
export function requestHostReboot(host: XenHost, address: string, timing: RebootTiming, log: (line: string) => void): Promise<RebootOutcome> {
  return host.requestReboot(address, (addresses) => rebootForHiding(host, { ...timing, addresses, log }));
}
