/**
 * The simulated sysfs PCI tree: `/sys/bus/pci/devices/<bdf>/` with the id
 * files Linux has (`vendor`, `device`, `subsystem_vendor`, `subsystem_device`,
 * `class`, `revision`) and the `driver` link, plus the driver directories,
 * each with a link per function bound to it (`drivers/<driver>/<bdf>`): Linux
 * makes both links when it binds a driver and removes both when it unbinds.
 * The root disk chain lives in `root-disk-sysfs.ts`.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { hostFiles } from "./files";
import { writeRootDiskChain } from "./root-disk-sysfs";
import { replaceSymlink } from "./symlink";
import type { PciState } from "./types";

export { splitDeviceNumber } from "./root-disk-sysfs";

/** Driver name of every hidden or passed-through function, on every kernel. */
export const PCIBACK_DRIVER = "pciback";

/** What a function directory's entries are named after: the full address. */
const FUNCTION_DIR = /^[0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]$/;

function driverLink(driver: string): string {
  return `../../drivers/${driver}`;
}

function boundDeviceLink(address: string): string {
  return `../../devices/${address}`;
}

/**
 * Makes the driver directories' function links exactly the bound functions
 * of `pcis`: a link whose function is gone or bound elsewhere goes.
 */
function syncDriverDirectories(sysPciDrivers: string, pcis: readonly PciState[]): void {
  const boundTo = new Map(pcis.filter((pci) => pci.driver !== "").map((pci) => [pci.address, pci.driver]));
  for (const driver of fs.readdirSync(sysPciDrivers)) {
    for (const entry of fs.readdirSync(path.join(sysPciDrivers, driver))) {
      if (FUNCTION_DIR.test(entry) && boundTo.get(entry) !== driver) fs.rmSync(path.join(sysPciDrivers, driver, entry), { force: true });
    }
  }
  for (const [address, driver] of boundTo) {
    const link = path.join(sysPciDrivers, driver, address);
    if (!fs.existsSync(link)) replaceSymlink(boundDeviceLink(address), link);
  }
}

/**
 * Points each function's `driver` link at its current driver, and the driver
 * directories' links at their functions, creating driver directories as
 * needed; a function whose driver is "" (none bound) has no link.
 */
export function syncSysfsDrivers(dir: string, pcis: readonly PciState[]): void {
  const files = hostFiles(dir);
  for (const pci of pcis) {
    const link = path.join(files.sysPciDevices, pci.address, "driver");
    if (pci.driver === "") {
      fs.rmSync(link, { force: true });
      continue;
    }
    fs.mkdirSync(path.join(files.sysPciDrivers, pci.driver), { recursive: true });
    let current: string | undefined;
    try {
      current = fs.readlinkSync(link);
    } catch {
      current = undefined;
    }
    if (current !== driverLink(pci.driver)) replaceSymlink(driverLink(pci.driver), link);
  }
  syncDriverDirectories(files.sysPciDrivers, pcis);
}

/** The id files of a function as Linux prints them: `0x1969\n`, class `0x020000\n`. */
function idFiles(pci: PciState): Record<string, string> {
  return {
    vendor: pci.vendor,
    device: pci.device,
    subsystem_vendor: pci.subsystemVendor,
    subsystem_device: pci.subsystemDevice,
    class: pci.class,
    revision: pci.revision,
  };
}

function writeFunctionDir(dir: string, pci: PciState): void {
  const files = hostFiles(dir);
  const deviceDir = path.join(files.sysPciDevices, pci.address);
  fs.mkdirSync(deviceDir, { recursive: true });
  for (const [name, value] of Object.entries(idFiles(pci))) fs.writeFileSync(path.join(deviceDir, name), `${value}\n`);
  if (pci.ownDriver !== "") fs.mkdirSync(path.join(files.sysPciDrivers, pci.ownDriver), { recursive: true });
}

/**
 * Makes the function directories exactly `pcis`: directories of other
 * addresses go (cards taken out), every function's id files are rewritten
 * (a card swapped at the same address), then the driver links follow. The
 * devices directory itself stays: it is a bind mount in sshd's namespace.
 */
export function writeSysfsFunctions(dir: string, pcis: readonly PciState[]): void {
  const files = hostFiles(dir);
  fs.mkdirSync(path.join(files.sysPciDrivers, PCIBACK_DRIVER), { recursive: true });
  fs.mkdirSync(files.sysPciDevices, { recursive: true });
  const present = new Set(pcis.map((pci) => pci.address));
  for (const entry of fs.readdirSync(files.sysPciDevices)) {
    if (FUNCTION_DIR.test(entry) && !present.has(entry)) fs.rmSync(path.join(files.sysPciDevices, entry), { recursive: true, force: true });
  }
  for (const pci of pcis) writeFunctionDir(dir, pci);
  syncSysfsDrivers(dir, pcis);
}

/** Writes the PCI device tree for `pcis` and the root disk chain through `bootDisk`. */
export function writeSysfs(dir: string, pcis: readonly PciState[], bootDisk: string): void {
  writeSysfsFunctions(dir, pcis);
  writeRootDiskChain(dir, bootDisk);
}
