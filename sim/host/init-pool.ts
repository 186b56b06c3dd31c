/** Creates a simulated pool: member hosts in `POOL/host-<i>` sharing one database. */
import * as fs from "node:fs";
import * as path from "node:path";
import { defaultInventory } from "./default-inventory";
import { hostFiles } from "./files";
import { rebootTimings, type RebootTimings } from "./host-config";
import { BOOT_DISK_ADDRESS, initMembers, type MemberSpec } from "./init-members";
import { DEFAULT_HOST_MEMORY_MIB } from "./memory";
import { memberDirName, membershipFile, poolFiles, type PoolManifest, type PoolMembership } from "./pool-files";
import type { PoolInventory, Profile } from "./types";
import { stableUuid } from "./uuid";
import { resetXapiDir, xapiDirOf } from "./xapi-files";

/** Options of `initPool`. */
export interface InitPoolOptions {
  profile: Profile;
  /** Number of members, at least 1. */
  size: number;
  /** Default: the seed's VMs on member 0 and the seed's functions on every member. */
  inventory?: PoolInventory;
  /** Default 0; applies to every member. */
  xeLatencyMs?: number;
  /** Default: `DEFAULT_REBOOT_TIMINGS` for each one left out; applies to every member. */
  rebootTimings?: Partial<RebootTimings>;
}

/** Host uuid of pool member `index`: fixed, so that outputs are reproducible. */
export function poolHostUuid(index: number): string {
  return stableUuid(`sim-pool/host-${index}`);
}

/**
 * Host name-label of pool member `index` when the inventory gives none.
 * unconfirmed: the naming is the simulator's; a pool's hosts have any names.
 */
export function poolHostName(index: number): string {
  return `xenserver-home-${index}`;
}

function memberSpecs(poolDir: string, options: InitPoolOptions): MemberSpec[] {
  const { size, inventory } = options;
  if (!Number.isInteger(size) || size < 1) throw new Error(`Unable to create the simulated pool: its size must be a whole number of members, at least 1, not ${String(size)}.`);
  const hosts = inventory?.hosts;
  if (hosts !== undefined && hosts.length !== size) {
    throw new Error(`Unable to create the simulated pool: the inventory describes ${hosts.length} host${hosts.length === 1 ? "" : "s"} but the pool has ${size} member${size === 1 ? "" : "s"}; give one hosts[] entry per member.`);
  }
  const pcis = inventory?.pcis ?? defaultInventory(options.profile).pcis;
  return Array.from({ length: size }, (_, index) => ({
    dir: path.join(poolDir, memberDirName(index)),
    hostUuid: poolHostUuid(index),
    hostName: hosts?.[index]?.nameLabel ?? poolHostName(index),
    pcis: hosts?.[index]?.pcis ?? pcis,
    iommu: hosts?.[index]?.iommu ?? inventory?.host?.iommu ?? true,
    bootDisk: hosts?.[index]?.bootDisk ?? inventory?.bootDisk ?? BOOT_DISK_ADDRESS,
    memoryMiB: hosts?.[index]?.memoryMiB ?? inventory?.host?.memoryMiB ?? DEFAULT_HOST_MEMORY_MIB,
  }));
}

/**
 * Creates the pool in `poolDir`: one whole simulated host per member (its own
 * state, boot config, cmdline, sysfs, xenstore, inventory file with its own
 * INSTALLATION_UUID), the database in the master's state, then the manifest
 * and each member's pointer to the pool. A single host's files in `poolDir`
 * itself are removed; other files stay.
 */
export function initPool(poolDir: string, options: InitPoolOptions): string[] {
  const files = poolFiles(poolDir);
  fs.mkdirSync(files.dir, { recursive: true });
  for (const old of [files.manifest, files.lock, hostFiles(files.dir).state, hostFiles(files.dir).lock]) fs.rmSync(old, { force: true });
  const specs = memberSpecs(files.dir, options);
  for (const spec of specs) fs.rmSync(membershipFile(spec.dir), { force: true });
  const vms = options.inventory?.vms ?? defaultInventory(options.profile).vms;
  const xapiDir = xapiDirOf(files.dir);
  resetXapiDir(xapiDir);
  initMembers(specs, vms, {
    profile: options.profile,
    xeLatencyMs: options.xeLatencyMs ?? 0,
    reboot: rebootTimings(options.rebootTimings),
    what: "pool",
    xapiDir,
    haEnabled: options.inventory?.haEnabled ?? false,
  });
  specs.forEach((spec, index) => {
    const membership: PoolMembership = { pool: files.dir, index };
    fs.writeFileSync(membershipFile(spec.dir), `${JSON.stringify(membership)}\n`);
  });
  const manifest: PoolManifest = { members: specs.map((spec) => path.basename(spec.dir)) };
  fs.writeFileSync(files.manifest, `${JSON.stringify(manifest)}\n`);
  return specs.map((spec) => spec.dir);
}
