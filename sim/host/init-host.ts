/** Creates a simulated XenServer host in a directory. */
import * as fs from "node:fs";
import { defaultInventory } from "./default-inventory";
import { rebootTimings, type RebootTimings } from "./host-config";
import { BOOT_DISK_ADDRESS, initMembers } from "./init-members";
import { DEFAULT_HOST_MEMORY_MIB } from "./memory";
import { membershipFile, poolFiles } from "./pool-files";
import type { Inventory, Profile } from "./types";
import { resetXapiDir, xapiDirOf } from "./xapi-files";

export { BOOT_DISK_ADDRESS } from "./init-members";

/** Options of `initHost`. */
export interface InitHostOptions {
  profile: Profile;
  /** Default: the seed's machine (`defaultInventory(profile)`). */
  inventory?: Inventory;
  /** Default 0. */
  xeLatencyMs?: number;
  /** Default: `DEFAULT_REBOOT_TIMINGS` for each one left out. */
  rebootTimings?: Partial<RebootTimings>;
  /** Default: a fixed uuid, so that outputs are reproducible. */
  hostUuid?: string;
}

/** Host uuid of a simulated host created without one. */
export const DEFAULT_HOST_UUID = "5f0c7a3e-2b9d-4e61-a8f4-1d6c93b0e27a";
/** Host name of every simulated single host. */
export const SIM_HOST_NAME = "xenserver-home";

/**
 * Creates the simulated host in `dir` (see design.md "The simulated host"):
 * state, boot config, /proc/cmdline, sysfs, inventory, tool wrappers and the
 * remote PATH. Running and paused VMs get domains as if started. Anything the
 * host module created there before is replaced (a pool's files too); other
 * files in `dir` stay. Call it before the SSH side bind-mounts the files:
 * re-initialising a mounted host replaces the directories under the mounts.
 */
export function initHost(dir: string, options: InitHostOptions): void {
  // A former pool or pool member in this directory would make the tools look for the pool.
  fs.rmSync(poolFiles(dir).manifest, { force: true });
  fs.rmSync(membershipFile(dir), { force: true });
  const inventory = options.inventory ?? defaultInventory(options.profile);
  const xapiDir = xapiDirOf(dir);
  resetXapiDir(xapiDir);
  const member = {
    dir,
    hostUuid: options.hostUuid ?? DEFAULT_HOST_UUID,
    hostName: SIM_HOST_NAME,
    pcis: inventory.pcis,
    iommu: inventory.host?.iommu ?? true,
    bootDisk: inventory.bootDisk ?? BOOT_DISK_ADDRESS,
    memoryMiB: inventory.host?.memoryMiB ?? DEFAULT_HOST_MEMORY_MIB,
  };
  initMembers([member], inventory.vms, {
    profile: options.profile,
    xeLatencyMs: options.xeLatencyMs ?? 0,
    reboot: rebootTimings(options.rebootTimings),
    what: "host",
    xapiDir,
    haEnabled: inventory.haEnabled ?? false,
  });
}
