/**
 * `vm-start`, `vm-shutdown`, `vm-reboot`. VMs are chosen by selector
 * parameters (`uuid=`, `vm=`, `name-label=`, any field) among every VM of the
 * pool; dom0 is never chosen. A domain is built on, and destroyed on, one
 * member: the one chosen at start, then the VM's `resident-on`.
 */
import { hiddenByCmdline, readCmdline } from "../../host/cmdline";
import { buildDomain, CannotAddDeviceError, destroyDomain, IommuUnavailableError } from "../../host/domains";
import { memberByUuid, type PoolMember } from "../../host/pool-store";
import type { PowerState, VmState } from "../../host/types";
import { hasFlag, optionalParam, type XeArgs } from "./args";
import type { XeContext } from "./context";
import { apiError, failure, internalError } from "./errors";
import { filterRecords } from "./list-command";
import { hostByUuid } from "./lookup";
import { chooseStartHost } from "./placement";
import { vmHandle, vmRecord } from "./vm-record";

const NOT_SELECTORS = new Set(["on", "force", "vm", "paused", "multiple"]);

/** How a command picks its VMs. */
export interface SelectOptions {
  /** Parameters that are the command's own, not VM selectors. */
  notSelectors?: ReadonlySet<string>;
  /** Whether control domains may be chosen (`vm-migrate`'s `include_control_vms`). */
  includeControlDomains?: boolean;
}

/** The VMs the selector parameters of `args` name, or xe's "No matching VMs found". */
export function selectVms(context: XeContext, args: XeArgs, options: SelectOptions = {}): VmState[] {
  const ignored = options.notSelectors ?? NOT_SELECTORS;
  const guests = context.pool.vms.filter((vm) => options.includeControlDomains === true || !vm.isControlDomain);
  const named = optionalParam(args, "vm");
  const byVm = named === undefined ? guests : guests.filter((vm) => vm.uuid === named || vm.nameLabel === named);
  const selectors = { ...args, params: args.params.filter((p) => !ignored.has(p.key)) };
  const records = byVm.map((vm) => ({ vm, record: vmRecord(context, vm) }));
  const kept = new Set(filterRecords(records.map((r) => r.record), selectors));
  const chosen = records.filter((r) => kept.has(r.record)).map((r) => r.vm);
  if (chosen.length === 0) throw failure("No matching VMs found");
  // unconfirmed: xe's wording when several VMs match without --multiple.
  if (chosen.length > 1 && !args.flags.has("multiple")) throw failure("Multiple matches VMs found. Operation can only be performed on one VM at a time");
  return chosen;
}

/** VM_BAD_POWER_STATE unless `vm` is in one of `allowed` (default `expected`). */
export function requireState(context: XeContext, vm: VmState, expected: PowerState, allowed: readonly PowerState[] = [expected]): void {
  if (!allowed.includes(vm.powerState)) {
    throw apiError(context.facts, "VM_BAD_POWER_STATE", [vmHandle(vm), expected, vm.powerState]);
  }
}

/** The HVM guest without PV drivers: VM_MISSING_PV_DRIVERS on 6.2, VM_LACKS_FEATURE later. */
export function requirePvDrivers(context: XeContext, vm: VmState): void {
  if (vm.hasPvDrivers) return;
  const code = context.facts.sentenceGap === "  " ? "VM_MISSING_PV_DRIVERS" : "VM_LACKS_FEATURE";
  throw apiError(context.facts, code, [vmHandle(vm)]);
}

/** Functions hidden by `member`'s booted command line: they stay with pciback when released. */
function hiddenAtBoot(context: XeContext, member: PoolMember | undefined): Set<string> {
  return member === undefined ? new Set() : hiddenByCmdline(readCmdline(member.dir), context.state.profile);
}

/** The member `vm`'s domain runs on, if it has one. */
export function residentMember(context: XeContext, vm: VmState): PoolMember | undefined {
  return vm.residentOn === "" ? undefined : memberByUuid(context.pool, vm.residentOn);
}

/** Destroys `vm`'s domain on its member. */
export function destroyOnResident(context: XeContext, vm: VmState): void {
  const member = residentMember(context, vm);
  destroyDomain(member?.state, vm, hiddenAtBoot(context, member));
}

/** Builds `vm`'s domain on `member`, mapping xenopsd's refusals to its internal error. */
export function buildOn(context: XeContext, member: PoolMember, vm: VmState, devices?: readonly string[]): void {
  try {
    buildDomain(member.state, context.pool.vms, vm, devices);
  } catch (error) {
    if (error instanceof CannotAddDeviceError || error instanceof IommuUnavailableError) throw internalError(`xenopsd internal error: ${error.message}`);
    throw error;
  }
}

/**
 * `xe vm-start uuid= [on=<host uuid>]`: builds the domain, with the devices of
 * `other-config:pci` taken from the chosen member's functions.
 */
export function vmStart(context: XeContext, args: XeArgs): string {
  const on = optionalParam(args, "on");
  // unconfirmed: xe's CLI resolves `on=` by uuid or name-label and fails with `Host <on> not found`; the simulator keeps UUID_INVALID.
  const pinned = on === undefined ? undefined : (context.pool.members.find((m) => m.state.hostName === on)?.state.hostUuid ?? hostByUuid(context, on).state.hostUuid);
  for (const vm of selectVms(context, args)) {
    requireState(context, vm, "halted");
    buildOn(context, chooseStartHost(context, vm, pinned), vm);
    vm.powerState = "running";
  }
  return "";
}

/** `xe vm-shutdown uuid= [--force]`: a clean shutdown needs PV drivers, a forced one does not. */
export function vmShutdown(context: XeContext, args: XeArgs): string {
  const force = hasFlag(args, "force");
  for (const vm of selectVms(context, args)) {
    if (force) requireState(context, vm, "running", ["running", "paused", "suspended"]);
    else {
      requireState(context, vm, "running");
      requirePvDrivers(context, vm);
    }
    destroyOnResident(context, vm);
    vm.powerState = "halted";
  }
  return "";
}

/**
 * `xe vm-reboot uuid= [--force]`: the new domain, on the same member, gets the
 * devices the old one had, not a fresh reading of `other-config:pci` (why a
 * change needs a cold boot).
 * unconfirmed: xapi may push an added or re-ordered key (not a removal) to
 * xenopsd for the next reboot; the simulator keeps the seed's rule.
 */
export function vmReboot(context: XeContext, args: XeArgs): string {
  const force = hasFlag(args, "force");
  for (const vm of selectVms(context, args)) {
    requireState(context, vm, "running", force ? ["running", "paused"] : ["running"]);
    if (!force) requirePvDrivers(context, vm);
    const devices = [...vm.attachedDevices];
    const member = residentMember(context, vm) ?? context.pool.self;
    destroyOnResident(context, vm);
    buildOn(context, member, vm, devices);
    vm.powerState = "running";
  }
  return "";
}
