/** The CLI record of a VM, with xapi's field order (records.ml) for the fields the simulator keeps. */
import type { HostState, VmState } from "../../host/types";
import { apiError } from "./errors";
import { mapField, mapOps, NOT_IN_DATABASE, roField, type Field } from "./fields";
import type { XeContext } from "./context";

/** Fields `xe vm-list` shows without `params=`. */
export const VM_DEFAULT_FIELDS = ["uuid", "name-label", "power-state"] as const;

/** How xe names a VM reference in error parameters. */
export function vmHandle(vm: VmState): string {
  return `${vm.uuid} (${vm.nameLabel})`;
}

function hostRef(state: HostState, uuid: string): string {
  return uuid === state.hostUuid ? uuid : NOT_IN_DATABASE;
}

/** The record of `vm`; setters change `vm` in place. */
export function vmRecord(context: XeContext, vm: VmState): Field[] {
  const { state } = context;
  return [
    roField("uuid", () => vm.uuid),
    { name: "name-label", access: " RW", get: () => vm.nameLabel, set: (v) => { vm.nameLabel = v; } },
    { name: "name-description", access: " RW", get: () => vm.nameDescription, set: (v) => { vm.nameDescription = v; } },
    { name: "user-version", access: " RW", get: () => "1" },
    { name: "is-a-template", access: " RW", get: () => "false" },
    roField("is-a-snapshot", () => "false"),
    roField("is-control-domain", () => String(vm.isControlDomain)),
    roField("power-state", () => vm.powerState),
    roField("resident-on", () => (vm.domId >= 0 || vm.powerState === "running" ? state.hostUuid : NOT_IN_DATABASE)),
    {
      name: "affinity",
      access: " RW",
      get: () => hostRef(state, vm.affinity),
      set: (v) => {
        if (v !== "" && v !== state.hostUuid) throw apiError(context.facts, "UUID_INVALID", ["host", v]);
        vm.affinity = v;
      },
      clear: () => { vm.affinity = ""; },
    },
    mapField("other-config", "MRW", mapOps(() => vm.otherConfig, (m) => { vm.otherConfig = m; })),
    roField("dom-id", () => String(vm.domId)),
  ];
}
