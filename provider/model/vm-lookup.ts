/**
 * Finding a VM by its name-label, as people know their VMs. xapi does not
 * keep names unique, so an ambiguous name is refused with the candidates.
 * Pure.
 */
import { HostStateError } from "../errors";
import type { PoolView, VmState } from "./host-state";
import { memberName } from "./pool";

/** A VM as `getVm` returns it. */
export interface VmInfo {
  uuid: string;
  nameLabel: string;
  /** `running`, `halted`, `paused` or `suspended`. */
  powerState: string;
  /** The name-label of the pool member it runs on, `""` when it is not running. */
  residentOn: string;
}

/**
 * The one VM named `nameLabel` (exact, case-sensitive, as xapi compares).
 *
 * @param host - host name, for messages
 * @throws HostStateError `VM_NOT_FOUND` (naming the VMs there are) or `VM_NAME_AMBIGUOUS` (naming the candidates)
 */
export function findVmByName(host: string, nameLabel: string, vms: readonly VmState[], pool: PoolView): VmInfo {
  const matches = vms.filter((vm) => vm.nameLabel === nameLabel);
  const [only, ...others] = matches;
  if (only !== undefined && others.length === 0) {
    return { uuid: only.uuid, nameLabel: only.nameLabel, powerState: only.powerState, residentOn: memberName(pool, only.residentOn) };
  }
  if (only === undefined) {
    const names = vms.map((vm) => JSON.stringify(vm.nameLabel)).join(", ");
    throw new HostStateError("VM_NOT_FOUND", `no VM is named ${JSON.stringify(nameLabel)} on ${host} (its VMs: ${names || "none"}).`, {
      hint: "Names are exact and case-sensitive: use one of the names listed, or `npx pulumi-xenserver-pci vms` to see them.",
    });
  }
  const candidates = matches.map((vm) => `${vm.uuid} (${vm.powerState})`).join(", ");
  throw new HostStateError("VM_NAME_AMBIGUOUS", `${String(matches.length)} VMs are named ${JSON.stringify(nameLabel)} on ${host}: ${candidates}.`, {
    hint: "Give each VM its own name (`xe vm-param-set uuid=<uuid> name-label=<new name>`), or use the UUID of the one you mean as vmUuid.",
  });
}
