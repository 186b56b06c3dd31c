/** The CLI record of a VM, with xapi's field order (records.ml) for the fields the simulator keeps. */
import type { VmState } from "../../host/types";
import { apiError } from "./errors";
import { mapField, mapOps, NOT_IN_DATABASE, roField, type Field } from "./fields";
import type { XeContext } from "./context";

/** Fields `xe vm-list` shows without `params=`. */
export const VM_DEFAULT_FIELDS = ["uuid", "name-label", "power-state"] as const;

/** How xe names a VM reference in error parameters. */
export function vmHandle(vm: VmState): string {
  return `${vm.uuid} (${vm.nameLabel})`;
}

/** A host reference as xe prints it: the uuid of a host of the pool, else a null reference. */
function hostRef(context: XeContext, uuid: string): string {
  return context.pool.members.some((m) => m.state.hostUuid === uuid) ? uuid : NOT_IN_DATABASE;
}

/** The record of `vm`; setters change `vm` in place. */
export function vmRecord(context: XeContext, vm: VmState): Field[] {
  return [
    roField("uuid", () => vm.uuid),
    { name: "name-label", access: " RW", get: () => vm.nameLabel, set: (v) => { vm.nameLabel = v; } },
    { name: "name-description", access: " RW", get: () => vm.nameDescription, set: (v) => { vm.nameDescription = v; } },
    { name: "user-version", access: " RW", get: () => "1" },
    { name: "is-a-template", access: " RW", get: () => "false" },
    roField("is-a-snapshot", () => "false"),
    roField("is-control-domain", () => String(vm.isControlDomain)),
    roField("power-state", () => vm.powerState),
    // The member whose domain this is, whichever member xe runs on.
    roField("resident-on", () => hostRef(context, vm.residentOn)),
    {
      name: "affinity",
      access: " RW",
      get: () => hostRef(context, vm.affinity),
      // records.ml: "" sets the null reference, anything else must be a host of the pool (Host.get_by_uuid).
      set: (v) => {
        if (v !== "" && !context.pool.members.some((m) => m.state.hostUuid === v)) throw apiError(context.facts, "UUID_INVALID", ["host", v]);
        vm.affinity = v;
      },
      // cli_operations.ml p_clear: a plain field is cleared by setting it to "".
      clear: () => { vm.affinity = ""; },
    },
    mapField("other-config", "MRW", mapOps(() => vm.otherConfig, (m) => { vm.otherConfig = m; })),
    roField("dom-id", () => String(vm.domId)),
  ];
}
