/**
 * The sysfs chain that names the controller of dom0's root disk:
 * `/sys/dev/block/<maj>:<min>` (the device number of this machine's `/`, which
 * is what `stat -c %d /` reports inside the sim too) links to
 * `/sys/devices/pci<dddd>:00/<boot disk>/host0/…/block/sda/sda1`.
 * unconfirmed: a controller on a bus other than 00 sits behind a bridge whose
 * directory would come first in the path; the simulator puts every boot disk
 * controller directly under its root bus.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { hostFiles } from "./files";
import { replaceSymlink } from "./symlink";

/** Major and minor number of a `st_dev` as glibc's `major()`/`minor()` split it. */
export function splitDeviceNumber(dev: number | bigint): { major: number; minor: number } {
  const d = BigInt(dev);
  const major = ((d & 0xfff00n) >> 8n) | ((d & 0xfffff00000000000n) >> 32n);
  const minor = (d & 0xffn) | ((d & 0xffffff00000n) >> 12n);
  return { major: Number(major), minor: Number(minor) };
}

/** The partition's path below `/sys/devices` when `bootDisk` holds the root disk. */
export function rootPartitionPath(bootDisk: string): string {
  const rootBus = `pci${bootDisk.slice(0, 4)}:00`;
  return path.join(rootBus, bootDisk, "host0", "target0:0:0", "0:0:0:0", "block", "sda", "sda1");
}

/**
 * Writes the chain through `bootDisk`, replacing any earlier one (a boot disk
 * moved while the host was off). The directories that are bind mounts in
 * sshd's namespace (`/sys/devices`, `/sys/dev`) stay; only their content changes.
 */
export function writeRootDiskChain(dir: string, bootDisk: string): void {
  const files = hostFiles(dir);
  const { major, minor } = splitDeviceNumber(fs.statSync("/", { bigint: true }).dev);
  const partition = rootPartitionPath(bootDisk);
  fs.mkdirSync(files.sysDevices, { recursive: true });
  for (const entry of fs.readdirSync(files.sysDevices)) {
    if (entry.startsWith("pci")) fs.rmSync(path.join(files.sysDevices, entry), { recursive: true, force: true });
  }
  const partitionDir = path.join(files.sysDevices, partition);
  fs.mkdirSync(partitionDir, { recursive: true });
  fs.writeFileSync(path.join(partitionDir, "dev"), `${major}:${minor}\n`);
  fs.mkdirSync(files.sysDevBlock, { recursive: true });
  replaceSymlink(path.join("..", "..", "devices", partition), path.join(files.sysDevBlock, `${major}:${minor}`));
}
