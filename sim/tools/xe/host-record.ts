/** The CLI record of a host (one per pool member). */
import type { HostState } from "../../host/types";
import { mapField, mapOps, roField, roMapField, type Field } from "./fields";

/** Fields `xe host-list` shows without `params=`. */
export const HOST_DEFAULT_FIELDS = ["uuid", "name-label", "name-description"] as const;

/**
 * The record of the host whose state is `state`, member `index` of its pool,
 * its fields in the order of xen-api's CLI record (`records.ml`
 * `host_record`, the same in tag XS62), of which the simulator keeps a few.
 * `enabled` is false from `host-disable` until `host-enable` or the end of a
 * boot. `other-config` (MRW) holds what xapi writes at each start,
 * `agent_start_time` and `boot_time`. `chipset-info` is xapi's map of
 * chipset features, `iommu: true|false` (`create_misc.ml`
 * `create_chipset_info`), read-only.
 * unconfirmed: the addresses are the simulator's (192.168.1.10 for the master,
 * then one more per member).
 */
export function hostRecord(state: HostState, index = 0): Field[] {
  return [
    roField("uuid", () => state.hostUuid),
    { name: "name-label", access: " RW", get: () => state.hostName, set: (v) => { state.hostName = v; } },
    { name: "name-description", access: " RW", get: () => "Default install" },
    roField("enabled", () => String(state.enabled)),
    mapField("other-config", "MRW", mapOps(() => state.otherConfig, (m) => { state.otherConfig = m; })),
    roMapField("chipset-info", () => ({ iommu: String(state.iommu) })),
    roField("hostname", () => state.hostName),
    roField("address", () => `192.168.1.${10 + index}`),
  ];
}
