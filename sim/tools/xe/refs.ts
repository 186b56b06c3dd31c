/**
 * The references the simulated xapi raises in API errors. xapi raises
 * objects as `OpaqueRef:<uuid>` strings, which the CLI prints as the object's
 * `uuid (name-label)` in an error's parameter lines (`cli_util.ml`
 * `ref_convert`) but leaves raw where a command prints the parameters itself
 * (`host-get-vms-which-prevent-evacuation`'s `reason`). The simulator's refs
 * are stable digests of the object, not the database's.
 */
import type { HostState, VmState } from "../../host/types";
import { stableUuid } from "../../host/uuid";
import type { RefValue } from "./errors";
import { vmHandle } from "./vm-record";

/** A stable fake `OpaqueRef:` for the object `kind`/`id`. */
export function opaqueRef(kind: string, id: string): string {
  return `OpaqueRef:${stableUuid(`${kind}/${id}/ref`)}`;
}

/** `vm` as an error parameter. */
export function vmRef(vm: VmState): RefValue {
  return { ref: opaqueRef("VM", vm.uuid), printed: vmHandle(vm) };
}

/** The host whose state is `state` as an error parameter: `uuid (name-label)`. */
export function hostRef(state: HostState): RefValue {
  return { ref: opaqueRef("host", state.hostUuid), printed: `${state.hostUuid} (${state.hostName})` };
}

/**
 * The name-label of a host's local SR as the installer creates it.
 * unconfirmed: the simulator names every local SR `Local storage`, the
 * installer's default; a host may have renamed its own.
 */
export const LOCAL_SR_NAME = "Local storage";

/** Uuid of the local SR of the host `hostUuid`. */
export function localSrUuid(hostUuid: string): string {
  return stableUuid(`${hostUuid}/local-sr`);
}

/** The local SR of the host `hostUuid` as an error parameter. */
export function localSrRef(hostUuid: string): RefValue {
  return { ref: opaqueRef("SR", localSrUuid(hostUuid)), printed: `${localSrUuid(hostUuid)} (${LOCAL_SR_NAME})` };
}

/**
 * The name-label of the task `host-reboot` leaves in the host's current
 * operations (`xapi_host.ml` `reboot`: `shutdown_and_reboot_common … "Host is
 * rebooting"`).
 */
export const REBOOT_TASK_NAME = "Host is rebooting";

/**
 * The reboot's task as an error parameter.
 * unconfirmed: that the CLI's `ref_convert` finds a task in its index (it
 * prints `uuid (name-label)` for the objects it does); a raw `OpaqueRef:` if not.
 */
export function rebootTaskRef(taskUuid: string): RefValue {
  return { ref: opaqueRef("task", taskUuid), printed: `${taskUuid} (${REBOOT_TASK_NAME})` };
}
