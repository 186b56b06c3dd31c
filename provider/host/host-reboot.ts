/**
 * The host reboot of `reboot: "whenRequired"`, step by step, each verified and
 * logged (the engine shows the provider's stdout as progress): read what runs
 * on the host; refuse what the sequence cannot restore (HA, paused or
 * suspended VMs, a hide list naming the root disk's controller); disable the host; shut
 * down the VMs that cannot move and, in a pool, evacuate the rest (on a host
 * alone, shut every running VM down); `host-reboot`; wait for xapi to report
 * the host back (a new `boot_time`, `enabled`); start again, on this host,
 * every VM that ran here and is not running; check that the devices asked for
 * are bound to pciback. See docs/host-facts.md, "Rebooting a host through xapi".
 */
import { HostStateError, XsPciError } from "../errors";
import { describeVms, planHostReboot, type HostRebootPlan, type RebootVm } from "../model/host-reboot-plan";
import type { PoolView, VmState } from "../model/host-state";
import { hostParamArgv, hostPowerArgv, poolHaEnabledArgv } from "../model/xe-argv";
import { parseMinimal } from "../model/xe-output";
import { shutDownVm } from "./cold-boot";
import type { HostSession } from "./host-session";
import type { Sleep } from "./host-operations";
import { hiddenInBootConfig } from "./device-table";
import { runXe, xeError } from "./xe";
import type { CommandResult } from "../remote/ssh";
import type { XenHost } from "./xen-host";

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

/** The argvs of the host's `boot_time` and `enabled`, in this order. */
function bootStateArgvs(hostUuid: string): string[][] {
  return [hostParamArgv(hostUuid, "other-config", "boot_time"), hostParamArgv(hostUuid, "enabled")];
}

/** `boot_time` and `enabled` from the results of {@link bootStateArgvs}; `undefined` when either failed. */
function bootStateFrom(bootTime: CommandResult | undefined, enabled: CommandResult | undefined): { bootTime: string; enabled: boolean } | undefined {
  if (bootTime?.exitCode !== 0 || enabled?.exitCode !== 0) return undefined;
  return { bootTime: bootTime.stdout.trim(), enabled: enabled.stdout.trim() === "true" };
}

/** The host's `boot_time` and `enabled`, or `undefined` while it cannot answer (down, xapi starting). */
async function bootState(session: HostSession, hostUuid: string): Promise<{ bootTime: string; enabled: boolean } | undefined> {
  try {
    const [bootTime, enabled] = await session.runReads(bootStateArgvs(hostUuid), "the host's boot time");
    return bootStateFrom(bootTime, enabled);
  } catch (error) {
    // SSH refused or cut while the host reboots: not back yet.
    if (error instanceof XsPciError) return undefined;
    throw error;
  }
}

/**
 * What the reboot decides from, read before anything is touched: every guest
 * and the pool (the run's listing), the functions on the way to dom0's root
 * disk that the hide list names, and, side by side, the pool's HA and the
 * host's boot time.
 */
async function beforeReboot(host: XenHost): Promise<{ vms: VmState[]; pool: PoolView; rootPathHidden: string[]; ha: boolean; bootTime: string | undefined }> {
  const session = host.session;
  const [{ vms, pool }, root] = await Promise.all([host.guests(), session.rootDisk()]);
  const [hidden, [ha, bootTime, enabled]] = await Promise.all([
    hiddenInBootConfig(session, root.path),
    session.runReads([poolHaEnabledArgv(), ...bootStateArgvs(pool.hostUuid)], "the reads before the host's reboot"),
  ]);
  if (ha?.exitCode !== 0) throw xeError({ host: host.name, action: "read whether the pool has HA enabled", argv: poolHaEnabledArgv() }, ha ?? { stdout: "", stderr: "", exitCode: -1 });
  return {
    vms,
    pool,
    rootPathHidden: root.path.filter((address) => hidden.has(address)),
    ha: parseMinimal(ha.stdout)[0] === "true",
    bootTime: bootStateFrom(bootTime, enabled)?.bootTime,
  };
}

/** The state of each VM, for the messages of a reboot that stopped halfway. */
async function vmStates(host: XenHost, vms: readonly RebootVm[]): Promise<string> {
  try {
    const { vms: listed } = await host.guests();
    return vms.map((vm) => `"${vm.nameLabel}" (${vm.uuid}) is ${listed.find((l) => l.uuid === vm.uuid)?.powerState ?? "gone"}`).join(", ") || "none";
  } catch {
    return "unknown (the host does not answer)";
  }
}

function startCommands(vms: readonly RebootVm[], hostUuid: string): string {
  return vms.map((vm) => `\`xe vm-start uuid=${vm.uuid} on=${hostUuid}\``).join(", ");
}

/**
 * The error of a step between `host-disable` and `host-reboot`: the host is
 * disabled and some VMs may be off; say which, and how to put things back.
 */
async function stoppedBeforeReboot(host: XenHost, hostUuid: string, plan: HostRebootPlan, error: unknown): Promise<HostStateError> {
  const reason = error instanceof XsPciError ? error.reason : String(error);
  return new HostStateError(
    "HOST_REBOOT_INCOMPLETE",
    `the reboot of ${host.name} stopped before \`xe host-reboot\`: ${reason} The host is disabled and was not rebooted; VMs it ran: ${await vmStates(host, plan.restart)}.`,
    {
      hint:
        `Put it back with \`xe host-enable uuid=${hostUuid}\` and start the VMs that are off (${startCommands(plan.restart, hostUuid) || "none"}); ` +
        "fix what the error reports, then run `pulumi up` again.",
      cause: error,
    },
  );
}

/**
 * Waits until the host answers with a `boot_time` other than `before` and is
 * enabled again, logging every `progressMs`.
 *
 * @throws HostStateError `HOST_REBOOT_TIMEOUT`
 */
async function waitForReturn(host: XenHost, hostUuid: string, before: string, plan: HostRebootPlan, request: RebootRequest): Promise<void> {
  const sleep = request.sleep ?? defaultSleep;
  const pollMs = request.pollMs ?? 2000;
  const progressMs = request.progressMs ?? 30_000;
  const started = Date.now();
  let lastProgress = started;
  let last = "the host has not gone down yet";
  for (;;) {
    const state = await bootState(host.session, hostUuid);
    if (state === undefined) last = "the host or its xapi does not answer";
    else if (state.bootTime === before) last = "the host has not rebooted yet (boot_time unchanged)";
    else if (!state.enabled) last = "xapi is back but the host is not enabled yet";
    else return;
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

/**
 * Reboots the host of `host` for the devices of `request`: the whole sequence
 * of the module comment.
 *
 * @throws HostStateError `POOL_HA_ENABLED`, `VM_NOT_RESTORABLE` (before anything is touched),
 *   `HOST_REBOOT_TIMEOUT`, `HOST_REBOOT_INCOMPLETE` (with the state of the host and of each VM, and the commands to finish)
 */
export async function rebootForHiding(host: XenHost, request: RebootRequest): Promise<void> {
  const { log } = request;
  const session = host.session;
  const facts = await beforeReboot(host);
  const { pool } = facts;
  const hostUuid = pool.hostUuid;
  const plan = planHostReboot(host.name, pool, facts.vms, facts.ha);
  if (facts.rootPathHidden.length > 0) {
    const addresses = facts.rootPathHidden.join(", ");
    throw new HostStateError(
      "ROOT_DISK_CONTROLLER",
      `the hide list of ${host.name} names ${addresses}, on the way to dom0's root disk: the host would not come back from the reboot; nothing was changed.`,
      { hint: `Take ${addresses} out of the hide list (a HiddenPciDevice, or an entry written by hand), then run \`pulumi up\` again.` },
    );
  }
  const initialBootTime = facts.bootTime;
  if (initialBootTime === undefined) {
    throw new HostStateError("HOST_REBOOT_INCOMPLETE", `${host.name} did not say its boot time before the reboot; nothing was changed.`, {
      hint: `Check \`xe host-param-get uuid=${hostUuid} param-name=other-config param-key=boot_time\` on the host, then run \`pulumi up\` again.`,
    });
  }
  log(`Host ${host.name}: rebooting it so that dom0 hides ${request.addresses.join(", ")}. VMs running here: ${describeVms(plan.restart)}.`);
  await runXe(session, hostPowerArgv("host-disable", hostUuid), "disable the host for its reboot");
  log(`Host ${host.name}: disabled (xe host-disable): no VM starts here until it is back.`);
  try {
    for (const vm of plan.shutDown) {
      log(`Host ${host.name}: shutting down VM "${vm.nameLabel}" (${vm.uuid}) cleanly${pool.members.length > 1 ? " (its devices keep it on this host)" : ""}.`);
      await shutDownVm(host, vm, log);
    }
    if (plan.evacuate) {
      log(`Host ${host.name}: moving the other running VMs to other members (xe host-evacuate).`);
      await runXe(session, hostPowerArgv("host-evacuate", hostUuid), "evacuate the host before its reboot");
    }
    await runXe(session, hostPowerArgv("host-reboot", hostUuid), "reboot the host");
  } catch (error) {
    throw await stoppedBeforeReboot(host, hostUuid, plan, error);
  }
  log(`Host ${host.name}: rebooting (xe host-reboot); waiting up to ${String(Math.round(request.timeoutMs / 1000))} s for it to come back.`);
  await waitForReturn(host, hostUuid, initialBootTime, plan, request);
  log(`Host ${host.name}: back and enabled.`);
  const { vms: after } = await host.guests();
  const toStart = plan.restart.filter((vm) => after.find((l) => l.uuid === vm.uuid)?.powerState !== "running");
  const failed: string[] = [];
  for (const vm of toStart) {
    try {
      await host.startVm(vm.uuid, hostUuid);
      log(`Host ${host.name}: started VM "${vm.nameLabel}" (${vm.uuid}) again.`);
    } catch (error) {
      failed.push(`"${vm.nameLabel}" (${vm.uuid}): ${error instanceof XsPciError ? error.reason : String(error)}`);
    }
  }
  if (failed.length > 0) {
    throw new HostStateError(
      "HOST_REBOOT_INCOMPLETE",
      `${host.name} rebooted, but ${String(failed.length)} VM${failed.length === 1 ? "" : "s"} did not start again: ${failed.join("; ")}. VMs now: ${await vmStates(host, plan.restart)}.`,
      { hint: `Fix what the start reports, then start them (${startCommands(toStart, hostUuid)}) and run \`pulumi refresh\`.` },
    );
  }
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
