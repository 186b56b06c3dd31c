/**
 * How xapi clears a host it shuts down (xen-api `vm_evacuation.ml`
 * `ensure_no_vms`, run by `prepare_for_poweroff`; on 6.2 the init script's
 * `shutdown` program, `scripts/examples/python/shutdown.py`): the guests that
 * cannot move get a clean shutdown, those still running at the deadline a
 * hard one; then the host is evacuated; whatever still runs is shut down.
 * On a single host nothing can move (NO_HOSTS_AVAILABLE), so every guest is
 * shut down.
 */
import type { LoadedPool, PoolMember } from "../host/pool-store";
import type { VmState } from "../host/types";
import { contextOf, type XeContext } from "../tools/xe/context";
import { XeError } from "../tools/xe/errors";
import { blockedGuests, planEvacuation, residentGuests } from "../tools/xe/evacuation";
import { migrateTo } from "../tools/xe/vm-migrate";
import { destroyOnResident } from "../tools/xe/vm-power-commands";

/**
 * Whether a clean shutdown of `vm` ends: a running guest with PV drivers.
 * unconfirmed: whether xapi even asks a guest without PV drivers (or a
 * paused one) to shut down cleanly; either way it is still running when the
 * deadline passes and gets the hard shutdown, which the simulator makes wait
 * for the deadline.
 */
function shutsDownCleanly(vm: VmState): boolean {
  return vm.powerState === "running" && vm.hasPvDrivers;
}

function halt(context: XeContext, vm: VmState): void {
  destroyOnResident(context, vm);
  vm.powerState = "halted";
}

/**
 * The first step, when the shutdown begins: every guest that cannot move is
 * asked to shut down cleanly. Returns the guests still running, which get a
 * hard shutdown once the deadline passed ({@link finishClearing}); when none
 * is left the caller finishes at once.
 */
export function shutDownBlocked(pool: LoadedPool, member: PoolMember): VmState[] {
  const context = contextOf(pool, member);
  const blocked = blockedGuests(planEvacuation(context, member));
  for (const vm of blocked) if (shutsDownCleanly(vm)) halt(context, vm);
  return blocked.filter((vm) => vm.domId >= 0);
}

/** A migration that fails (xenopsd cannot plug a device on the target) leaves the guest for the final shutdown. */
function migrateOrHalt(context: XeContext, vm: VmState, target: PoolMember): void {
  try {
    migrateTo(context, vm, target);
  } catch (error) {
    if (!(error instanceof XeError)) throw error;
    halt(context, vm);
  }
}

/**
 * The rest, after the deadline: a hard shutdown of the guests that still
 * cannot move, the evacuation of the others to the other enabled members,
 * then a shutdown of anything still resident (nothing, normally). Later
 * versions than 6.2 set `host_disabled_until_reboot` here, at the end of
 * `prepare_for_poweroff`.
 * unconfirmed: a guest left after the evacuation would get a clean shutdown
 * with its own deadline; the simulator halts it at once.
 */
export function finishClearing(pool: LoadedPool, member: PoolMember): void {
  const context = contextOf(pool, member);
  for (const step of planEvacuation(context, member)) {
    if (step.target === undefined) halt(context, step.vm);
    else migrateOrHalt(context, step.vm, step.target);
  }
  for (const vm of residentGuests(context, member)) halt(context, vm);
  if (!context.facts.disablesUntilRebootAtOnce) member.state.disabledUntilReboot = true;
}
