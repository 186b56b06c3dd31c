/**
 * Where a simulated pool keeps its files: `POOL/pool.json` names the member
 * directories (`POOL/host-<i>`, each a whole simulated host), `POOL/pool.lock`
 * is the one lock of the pool database, and each member holds
 * `pool-member.json` pointing back at its pool. A single host has none of
 * these files, which is how every tool tells the two apart.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { hostFiles } from "./files";

/** `POOL/pool.json`. */
export interface PoolManifest {
  /** Member directories relative to the pool directory, member 0 (the master) first. */
  members: string[];
}

/** `DIR/pool-member.json` of a pool member. */
export interface PoolMembership {
  /** Absolute pool directory. */
  pool: string;
  index: number;
}

/** Absolute paths of a simulated pool's own files in `poolDir`. */
export interface PoolFiles {
  readonly dir: string;
  readonly manifest: string;
  readonly lock: string;
}

/** Computes the paths of the pool living in `poolDir`. */
export function poolFiles(poolDir: string): PoolFiles {
  const root = path.resolve(poolDir);
  return { dir: root, manifest: path.join(root, "pool.json"), lock: path.join(root, "pool.lock") };
}

/** Directory name of member `index` inside its pool directory. */
export function memberDirName(index: number): string {
  return `host-${index}`;
}

/** The pointer file a member keeps to its pool. */
export function membershipFile(dir: string): string {
  return path.join(path.resolve(dir), "pool-member.json");
}

/** Whether `dir` holds a simulated pool (rather than a single host). */
export function isPoolDir(dir: string): boolean {
  return fs.existsSync(poolFiles(dir).manifest);
}

/** The member directories of the pool in `poolDir`, absolute, master first. */
export function readPoolMembers(poolDir: string): string[] {
  const files = poolFiles(poolDir);
  const manifest = JSON.parse(fs.readFileSync(files.manifest, "utf8")) as PoolManifest;
  return manifest.members.map((member) => path.join(files.dir, member));
}

/** The pool `dir` is a member of, or undefined for a single host. */
export function readMembership(dir: string): PoolMembership | undefined {
  let text: string;
  try {
    text = fs.readFileSync(membershipFile(dir), "utf8");
  } catch {
    return undefined;
  }
  return JSON.parse(text) as PoolMembership;
}

/** The lock guarding `dir`'s state: the pool's for a member (one database), the host's own otherwise. */
export function stateLockFile(dir: string): string {
  const membership = readMembership(dir);
  return membership === undefined ? hostFiles(dir).lock : poolFiles(membership.pool).lock;
}
