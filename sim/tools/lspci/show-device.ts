/**
 * The text lspci prints for one function, from pciutils `lspci.c`
 * (`show_slot_name`, `show_terse`, `show_machine`, `show_device`) and
 * `ls-kernel.c` (`show_kernel`, `show_kernel_machine`), tags v3.1.7 and
 * v3.5.1: terse lines (`06:00.0 Ethernet controller: …`), `-k`'s indented
 * `Subsystem:` / `Kernel driver in use:` / `Kernel modules:` lines, `-m`/`-mm`
 * shell-quoted fields and `-vm`/`-vmm` tagged lines.
 */
import type { PciNamer } from "./pci-names";
import type { ScannedFunction } from "./sysfs-scan";

/** The display options of one lspci run. */
export interface ShowOptions {
  /** `-v` count. */
  verbose: number;
  /** `-m` count. */
  machine: number;
  /** `-k` given. */
  kernel: boolean;
  /** 0 none, 1 a function outside domain 0 exists, 2 `-D`. */
  domains: number;
  names: PciNamer;
  /** The kernel modules that can drive a function (`Kernel modules:`), from its module aliases. */
  modulesOf: (f: ScannedFunction) => readonly string[];
}

function hex(value: number, digits: number): string {
  return value.toString(16).padStart(digits, "0");
}

/** `show_slot_name`: `bb:dd.f`, with `dddd:` in front when domains are shown. */
function slotName(f: ScannedFunction, options: ShowOptions): string {
  const withDomain = options.machine === 0 ? options.domains > 0 : f.domain !== 0 || options.domains >= 2;
  return `${withDomain ? `${hex(f.domain, 4)}:` : ""}${hex(f.bus, 2)}:${hex(f.slot, 2)}.${f.func}`;
}

/** libpci's `get_subid` gives 0xffff for "none" too; lspci shows a subsystem only when it is neither. */
function hasSubsystem(f: ScannedFunction): boolean {
  return f.subVendor !== 0 && f.subVendor !== 0xffff;
}

function terse(f: ScannedFunction, options: ShowOptions): string {
  const { names } = options;
  let text = `${slotName(f, options)} ${names.className(f.deviceClass, 128)}: ${names.vendorDevice(f.vendor, f.device, 128)}`;
  if (f.revision !== 0) text += ` (rev ${hex(f.revision, 2)})`;
  text += "\n";
  if ((options.verbose > 0 || options.kernel) && hasSubsystem(f)) {
    text += `\tSubsystem: ${names.subsystem(f.vendor, f.device, f.subVendor, f.subDevice, 256)}\n`;
  }
  return text;
}

function kernelLines(f: ScannedFunction, options: ShowOptions): string {
  const driver = f.driver === undefined ? "" : `\tKernel driver in use: ${f.driver}\n`;
  const modules = options.modulesOf(f);
  return modules.length === 0 ? driver : `${driver}\tKernel modules: ${modules.join(", ")}\n`;
}

function kernelMachineLines(f: ScannedFunction, options: ShowOptions): string {
  const driver = f.driver === undefined ? "" : `Driver:\t${f.driver}\n`;
  return driver + options.modulesOf(f).map((module) => `Module:\t${module}\n`).join("");
}

/** `print_shell_escaped`: a space, then the text in double quotes with `"` and `\` escaped. */
function quoted(text: string): string {
  return ` "${text.replace(/["\\]/g, (c) => `\\${c}`)}"`;
}

function machineLine(f: ScannedFunction, options: ShowOptions): string {
  const { names } = options;
  let text = slotName(f, options);
  text += quoted(names.className(f.deviceClass, 128));
  text += quoted(names.vendor(f.vendor, 128));
  text += quoted(names.device(f.vendor, f.device, 128));
  if (f.revision !== 0) text += ` -r${hex(f.revision, 2)}`;
  if (f.progIf !== 0) text += ` -p${hex(f.progIf, 2)}`;
  text += hasSubsystem(f)
    ? quoted(names.subsystemVendor(f.subVendor, 128)) + quoted(names.subsystemDevice(f.vendor, f.device, f.subVendor, f.subDevice, 128))
    : ' "" ""';
  return `${text}\n`;
}

function machineVerbose(f: ScannedFunction, options: ShowOptions): string {
  const { names } = options;
  const lines = [
    `${options.machine >= 2 ? "Slot" : "Device"}:\t${slotName(f, options)}`,
    `Class:\t${names.className(f.deviceClass, 128)}`,
    `Vendor:\t${names.vendor(f.vendor, 128)}`,
    `Device:\t${names.device(f.vendor, f.device, 128)}`,
  ];
  if (hasSubsystem(f)) {
    lines.push(`SVendor:\t${names.subsystemVendor(f.subVendor, 128)}`);
    lines.push(`SDevice:\t${names.subsystemDevice(f.vendor, f.device, f.subVendor, f.subDevice, 128)}`);
  }
  // No PhySlot (no /sys/bus/pci/slots) and no NUMANode (numa_node absent, read as -1), as in a Xen dom0.
  if (f.revision !== 0) lines.push(`Rev:\t${hex(f.revision, 2)}`);
  if (f.progIf !== 0) lines.push(`ProgIf:\t${hex(f.progIf, 2)}`);
  return lines.map((line) => `${line}\n`).join("") + (options.kernel ? kernelMachineLines(f, options) : "");
}

/**
 * `show_device` for the display modes the simulator has: machine-readable
 * (`-m`, `-mm`, with `-v`), or terse (with `-k`); `-v` adds the blank line
 * after each function. Terse `-v` (config space dumps) is not simulated.
 */
export function showDevice(f: ScannedFunction, options: ShowOptions): string {
  const body = options.machine > 0 ? (options.verbose > 0 ? machineVerbose(f, options) : machineLine(f, options)) : terse(f, options) + (options.kernel ? kernelLines(f, options) : "");
  return options.verbose > 0 ? `${body}\n` : body;
}
