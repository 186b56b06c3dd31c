/**
 * Starting again, on this host, the VMs a reboot shut down: after the reboot,
 * and when a failed sequence is put back. One routine for both, since xapi's
 * autostart may start a VM beside it (it runs once the host is enabled): a
 * VM found running, or started by someone else between the read and the
 * start, counts as started.
 */
import type { VmState } from "../../model/host-state";
import type { RebootVm } from "../../model/host-reboot-plan";
import { memberName } from "../../model/pool";
import type { XenHost } from "../xen-host";
import { reasonOf } from "./outcome";

/** A VM that did not start again, and why. */
export interface NotStarted {
  readonly vm: RebootVm;
  readonly reason: string;
}

/**
 * Starts again on `hostUuid` each VM of `vms` that is not running.
 *
 * @param afterReboot - whether the host just rebooted: a VM found running was
 *   then started by xapi's autostart, which is logged, and one running on
 *   another member is reported with how to bring it back; when a sequence is
 *   put back, a running VM is one it never shut down, and nothing is said
 * @returns the VMs that could not start, with why
 */
export async function startAgain(host: XenHost, hostUuid: string, vms: readonly RebootVm[], log: (line: string) => void, afterReboot: boolean): Promise<NotStarted[]> {
  const failed: NotStarted[] = [];
  const { vms: listed, pool } = await host.guests();
  const reread = async (vm: RebootVm): Promise<VmState | undefined> => (await host.guests()).vms.find((l) => l.uuid === vm.uuid);
  for (const vm of vms) {
    let state = listed.find((l) => l.uuid === vm.uuid);
    if (state?.powerState !== "running") {
      try {
        await host.startVm(vm.uuid, hostUuid);
        log(`Host ${host.name}: started VM "${vm.nameLabel}" (${vm.uuid}) again.`);
        continue;
      } catch (error) {
        // Autostart may have started it between the read and the start: look again.
        state = await reread(vm);
        if (state?.powerState !== "running") {
          failed.push({ vm, reason: reasonOf(error) });
          continue;
        }
      }
    }
    if (!afterReboot) continue;
    if (state.residentOn === hostUuid) {
      log(`Host ${host.name}: VM "${vm.nameLabel}" (${vm.uuid}) is running again (started by xapi's autostart).`);
    } else {
      log(
        `Host ${host.name}: VM "${vm.nameLabel}" (${vm.uuid}) was started on ${memberName(pool, state.residentOn) || "another member"} by xapi's autostart, not here: ` +
          `its devices are this host's; move it with \`xe vm-shutdown uuid=${vm.uuid}\` and \`xe vm-start uuid=${vm.uuid} on=${hostUuid}\`.`,
      );
    }
  }
  return failed;
}
