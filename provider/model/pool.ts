/**
 * Naming pool members for people: outputs and messages show a member's
 * name-label, never a bare reference. Pure.
 */
import type { PoolView } from "./host-state";

/** The name-label of member `uuid`; `""` for no member, the UUID itself for one the view does not list. */
export function memberName(pool: PoolView, uuid: string): string {
  if (uuid === "") return "";
  return pool.members.find((member) => member.uuid === uuid)?.nameLabel ?? uuid;
}

/** Whether the connected host's IOMMU is on; a host whose xapi does not say counts as on. */
export function iommuEnabledOf(pool: PoolView): boolean {
  return pool.members.find((member) => member.uuid === pool.hostUuid)?.iommu !== false;
}
