/**
 * The bind mounts that make the simulated host's files appear at the real
 * paths inside the SSH side's private mount namespace.
 */
import * as path from "node:path";
import { hostFiles } from "./files";

/** One bind mount: `source` inside the host directory, `target` the real path it covers. */
export interface SimMount {
  source: string;
  target: string;
}

/**
 * Lists the bind mounts of the simulated host in `dir`, parents before
 * children, so the SSH side mounts them in this order and hard-codes none.
 */
export function simMounts(dir: string): SimMount[] {
  const files = hostFiles(dir);
  const at = (relative: string): SimMount => ({
    source: path.join(files.root, relative),
    target: `/${relative}`,
  });
  return [
    at("boot"),
    at("opt/xensource"),
    at("etc/xensource-inventory"),
    at("proc/cmdline"),
    at("sys/bus/pci/devices"),
    at("sys/bus/pci/drivers"),
    at("sys/dev"),
    at("sys/devices"),
  ];
}
