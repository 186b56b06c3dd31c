/**
 * What lspci reads from the simulated sysfs (libpci's `sysfs` access method):
 * one entry per function directory, with its ids from the id files and the
 * driver from the `driver` link (pciutils `ls-kernel.c` `find_driver`: the
 * link's last component), sorted as lspci's `sort_them` sorts.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { hostFiles } from "../../host/files";
import type { FilterTarget } from "./device-filter";

/** A function as lspci sees it. */
export interface ScannedFunction extends FilterTarget {
  subVendor: number;
  subDevice: number;
  progIf: number;
  revision: number;
  /** Undefined when no driver is bound. */
  driver: string | undefined;
}

const FUNCTION_DIR = /^([0-9a-f]{4}):([0-9a-f]{2}):([0-9a-f]{2})\.([0-7])$/;

function readId(deviceDir: string, name: string): number {
  try {
    return Number.parseInt(fs.readFileSync(path.join(deviceDir, name), "utf8").trim(), 16) || 0;
  } catch {
    return 0;
  }
}

function readDriver(deviceDir: string): string | undefined {
  try {
    return path.basename(fs.readlinkSync(path.join(deviceDir, "driver")));
  } catch {
    return undefined;
  }
}

function scanOne(devicesDir: string, entry: string): ScannedFunction | undefined {
  const match = FUNCTION_DIR.exec(entry);
  if (match === null) return undefined;
  const [domain, bus, slot, func] = match.slice(1, 5).map((part) => Number.parseInt(part, 16)) as [number, number, number, number];
  const deviceDir = path.join(devicesDir, entry);
  const classCode = readId(deviceDir, "class");
  return {
    domain,
    bus,
    slot,
    func,
    vendor: readId(deviceDir, "vendor"),
    device: readId(deviceDir, "device"),
    subVendor: readId(deviceDir, "subsystem_vendor"),
    subDevice: readId(deviceDir, "subsystem_device"),
    deviceClass: classCode >> 8,
    progIf: classCode & 0xff,
    revision: readId(deviceDir, "revision"),
    driver: readDriver(deviceDir),
  };
}

/** Every function in the sysfs of the host in `dir`, by domain, bus, device and function. */
export function scanSysfs(dir: string): ScannedFunction[] {
  const devicesDir = hostFiles(dir).sysPciDevices;
  const entries = fs.existsSync(devicesDir) ? fs.readdirSync(devicesDir) : [];
  return entries
    .map((entry) => scanOne(devicesDir, entry))
    .filter((f): f is ScannedFunction => f !== undefined)
    .sort((a, b) => a.domain - b.domain || a.bus - b.bus || a.slot - b.slot || a.func - b.func);
}
