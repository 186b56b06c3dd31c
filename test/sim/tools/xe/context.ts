/** What every xe command gets: the host state (mutable, under the lock) and its host directory. */
import type { ProfileFacts } from "../../host/profiles";
import type { HostState } from "../../host/types";

/** The environment of one xe command. */
export interface XeContext {
  dir: string;
  state: HostState;
  facts: ProfileFacts;
}
