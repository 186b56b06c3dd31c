/**
 * Argument vectors for every `xe` call the provider makes. Each builder returns
 * words, never a shell string: quoting is `remote/shell.ts`'s job. UUIDs are
 * checked here too, because a word such as `uuid=x params=…` would otherwise
 * smuggle a second parameter into xe (which splits words only at the first `=`).
 */
import { ValidationError } from "../errors";
import { normalisePciAddress } from "./pci-address";

/** VM parameters the provider reads with `vm-list … params=`. */
export type VmParam = "power-state" | "name-label" | "dom-id" | "affinity";

/** `xe pci-*-dom0-access` actions (XCP-ng 8.3 / XenServer 8). */
export type Dom0AccessAction = "disable" | "enable" | "get-status";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * `xe vm-list uuid=U params=<param> --minimal`: one VM parameter; an empty line
 * (not an error) when the VM does not exist.
 *
 * @param vmUuid - the VM's UUID
 * @param param - `power-state`, `name-label` or `dom-id` (`-1` when halted)
 */
export function vmParamArgv(vmUuid: string, param: VmParam): string[] {
  return ["xe", "vm-list", `uuid=${uuid(vmUuid)}`, `params=${param}`, "--minimal"];
}

/**
 * `xe vm-list uuid=U params=affinity,other-config`: a VM's affinity and its
 * printed `other-config` map in one record; no record (not an error) when the
 * VM does not exist. The map is printed without escaping: see
 * `printedMapValue` (xe-output.ts) for when it says exactly what a key holds.
 *
 * @param vmUuid - the VM's UUID
 */
export function vmAffinityAndOtherConfigArgv(vmUuid: string): string[] {
  return ["xe", "vm-list", `uuid=${uuid(vmUuid)}`, "params=affinity,other-config"];
}

/**
 * `xe vm-param-get uuid=U param-name=other-config param-key=pci`: the raw value,
 * or exit 1 with `Key pci not found in map`.
 *
 * @param vmUuid - the VM's UUID
 */
export function getPciKeyArgv(vmUuid: string): string[] {
  return ["xe", "vm-param-get", `uuid=${uuid(vmUuid)}`, "param-name=other-config", "param-key=pci"];
}

/**
 * `xe vm-param-set uuid=U other-config:pci=V`: writes only the `pci` key.
 *
 * @param vmUuid - the VM's UUID
 * @param value - the encoded value (`0/0000:01:00.0,1/…`); must not be empty
 */
export function setPciKeyArgv(vmUuid: string, value: string): string[] {
  if (value === "" || /\s/.test(value)) {
    throw new ValidationError(`building the other-config:pci update: ${JSON.stringify(value)} is not an encoded device list.`, {
      hint: "Encode the devices with encodePciValue.",
    });
  }
  return ["xe", "vm-param-set", `uuid=${uuid(vmUuid)}`, `other-config:pci=${value}`];
}

/**
 * `xe vm-param-remove uuid=U param-name=other-config param-key=pci`: removes only
 * the `pci` key (never `vm-param-clear`, which wipes every key).
 *
 * @param vmUuid - the VM's UUID
 */
export function removePciKeyArgv(vmUuid: string): string[] {
  return ["xe", "vm-param-remove", `uuid=${uuid(vmUuid)}`, "param-name=other-config", "param-key=pci"];
}

/**
 * `xe vm-list` of every guest (dom0 left out) with what the listing needs:
 * one xapi call however many VMs the pool has. Records come back in xapi's
 * field order.
 */
export function listGuestsArgv(): string[] {
  return ["xe", "vm-list", "is-control-domain=false", "params=uuid,name-label,power-state,dom-id,other-config,resident-on,affinity"];
}

/**
 * `xe vm-list uuid=U` with the fields of one VM's exact read (its `pci` key
 * is read apart, with `vm-param-get`): an empty output when no VM has the UUID.
 *
 * @param vmUuid - the VM's UUID
 */
export function vmRecordArgv(vmUuid: string): string[] {
  return ["xe", "vm-list", `uuid=${uuid(vmUuid)}`, "params=uuid,name-label,power-state,dom-id,resident-on,affinity"];
}

/**
 * `xe host-list params=uuid,name-label,chipset-info`: the members of the
 * connected host's pool, and whether each has its IOMMU on (`chipset-info`
 * holds `iommu: true`; xapi has the field since XenServer 6.0).
 */
export function hostListArgv(): string[] {
  return ["xe", "host-list", "params=uuid,name-label,chipset-info"];
}

/** What one `xe vm-param-set` of a VM may change: its affinity, its `pci` key, or both. */
export interface VmParamChanges {
  /** A member's UUID, or `""` to clear the affinity. */
  readonly affinity?: string | undefined;
  /** The encoded `other-config:pci` value; must not be empty. */
  readonly pciValue?: string | undefined;
}

/**
 * One `xe vm-param-set` of the affinity and the `pci` key, in that order. xe
 * applies the parameters one by one and stops at the first that fails, so a
 * failed pin never leaves the key naming this host's devices on a VM that
 * could start elsewhere.
 *
 * @param vmUuid - the VM's UUID
 * @throws RangeError when there is nothing to change
 */
export function setVmParamsArgv(vmUuid: string, changes: VmParamChanges): string[] {
  const affinity = changes.affinity === undefined ? [] : setAffinityArgv(vmUuid, changes.affinity).slice(3);
  const pci = changes.pciValue === undefined ? [] : setPciKeyArgv(vmUuid, changes.pciValue).slice(3);
  if (affinity.length + pci.length === 0) throw new RangeError("setVmParamsArgv needs an affinity or a pci value");
  return ["xe", "vm-param-set", `uuid=${uuid(vmUuid)}`, ...affinity, ...pci];
}

/**
 * `xe vm-param-set uuid=V affinity=H`: the member xapi should start the VM on;
 * `H` empty clears it (xapi's CLI sets the null reference for an empty value).
 *
 * @param vmUuid - the VM's UUID
 * @param hostUuid - a member's UUID, or `""`
 */
export function setAffinityArgv(vmUuid: string, hostUuid: string): string[] {
  return ["xe", "vm-param-set", `uuid=${uuid(vmUuid)}`, `affinity=${hostUuid === "" ? "" : uuid(hostUuid)}`];
}

/**
 * `xe vm-shutdown uuid=U` (clean), or with `--force` for a guest without PV drivers.
 *
 * @param vmUuid - the VM's UUID
 * @param options - `force`: power off without asking the guest
 */
export function vmShutdownArgv(vmUuid: string, options: { force?: boolean } = {}): string[] {
  return ["xe", "vm-shutdown", `uuid=${uuid(vmUuid)}`, ...(options.force === true ? ["--force"] : [])];
}

/**
 * `xe vm-start uuid=U on=<host uuid>`: pinned to this host, because xapi ignores
 * `other-config:pci` when placing a VM and the same BDF means another device elsewhere.
 *
 * @param vmUuid - the VM's UUID
 * @param hostUuid - this host's UUID (`INSTALLATION_UUID` of `/etc/xensource-inventory`)
 */
export function vmStartArgv(vmUuid: string, hostUuid: string): string[] {
  return ["xe", "vm-start", `uuid=${uuid(vmUuid)}`, `on=${uuid(hostUuid)}`];
}

/** What a host's power commands do: `host-disable`, `host-enable`, `host-evacuate`, `host-reboot`. */
export type HostPowerCommand = "host-disable" | "host-enable" | "host-evacuate" | "host-reboot";

/**
 * `xe host-disable|host-enable|host-evacuate|host-reboot uuid=H`: always with
 * the host named (without a selector `host-reboot` acts on every host).
 *
 * @param hostUuid - the host's UUID
 */
export function hostPowerArgv(command: HostPowerCommand, hostUuid: string): string[] {
  return ["xe", command, `uuid=${uuid(hostUuid)}`];
}

/**
 * `xe host-param-get uuid=H param-name=N [param-key=K]`: one field of the host
 * record (`enabled`), or one key of a map field (`other-config` `boot_time`).
 *
 * @param hostUuid - the host's UUID
 */
export function hostParamArgv(hostUuid: string, name: "enabled" | "other-config", key?: "boot_time"): string[] {
  return ["xe", "host-param-get", `uuid=${uuid(hostUuid)}`, `param-name=${name}`, ...(key === undefined ? [] : [`param-key=${key}`])];
}

/** `xe pool-list params=uuid,master,ha-enabled`: the pool's record (one in every pool, a host alone's too): who is master, and HA. */
export function poolRecordArgv(): string[] {
  return ["xe", "pool-list", "params=uuid,master,ha-enabled"];
}

/**
 * `xe host-get-vms-which-prevent-evacuation uuid=H`: one record per VM that
 * `host-evacuate` would refuse to move (XenServer 6.2 onwards), with xapi's reason.
 *
 * @param hostUuid - the host's UUID
 */
export function evacuationBlockersArgv(hostUuid: string): string[] {
  return ["xe", "host-get-vms-which-prevent-evacuation", `uuid=${uuid(hostUuid)}`];
}

/**
 * `xe host-param-set uuid=H other-config:<key>=<value>`: the mark a reboot
 * leaves on the host while it has it disabled (model/host-reboot-plan.ts).
 *
 * @param hostUuid - the host's UUID
 * @param key - the `other-config` key
 * @param value - UUIDs joined with `,` (checked: nothing else reaches xe)
 */
export function setHostOtherConfigArgv(hostUuid: string, key: string, value: string): string[] {
  if (!/^[a-z0-9-]+$/.test(key) || !/^[a-z0-9,-]+$/.test(value)) throw new ValidationError(`Invalid host other-config entry "${key}=${value}": expected lower-case letters, digits, "-" and ",".`);
  return ["xe", "host-param-set", `uuid=${uuid(hostUuid)}`, `other-config:${key}=${value}`];
}

/**
 * `xe host-param-remove uuid=H param-name=other-config param-key=<key>`.
 *
 * @param hostUuid - the host's UUID
 * @param key - the `other-config` key
 */
export function removeHostOtherConfigArgv(hostUuid: string, key: string): string[] {
  if (!/^[a-z0-9-]+$/.test(key)) throw new ValidationError(`Invalid host other-config key "${key}": expected lower-case letters, digits and "-".`);
  return ["xe", "host-param-remove", `uuid=${uuid(hostUuid)}`, "param-name=other-config", `param-key=${key}`];
}

/** `xe pci-list`: the host's PCI devices with their UUIDs (XCP-ng 8.3 / XenServer 8 only). */
export function pciListArgv(): string[] {
  return ["xe", "pci-list"];
}

/**
 * `xe pci-list pci-id=<address> host-uuid=<host> params=uuid --minimal`: the
 * UUID of this host's PCI object at the address, or an empty line. PCI
 * objects are per host: in a pool, the same address on every member has an
 * object of its own, and xapi hides the device in the boot configuration of
 * the object's host.
 *
 * @throws ValidationError when the address or the host UUID is malformed
 */
export function pciUuidArgv(address: string, hostUuid: string): string[] {
  const normalised = normalisePciAddress(address);
  if (normalised === undefined) {
    throw new ValidationError(`building an xe command: ${JSON.stringify(address)} is not a PCI address.`, {
      hint: "Pass a PCI address as BB:DD.F or DDDD:BB:DD.F.",
    });
  }
  return ["xe", "pci-list", `pci-id=${normalised}`, `host-uuid=${uuid(hostUuid)}`, "params=uuid", "--minimal"];
}

/**
 * `xe pci-disable-dom0-access`, `pci-enable-dom0-access` or
 * `pci-get-dom0-access-status` with `uuid=P`: each prints the resulting status
 * (`enabled`, `disable_on_reboot`, `disabled`, `enable_on_reboot`).
 *
 * @param action - `disable`, `enable` or `get-status`
 * @param pciUuid - the PCI object's UUID from `pci-list` (not its address)
 */
export function dom0AccessArgv(action: Dom0AccessAction, pciUuid: string): string[] {
  const command = action === "get-status" ? "pci-get-dom0-access-status" : `pci-${action}-dom0-access`;
  return ["xe", command, `uuid=${uuid(pciUuid)}`];
}

function uuid(value: string): string {
  if (!UUID.test(value)) {
    throw new ValidationError(`building an xe command: ${JSON.stringify(value)} is not a UUID.`, {
      hint: "Pass a UUID as 8-4-4-4-12 hex digits.",
    });
  }
  return value.toLowerCase();
}
