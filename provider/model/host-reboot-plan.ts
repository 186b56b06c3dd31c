/**
 * The plan of a host reboot that `reboot: "whenRequired"` runs, made from one
 * read of the host before anything is touched: which VMs to shut down, whether
 * to evacuate the rest, which to start again afterwards, and the refusals of
 * what the sequence cannot restore. Pure.
 */
import { HostStateError } from "../errors";
import type { PoolView, VmState } from "./host-state";
import { memberName } from "./pool";

/** How long a host may take to come back by default: Xen Orchestra waits as long. */
export const DEFAULT_REBOOT_TIMEOUT_MS = 20 * 60_000;

/** A VM as the reboot's plan and messages name it. */
export interface RebootVm {
  readonly uuid: string;
  readonly nameLabel: string;
}

/** What the reboot does to the VMs of the host. */
export interface HostRebootPlan {
  /** Running here and cannot move (devices attached; on a host alone, every running VM): shut down before the reboot. */
  readonly shutDown: readonly RebootVm[];
  /** In a pool of more than one member: `host-evacuate` moves the other running VMs away. */
  readonly evacuate: boolean;
  /** Every VM running here before: started again here afterwards, unless it is running by then (moved, or started by xapi). */
  readonly restart: readonly RebootVm[];
}

const ref = (vm: VmState): RebootVm => ({ uuid: vm.uuid, nameLabel: vm.nameLabel });
const named = (vm: RebootVm): string => `"${vm.nameLabel}" (${vm.uuid})`;

/** Whether a guest belongs to the host for the reboot: it runs or is paused there, or (suspended) it is pinned there or the host is alone. */
function onHost(vm: VmState, pool: PoolView): boolean {
  if (vm.residentOn === pool.hostUuid) return true;
  const alone = pool.members.length <= 1;
  return vm.residentOn === "" && vm.powerState !== "halted" && (alone || vm.affinity === pool.hostUuid);
}

/**
 * Plans the reboot of the connected host.
 *
 * @param hostName - the host as the connection names it, for messages
 * @param vms - every guest of the pool, freshly read
 * @param haEnabled - the pool's HA
 * @throws HostStateError `POOL_HA_ENABLED`, `VM_NOT_RESTORABLE`
 */
export function planHostReboot(hostName: string, pool: PoolView, vms: readonly VmState[], haEnabled: boolean): HostRebootPlan {
  const member = memberName(pool, pool.hostUuid) || hostName;
  if (haEnabled) {
    throw new HostStateError(
      "POOL_HA_ENABLED",
      `the pool of ${member} has HA enabled: with HA on, xapi fences and restarts VMs on its own terms during a reboot, which this package does not handle; the host was not disabled or rebooted.`,
      {
        hint:
          `Reboot ${member} by hand (\`xe host-disable uuid=${pool.hostUuid}\`, \`xe host-evacuate uuid=${pool.hostUuid}\`, \`xe host-reboot uuid=${pool.hostUuid}\`), ` +
          'or set reboot: "never" and reboot it in a maintenance window; then run `pulumi refresh`.',
      },
    );
  }
  const here = vms.filter((vm) => onHost(vm, pool));
  const stuck = here.filter((vm) => vm.powerState === "paused" || vm.powerState === "suspended");
  const first = stuck[0];
  if (first !== undefined) {
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
  const running = here.filter((vm) => vm.powerState === "running");
  const alone = pool.members.length <= 1;
  const pinned = running.filter((vm) => alone || vm.attachedDevices.length > 0);
  return {
    shutDown: pinned.map(ref),
    evacuate: !alone && running.length > pinned.length,
    restart: running.map(ref),
  };
}

/** `"NAS" (uuid), "TV" (uuid)`, or `none`. */
export function describeVms(vms: readonly RebootVm[]): string {
  return vms.length === 0 ? "none" : vms.map(named).join(", ");
}
