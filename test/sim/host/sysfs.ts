/**
 * The simulated sysfs: `/sys/bus/pci/devices/<bdf>/{vendor,device,class,driver}`,
 * the driver directories, and the `/sys/dev/block/<maj>:<min>` link that names
 * the controller holding dom0's root filesystem.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { hostFiles } from "./files";
import type { PciState } from "./types";

/** Driver name of every hidden or passed-through function, on every kernel. */
export const PCIBACK_DRIVER = "pciback";

/** Major and minor number of a `st_dev` as glibc's `major()`/`minor()` split it. */
export function splitDeviceNumber(dev: number | bigint): { major: number; minor: number } {
  const d = BigInt(dev);
  const major = ((d & 0xfff00n) >> 8n) | ((d & 0xfffff00000000000n) >> 32n);
  const minor = (d & 0xffn) | ((d & 0xffffff00000n) >> 12n);
  return { major: Number(major), minor: Number(minor) };
}

function driverLink(driver: string): string {
  return `../../drivers/${driver}`;
}

function replaceSymlink(target: string, link: string): void {
  const temp = `${link}.${process.pid}.tmp`;
  fs.rmSync(temp, { force: true });
  fs.symlinkSync(target, temp);
  fs.renameSync(temp, link);
}

/** Points each function's `driver` link at its current driver, creating driver directories as needed. */
export function syncSysfsDrivers(dir: string, pcis: readonly PciState[]): void {
  const files = hostFiles(dir);
  for (const pci of pcis) {
    fs.mkdirSync(path.join(files.sysPciDrivers, pci.driver), { recursive: true });
    const link = path.join(files.sysPciDevices, pci.address, "driver");
    let current: string | undefined;
    try {
      current = fs.readlinkSync(link);
    } catch {
      current = undefined;
    }
    if (current !== driverLink(pci.driver)) replaceSymlink(driverLink(pci.driver), link);
  }
}

/** Writes the PCI device tree for `pcis` and the root disk chain through `bootDisk`. */
export function writeSysfs(dir: string, pcis: readonly PciState[], bootDisk: string): void {
  const files = hostFiles(dir);
  fs.mkdirSync(path.join(files.sysPciDrivers, PCIBACK_DRIVER), { recursive: true });
  for (const pci of pcis) {
    const deviceDir = path.join(files.sysPciDevices, pci.address);
    fs.mkdirSync(deviceDir, { recursive: true });
    fs.writeFileSync(path.join(deviceDir, "vendor"), `${pci.vendor}\n`);
    fs.writeFileSync(path.join(deviceDir, "device"), `${pci.device}\n`);
    fs.writeFileSync(path.join(deviceDir, "class"), `${pci.class}\n`);
    fs.mkdirSync(path.join(files.sysPciDrivers, pci.ownDriver), { recursive: true });
  }
  syncSysfsDrivers(dir, pcis);
  writeRootDiskChain(dir, bootDisk);
}

function writeRootDiskChain(dir: string, bootDisk: string): void {
  const files = hostFiles(dir);
  const { major, minor } = splitDeviceNumber(fs.statSync("/", { bigint: true }).dev);
  const partition = path.join("pci0000:00", bootDisk, "host0", "target0:0:0", "0:0:0:0", "block", "sda", "sda1");
  const partitionDir = path.join(files.sysDevices, partition);
  fs.mkdirSync(partitionDir, { recursive: true });
  fs.writeFileSync(path.join(partitionDir, "dev"), `${major}:${minor}\n`);
  fs.mkdirSync(files.sysDevBlock, { recursive: true });
  replaceSymlink(path.join("..", "..", "devices", partition), path.join(files.sysDevBlock, `${major}:${minor}`));
}
