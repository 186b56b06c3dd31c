/** The pool object of a simulated xapi database (`xe pool-list`). */
import type { PoolObjectState } from "./types";
import { stableUuid } from "./uuid";

/**
 * The pool object of a pool (or single host) whose master is `masterUuid`:
 * a fixed uuid, an empty name as xapi creates it, no `other-config`, HA as
 * the inventory says (default off).
 * unconfirmed: the `other-config` keys a fresh pool has; the simulator starts with none.
 */
export function newPoolObject(masterUuid: string, haEnabled = false): PoolObjectState {
  return { uuid: stableUuid(`${masterUuid}/pool`), nameLabel: "", nameDescription: "", otherConfig: {}, haEnabled };
}
