/** The CLI record of the pool object (`xe pool-list`). */
import type { XeContext } from "./context";
import { mapField, mapOps, roField, type Field } from "./fields";

/** Fields `xe pool-list` shows without `params=` (xen-api `cli_operations.ml` `gen_cmds`). */
export const POOL_DEFAULT_FIELDS = ["uuid", "name-label", "name-description", "master", "default-SR"] as const;

/**
 * The pool's record, its fields in the order of xen-api's CLI record
 * (`records.ml` `pool_record`, the same in tag XS62), of which the simulator
 * keeps a few: `master` is member 0's uuid; `other-config` (MRW) is where
 * `auto_poweron: true` lets booting hosts start VMs; `ha-enabled` (RO,
 * right after `other-config` there too) is `true` or `false`.
 */
export function poolRecord(context: XeContext): Field[] {
  const pool = context.pool.poolObject;
  return [
    roField("uuid", () => pool.uuid),
    { name: "name-label", access: " RW", get: () => pool.nameLabel, set: (v) => { pool.nameLabel = v; } },
    { name: "name-description", access: " RW", get: () => pool.nameDescription, set: (v) => { pool.nameDescription = v; } },
    roField("master", () => context.pool.members[0]?.state.hostUuid ?? ""),
    mapField("other-config", "MRW", mapOps(() => pool.otherConfig, (m) => { pool.otherConfig = m; })),
    roField("ha-enabled", () => String(pool.haEnabled)),
  ];
}
