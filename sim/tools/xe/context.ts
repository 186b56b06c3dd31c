/** What every xe command gets: the pool it acts on (mutable, under the lock) and the member it runs on. */
import { PROFILE_FACTS, type ProfileFacts } from "../../host/profiles";
import type { LoadedPool, PoolMember } from "../../host/pool-store";
import type { HostState } from "../../host/types";

/** The environment of one xe command. */
export interface XeContext {
  /** The directory of the member xe runs on. */
  dir: string;
  /** That member's state. The pool's VMs are in `pool.vms`, not here. */
  state: HostState;
  facts: ProfileFacts;
  /** The whole pool: xe on any member sees and acts on every member (one database). */
  pool: LoadedPool;
}

/** The same command environment, moved to `member` (xapi forwards some calls to the object's own host). */
export function onMember(context: XeContext, member: PoolMember): XeContext {
  return { ...context, dir: member.dir, state: member.state };
}

/** The command environment of `member` of `pool`, for xapi's own work (a boot, a shutdown) rather than a user's xe call. */
export function contextOf(pool: LoadedPool, member: PoolMember): XeContext {
  return { dir: member.dir, state: member.state, facts: PROFILE_FACTS[member.state.profile], pool };
}
