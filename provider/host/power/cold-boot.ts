/**
 * `coldBoot: "whenRequired"`: shut the VM down and start it again on this host,
 * so that xapi rebuilds its domain with the devices of `other-config:pci` (a
 * reboot keeps the old domain's devices).
 */
import { CommandError, HostStateError } from "../../errors";
import type { VmState } from "../../model/host-state";
import type { XenHost } from "../xen-host";

/** Error codes of a clean shutdown refused because the guest lacks PV drivers. */
const NEEDS_FORCE = new Set(["VM_MISSING_PV_DRIVERS", "VM_LACKS_FEATURE"]);

/**
 * Shuts the VM down cleanly, forces it off only when the clean shutdown is
 * refused for missing PV drivers (XenServer 6.2: `VM_MISSING_PV_DRIVERS`,
 * newer: `VM_LACKS_FEATURE`), then starts it pinned to this host.
 *
 * @param host - the VM's host
 * @param vm - the running VM
 * @param hostUuid - this host's UUID, as the listing read it (where the VM starts)
 * @param log - where to say that a shutdown was forced (the engine shows stdout)
 * @throws any shutdown or start error
 */
export async function coldBootVm(host: XenHost, vm: VmState, hostUuid: string, log: (line: string) => void): Promise<void> {
  await shutDownVm(host, vm, log);
  try {
    await host.startVm(vm.uuid, hostUuid);
  } catch (error) {
    throw leftShutDown(error, vm, hostUuid);
  }
}

/**
 * Shuts the VM down cleanly; forces it off only when the clean shutdown is
 * refused for missing PV drivers, or does not end within the connection's
 * command deadline (a guest that ignores the request).
 *
 * @param log - where to say that a shutdown was forced
 */
export async function shutDownVm(host: XenHost, vm: { uuid: string; nameLabel: string }, log: (line: string) => void): Promise<void> {
  try {
    await host.shutdownVm(vm.uuid, { force: false });
  } catch (error) {
    const refused = error instanceof HostStateError && NEEDS_FORCE.has(error.code);
    const hung = error instanceof CommandError && error.code === "COMMAND_TIMEOUT";
    if (!refused && !hung) throw error;
    log(
      refused
        ? `VM "${vm.nameLabel}" (${vm.uuid}) has no PV drivers and refused a clean shutdown (${error.code}); forcing it off.`
        : `VM "${vm.nameLabel}" (${vm.uuid}) did not shut down within the command deadline; forcing it off.`,
    );
    await host.shutdownVm(vm.uuid, { force: true });
  }
}

/**
 * The start's error with a hint that the VM is now off: running the update
 * again finds a halted VM, which needs no cold boot, so it would stay off.
 */
function leftShutDown(error: unknown, vm: VmState, hostUuid: string): unknown {
  if (!(error instanceof CommandError) && !(error instanceof HostStateError)) return error;
  const message = error.reason;
  const hint =
    `${error.hint === undefined ? "" : `${error.hint} `}VM "${vm.nameLabel}" (${vm.uuid}) was shut down for the cold boot and is still off: ` +
    `start it with \`xe vm-start uuid=${vm.uuid} on=${hostUuid}\` (running the update again does not start it).`;
  if (error instanceof HostStateError) return new HostStateError(error.code, message, { hint, cause: error });
  const details = { command: error.command, exitCode: error.exitCode, stdout: error.stdout, stderr: error.stderr };
  return new CommandError(error.code, message, details, { hint, cause: error });
}
