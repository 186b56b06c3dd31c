/**
 * The plan of a host reboot that `reboot: "whenRequired"` runs, made from one
 * read of the host before anything is touched: which VMs to shut down (and
 * start again afterwards), which to leave to `host-evacuate`, and the
 * refusals of what the sequence could not put back. Pure.
 *
 * A VM is shut down when it cannot move: on a host alone every running VM; in
 * a pool every VM with devices attached here and every VM that xapi lists as
 * preventing the evacuation (`host-get-vms-which-prevent-evacuation`: local
 * storage, memory, vGPU, …), since `host-evacuate` refuses the whole host for
 * any one of them. The rest move live to other members.
 */
import { HostStateError } from "../errors";
import { blockerReason, type EvacuationBlocker } from "./evacuation-blockers";
import type { PoolView, VmState } from "./host-state";
import { memberName } from "./pool";

/** How long a host may take to come back by default: Xen Orchestra waits as long. */
export const DEFAULT_REBOOT_TIMEOUT_MS = 20 * 60_000;

/** A VM as the reboot's plan and messages name it. */
export interface RebootVm {
  readonly uuid: string;
  readonly nameLabel: string;
}

/** A VM the reboot shuts down, and why it cannot move instead. */
export interface ShutDownVm extends RebootVm {
  /** Plain words, e.g. `it has PCI devices passed through`. */
  readonly why: string;
}

/**
 * The mark a reboot of this package leaves on the host while it has the host
 * disabled (`other-config`, see {@link REBOOT_MARK_KEY}): the VMs it has to
 * start again. A run that finds the mark knows the host was disabled by an
 * interrupted reboot, not by an operator, and takes those VMs over.
 */
export interface RebootMark {
  /** Lower-case UUIDs of the VMs to start again on this host. */
  readonly restart: readonly string[];
}

/** The host's `other-config` key of the {@link RebootMark}. */
export const REBOOT_MARK_KEY = "xenserver-pci-reboot";

/** Everything the plan is made from, read fresh before anything is touched. */
export interface RebootFacts {
  /** The connected host in its pool. */
  readonly pool: PoolView;
  /** Every guest of the pool. */
  readonly vms: readonly VmState[];
  /** The pool's `ha-enabled` as xe printed it: anything but `false` refuses (an unreadable answer is not "no HA"). */
  readonly haEnabled: string;
  /** The host's `enabled` before the reboot. */
  readonly hostEnabled: boolean;
  /** What `xe host-get-vms-which-prevent-evacuation` lists for the host. */
  readonly blockers: readonly EvacuationBlocker[];
  /** The VM this process runs in (`/sys/hypervisor/uuid`), when it is a Xen guest. */
  readonly selfVmUuid?: string | undefined;
  /** The mark of an interrupted reboot of this package, when the host carries one. */
  readonly mark?: RebootMark | undefined;
}

/** What the reboot does to the VMs of the host. */
export interface HostRebootPlan {
  /** Running here and cannot move: shut down before the reboot, in this order, and started again after it. */
  readonly shutDown: readonly ShutDownVm[];
  /** Running here and free to move: `host-evacuate` moves them to other members (none on a host alone). */
  readonly evacuate: readonly RebootVm[];
  /** Started again on this host after the reboot: the VMs shut down, and those an interrupted reboot left halted. */
  readonly restart: readonly RebootVm[];
}

const ref = (vm: { uuid: string; nameLabel: string }): RebootVm => ({ uuid: vm.uuid, nameLabel: vm.nameLabel });
const named = (vm: RebootVm): string => `"${vm.nameLabel}" (${vm.uuid})`;

/** Whether a guest belongs to the host for the reboot: it runs or is paused there, or (suspended) it is pinned there or the host is alone. */
function onHost(vm: VmState, pool: PoolView): boolean {
  if (vm.residentOn === pool.hostUuid) return true;
  const alone = pool.members.length <= 1;
  return vm.residentOn === "" && vm.powerState !== "halted" && (alone || vm.affinity === pool.hostUuid);
}

function refuseHa(member: string, pool: PoolView, haEnabled: string): void {
  if (haEnabled === "false") return;
  const said = haEnabled === "true" ? "has HA enabled" : `does not say HA is off (ha-enabled reads "${haEnabled}")`;
  throw new HostStateError(
    "POOL_HA_ENABLED",
    `the pool of ${member} ${said}: with HA on, xapi fences and restarts VMs on its own terms during a reboot, which this package does not handle; the host was not disabled or rebooted.`,
    {
      hint:
        `Reboot ${member} by hand (\`xe host-disable uuid=${pool.hostUuid}\`, \`xe host-evacuate uuid=${pool.hostUuid}\`, \`xe host-reboot uuid=${pool.hostUuid}\`), ` +
        'or set reboot: "never" and reboot it in a maintenance window; then run `pulumi refresh`.',
    },
  );
}

function refuseDisabled(member: string, pool: PoolView, facts: RebootFacts): void {
  if (facts.hostEnabled || facts.mark !== undefined) return;
  throw new HostStateError(
    "HOST_DISABLED",
    `${member} is disabled, and not by this package: an operator's maintenance or another tool's reboot may be under way; the reboot was not started and nothing was changed.`,
    { hint: `When that work is over, enable the host (\`xe host-enable uuid=${pool.hostUuid}\`), then run \`pulumi up\` again.` },
  );
}

function refuseSelf(member: string, pool: PoolView, here: readonly VmState[], selfVmUuid: string | undefined): void {
  const self = selfVmUuid === undefined ? undefined : here.find((vm) => vm.uuid === selfVmUuid.toLowerCase());
  if (self === undefined) return;
  const elsewhere =
    pool.members.length > 1
      ? `or move this VM to another member first (\`xe vm-migrate uuid=${self.uuid} host=<another member>\`)`
      : 'or set reboot: "never" and reboot the host yourself';
  throw new HostStateError(
    "REBOOT_WOULD_STOP_PROVIDER",
    `this pulumi run is inside VM ${named(self)}, which runs on ${member}: rebooting ${member} would stop the run halfway and leave the host disabled; nothing was changed.`,
    { hint: `Run \`pulumi up\` from a machine that is not a VM of ${member} (another computer, or a VM on another member), ${elsewhere}.` },
  );
}

function refuseStuck(member: string, here: readonly VmState[]): void {
  const stuck = here.filter((vm) => vm.powerState === "paused" || vm.powerState === "suspended");
  const first = stuck[0];
  if (first === undefined) return;
  const list = stuck.map((vm) => `${named(vm)} is ${vm.powerState}`).join(", ");
  throw new HostStateError(
    "VM_NOT_RESTORABLE",
    `${list} on ${member}: the reboot sequence restores running and halted VMs only, so it would lose that state; the host was not disabled or rebooted.`,
    {
      hint:
        `Resume or shut ${stuck.length === 1 ? "it" : "them"} down first (\`xe vm-unpause uuid=${first.uuid}\`, \`xe vm-resume uuid=${first.uuid}\`, ` +
        `or \`xe vm-shutdown uuid=${first.uuid}\`), then run \`pulumi up\` again.`,
    },
  );
}

/** Why a running VM of the host cannot move, or `undefined` when it can. */
function whyItStays(vm: VmState, alone: boolean, blockers: readonly EvacuationBlocker[]): string | undefined {
  if (alone) return "the host has no other member to move it to";
  if (vm.attachedDevices.length > 0) return "it has PCI devices passed through";
  const blocker = blockers.find((b) => b.uuid === vm.uuid);
  return blocker === undefined ? undefined : blockerReason(blocker.code);
}

/**
 * Plans the reboot of the connected host.
 *
 * @param hostName - the host as the connection names it, for messages
 * @param facts - what the host said, read before anything is touched
 * @throws HostStateError `POOL_HA_ENABLED`, `HOST_DISABLED`, `REBOOT_WOULD_STOP_PROVIDER`, `VM_NOT_RESTORABLE`
 */
export function planHostReboot(hostName: string, facts: RebootFacts): HostRebootPlan {
  const { pool, vms } = facts;
  const member = memberName(pool, pool.hostUuid) || hostName;
  refuseHa(member, pool, facts.haEnabled);
  refuseDisabled(member, pool, facts);
  const here = vms.filter((vm) => onHost(vm, pool));
  refuseSelf(member, pool, here, facts.selfVmUuid);
  refuseStuck(member, here);
  const alone = pool.members.length <= 1;
  const shutDown: ShutDownVm[] = [];
  const evacuate: RebootVm[] = [];
  for (const vm of here.filter((v) => v.powerState === "running")) {
    const why = whyItStays(vm, alone, facts.blockers);
    if (why === undefined) evacuate.push(ref(vm));
    else shutDown.push({ ...ref(vm), why });
  }
  // A mark on an enabled host is stale (its run ended before host-disable, or was put back):
  // its VMs may have been shut down by hand since, so only a disabled host's mark is taken over.
  const leftHalted = (facts.hostEnabled ? [] : (facts.mark?.restart ?? []))
    .map((uuid) => vms.find((vm) => vm.uuid === uuid))
    .filter((vm): vm is VmState => vm !== undefined && vm.powerState === "halted");
  return { shutDown, evacuate, restart: [...shutDown.map(ref), ...leftHalted.map(ref)] };
}

/** `"NAS" (uuid), "TV" (uuid)`, or `none`. */
export function describeVms(vms: readonly RebootVm[]): string {
  return vms.length === 0 ? "none" : vms.map(named).join(", ");
}

/**
 * What the plan does to each VM, for the reboot's first progress line:
 * `"NAS" (u): shut down, started again after (it has PCI devices passed
 * through); "web" (u): moved to another member (xe host-evacuate)`.
 */
export function describePlan(plan: HostRebootPlan): string {
  const parts = [
    ...plan.shutDown.map((vm) => `${named(vm)}: shut down, started again after (${vm.why})`),
    ...plan.evacuate.map((vm) => `${named(vm)}: moved to another member (xe host-evacuate)`),
    ...plan.restart.filter((vm) => !plan.shutDown.some((s) => s.uuid === vm.uuid)).map((vm) => `${named(vm)}: halted by an interrupted reboot, started again after`),
  ];
  return parts.length === 0 ? "none" : parts.join("; ");
}

/** The value of the {@link REBOOT_MARK_KEY} key for `plan`: the UUIDs to start again, comma-separated (`none` for none). */
export function rebootMarkValue(plan: HostRebootPlan): string {
  return plan.restart.length === 0 ? "none" : plan.restart.map((vm) => vm.uuid).join(",");
}

/** The {@link RebootMark} a host's `other-config` carries, or `undefined` when it carries none. */
export function parseRebootMark(otherConfig: Readonly<Record<string, string>>): RebootMark | undefined {
  const value = otherConfig[REBOOT_MARK_KEY];
  if (value === undefined) return undefined;
  const uuids = value.split(",").map((u) => u.trim().toLowerCase()).filter((u) => /^[0-9a-f-]{36}$/.test(u));
  return { restart: uuids };
}
