/**
 * The connected host in its pool, read with the VMs: its own UUID (from
 * `/etc/xensource-inventory`) and every member (`xe host-list`). In a pool
 * `xe` on any member answers for the whole pool, while domain ids, xenstore
 * and PCI functions are the connected host's own: what a VM has attached can
 * be read here only when it runs here (docs/host-facts.md#pools).
 */
import { HostStateError } from "../../errors";
import type { PoolMember, PoolView } from "../../model/host-state";
import { hostUuidOf, readHostInventory } from "../../model/inventory";
import { xapiIntBits } from "../../model/ocaml-int";
import { parseMap, parseRecords } from "../../model/xe-output";
import type { CommandResult } from "../../remote/ssh";

/** How xe prints a null host reference (a halted VM's `resident-on`, no `affinity`). */
const NOT_IN_DATABASE = "<not in database>";

/** A host reference as xe prints it, as a lower-case UUID or `""` for none. */
export function hostRefOf(printed: string | undefined): string {
  const value = (printed ?? "").trim();
  return value === "" || value === NOT_IN_DATABASE ? "" : value.toLowerCase();
}

/** `chipset-info`'s `iommu` as a boolean; `undefined` when the map does not hold it. */
function iommuOf(chipsetInfo: string | undefined): boolean | undefined {
  const value = parseMap((chipsetInfo ?? "").trim()).iommu;
  return value === "true" ? true : value === "false" ? false : undefined;
}

/**
 * The pool view from the results of `cat /etc/xensource-inventory` and
 * `xe host-list` (whose exit status the pool part checked:
 * vm-listing.ts `poolPartFrom`).
 *
 * @param host - host name, for messages
 * @throws HostStateError `HOST_UUID_UNKNOWN` when the inventory names no host
 */
export function poolViewFrom(host: string, inventory: CommandResult, hosts: CommandResult): PoolView {
  const hostUuid = inventory.exitCode === 0 ? hostUuidOf(inventory.stdout) : "";
  if (hostUuid === "") {
    throw new HostStateError("HOST_UUID_UNKNOWN", `/etc/xensource-inventory on ${host} names no INSTALLATION_UUID, so the host cannot be told apart from the other members of its pool.`, {
      hint: "Point connection.host at a XenServer or XCP-ng dom0 (`cat /etc/xensource-inventory` there lists INSTALLATION_UUID).",
    });
  }
  const members: PoolMember[] = parseRecords(hosts.stdout).map((record) => ({
    uuid: (record.uuid ?? "").toLowerCase(),
    nameLabel: record["name-label"] ?? "",
    iommu: iommuOf(record["chipset-info"]),
  }));
  return { hostUuid, members, xapiIntBits: xapiIntBits(readHostInventory(inventory.stdout).productVersion) };
}
