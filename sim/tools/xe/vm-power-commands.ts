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
import { applyFilters, filterWords, STANDARD_PARAMS } from "./filters";
import { chooseStartHost } from "./placement";
import { vmRef } from "./refs";
import { vmRecord } from "./vm-record";

/** `vm-start`'s own parameters (`cli_operations.ml` `vm_start`); the others select VMs. */
const START_PARAMS = ["on", "paused", "progress"];
/** `vm-shutdown`'s own parameters (`vm_shutdown`). */
export const SHUTDOWN_PARAMS = ["progress"];

/** How a command picks its VMs. */
export interface SelectOptions {
  /** Parameters that are the command's own, not VM selectors (besides the standard ones). */
  ownParams?: readonly string[];
  /** Whether control domains may be chosen (`vm-migrate`'s `include_control_vms`). */
  includeControlDomains?: boolean;
}

/** The words without the first `vm=` (the CLI's `List.remove_assoc`). */
function withoutFirstVm(words: XeArgs["words"]): XeArgs["words"] {
  const index = words.findIndex((w) => w.key === "vm");
  return index < 0 ? [...words] : [...words.slice(0, index), ...words.slice(index + 1)];
}

/**
 * The VMs the selector words of `args` name (xen-api `cli_operations.ml`
 * `select_vms`, `do_vm_op`): the first `vm=` by uuid or name-label, then
 * every other word but the standard parameters and the command's own as a
 * record filter (`filters.ts`: an unknown field fails); dom0 only when the
 * command allows control domains. None is xe's "No matching VMs found".
 */
export function selectVms(context: XeContext, args: XeArgs, options: SelectOptions = {}): VmState[] {
  const guests = context.pool.vms.filter((vm) => options.includeControlDomains === true || !vm.isControlDomain);
  const named = args.words.find((w) => w.key === "vm")?.value;
  const byVm = named === undefined ? guests : guests.filter((vm) => vm.uuid === named || vm.nameLabel === named);
  const selectors = filterWords(withoutFirstVm(args.words), [...STANDARD_PARAMS, ...(options.ownParams ?? [])]);
  const records = byVm.map((vm) => ({ vm, record: vmRecord(context, vm) }));
  const kept = new Set(applyFilters(records.map((r) => r.record), selectors));
  const chosen = records.filter((r) => kept.has(r.record)).map((r) => r.vm);
  if (chosen.length === 0) throw failure("No matching VMs found");
  if (chosen.length > 1 && !hasFlag(args, "multiple")) throw failure("Multiple matches VMs found. --multiple required to complete the operation");
  return chosen;
}

/** VM_BAD_POWER_STATE unless `vm` is in one of `allowed` (default `expected`). */
export function requireState(context: XeContext, vm: VmState, expected: PowerState, allowed: readonly PowerState[] = [expected]): void {
  if (!allowed.includes(vm.powerState)) {
    throw apiError(context.facts, "VM_BAD_POWER_STATE", [vmRef(vm), expected, vm.powerState]);
  }
}

/** The HVM guest without PV drivers: VM_MISSING_PV_DRIVERS on 6.2, VM_LACKS_FEATURE later. */
export function requirePvDrivers(context: XeContext, vm: VmState): void {
  if (vm.hasPvDrivers) return;
  const code = context.facts.sentenceGap === "  " ? "VM_MISSING_PV_DRIVERS" : "VM_LACKS_FEATURE";
  throw apiError(context.facts, code, [vmRef(vm)]);
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
    if (error instanceof CannotAddDeviceError || error instanceof IommuUnavailableError) throw internalError(context.facts, `xenopsd internal error: ${error.message}`);
    throw error;
  }
}

/** The CLI's `get_host_by_name_or_id`: the first host whose name-label or uuid is `name`, or `Host <name> not found`. */
export function hostByNameOrId(context: XeContext, name: string): PoolMember {
  const member = context.pool.members.find((m) => m.state.hostName === name || m.state.hostUuid === name);
  if (member === undefined) throw failure(`Host ${name} not found`);
  return member;
}

/**
 * Starts halted `vm` on `on`, or where xapi places it (`placement.ts`): the
 * domain is built with the devices of `other-config:pci` taken from the
 * chosen member's functions. `from` is the power state the operation needs
 * (`suspended` for a resume, which places the VM the same way).
 * unconfirmed: a resumed domain gets the devices of `other-config:pci` as a
 * start does; xenopsd restores the suspended domain's own (a suspended VM
 * never had devices with a PCI object: xapi refuses to suspend it).
 */
export function startVm(context: XeContext, vm: VmState, on: PoolMember | undefined, from: PowerState = "halted"): void {
  requireState(context, vm, from);
  buildOn(context, chooseStartHost(context, vm, on), vm);
  vm.powerState = "running";
}

/** The host of `on=`, if given (`get_host_by_name_or_id`). */
export function onParam(context: XeContext, args: XeArgs): PoolMember | undefined {
  const name = optionalParam(args, "on");
  return name === undefined ? undefined : hostByNameOrId(context, name);
}

/** `xe vm-start <selectors> [on=<host uuid or name-label>]`. */
export function vmStart(context: XeContext, args: XeArgs): string {
  const on = onParam(context, args);
  for (const vm of selectVms(context, args, { ownParams: START_PARAMS })) startVm(context, vm, on);
  return "";
}

/** `xe vm-shutdown uuid= [--force]`: a clean shutdown needs PV drivers, a forced one does not. */
export function vmShutdown(context: XeContext, args: XeArgs): string {
  const force = hasFlag(args, "force");
  for (const vm of selectVms(context, args, { ownParams: SHUTDOWN_PARAMS })) {
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
