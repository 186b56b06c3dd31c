/**
 * Where xapi starts a VM in a pool. xapi's placement ignores
 * `other-config:pci` (xen-api `xapi_vm_helpers.ml`): `on=<host>` pins a
 * start, which fails with the host's refusal (`message_forwarding.ml`
 * `VM.start_on` → `reserve_memory_for_vm` → `assert_can_boot_here`:
 * HOST_DISABLED, VM_REQUIRES_SR, HOST_NOT_ENOUGH_FREE_MEMORY). Otherwise
 * (`choose_host_for_vm_no_wlb`) the hosts that can boot the VM with its
 * memory are the candidates, the affinity host first; when none has the
 * memory, those that could boot it but for memory are (and the start then
 * fails on memory); when none is left, the start fails with
 * NO_HOSTS_AVAILABLE, raised without parameters, and the CLI first prints
 * its per-host report (`cli_operations.ml` `hook_no_hosts_available`,
 * `print_vm_host_report`, `print_assert_exception`; the same text in tags
 * XS62, v1.249.42 and v26.1.4). The autostart step starts VMs through the
 * same rules.
 */
import { xapiAnswers } from "../../host/host-power";
import type { PoolMember } from "../../host/pool-store";
import type { VmState } from "../../host/types";
import { bootRefusal, memoryRefusal, refusalError, type BootRefusal } from "./boot-checks";
import type { XeContext } from "./context";
import { apiError, withStdout } from "./errors";
import { printTable } from "./record-printer";

function runningGuestsOn(context: XeContext, member: PoolMember): number {
  return context.pool.vms.filter((vm) => !vm.isControlDomain && vm.domId >= 0 && vm.residentOn === member.state.hostUuid).length;
}

/**
 * Among `candidates`, `vm`'s affinity host, else the one running the fewest
 * guests, the lowest index first.
 * unconfirmed: xapi's own choice without affinity is a biased random pick
 * weighing free memory (`xapi_vm_placement.ml` `select_host`); the
 * simulator's fewest-guests rule only makes the choice predictable.
 */
export function preferredMember(context: XeContext, vm: VmState, candidates: readonly PoolMember[]): PoolMember | undefined {
  const affine = candidates.find((m) => vm.affinity !== "" && m.state.hostUuid === vm.affinity);
  if (affine !== undefined) return affine;
  const counts = candidates.map((member) => ({ member, running: runningGuestsOn(context, member) }));
  const fewest = Math.min(...counts.map((c) => c.running));
  return counts.find((c) => c.running === fewest)?.member;
}

/** Whether `member`'s xapi answers: a member whose dom0 is down or booting is not `live`. */
function answers(member: PoolMember): boolean {
  return xapiAnswers(member.state.power.phase);
}

/** `print_assert_exception`: the words the per-host report gives a refusal. */
function refusalWords(refusal: BootRefusal): string {
  switch (refusal.code) {
    case "HOST_DISABLED":
      return "Host disabled (use 'xe host-enable' to re-enable)";
    case "VM_REQUIRES_SR": {
      const sr = refusal.values[1];
      return `VM requires access to SR: ${typeof sr === "string" ? sr : (sr?.printed ?? "<server did not provide reference>")}`;
    }
    case "HOST_NOT_ENOUGH_FREE_MEMORY":
      return "Not enough free memory";
  }
}

/**
 * What vm-start prints on stdout before NO_HOSTS_AVAILABLE: two lines and an
 * empty one, then one record of every host's name-label and `OK` or `Cannot
 * start here [<why>]` (`VM.assert_can_boot_here`, memory checked).
 */
export function noHostsReport(context: XeContext, vm: VmState): string {
  const intro = ["There are no suitable hosts to start this VM on.", "The following table provides per-host reasons for why the VM could not be started:", ""];
  const rows = context.pool.members.map((member) => {
    const refusal = bootRefusal(context, vm, member, { memory: true });
    return [member.state.hostName, refusal === undefined ? "OK" : `Cannot start here [${refusalWords(refusal)}]`] as const;
  });
  return `${intro.map((line) => `${line}\n`).join("")}${printTable(rows)}`;
}

/**
 * The member `vm` starts on: `on` (already resolved by the CLI) if it can
 * boot the VM there, else its refusal; without `on`, the preferred candidate
 * as the module comment says, else NO_HOSTS_AVAILABLE with the per-host
 * report on stdout. A member chosen without its memory fails the start with
 * HOST_NOT_ENOUGH_FREE_MEMORY (squeezed's `Cannot_free_this_much_memory`,
 * `xapi_xenops.ml`), raised here too.
 */
export function chooseStartHost(context: XeContext, vm: VmState, on: PoolMember | undefined): PoolMember {
  const chosen = on ?? placeWithoutPin(context, vm);
  const refusal = bootRefusal(context, vm, chosen, { memory: true });
  if (refusal !== undefined) throw refusalError(context, refusal);
  return chosen;
}

function placeWithoutPin(context: XeContext, vm: VmState): PoolMember {
  const live = context.pool.members.filter(answers);
  const fitting = live.filter((m) => bootRefusal(context, vm, m, { memory: true }) === undefined);
  const anyMemory = live.filter((m) => bootRefusal(context, vm, m, { memory: false }) === undefined);
  const chosen = preferredMember(context, vm, fitting.length > 0 ? fitting : anyMemory);
  if (chosen === undefined) throw withStdout(apiError(context.facts, "NO_HOSTS_AVAILABLE", []), noHostsReport(context, vm));
  const short = memoryRefusal(context, vm, chosen);
  if (short !== undefined) throw refusalError(context, short);
  return chosen;
}
