/**
 * The names `lspci -D -mm` gives each PCI function (from the host's pci.ids),
 * for messages and outputs: the ids themselves come from sysfs, which every
 * dom0 has; names are a courtesy and may be missing. Pure.
 */

/** The names of one function. */
export interface PciNames {
  /** Full form, `0000:06:00.0`, as `-D` prints it. */
  readonly address: string;
  readonly className: string;
  readonly vendorName: string;
  readonly deviceName: string;
}

/**
 * A quoted field of `-mm` output. lspci writes each name between double
 * quotes with a backslash before every double quote and backslash in it, and
 * escapes nothing else (`print_shell_escaped` in pciutils' lspci.c, unchanged
 * from pciutils 3.1, which XenServer 6.2 has, to today's).
 */
const QUOTED_FIELD = /"((?:[^"\\]|\\.)*)"/g;

/** The quoted fields of one `-mm` line, in order and unescaped (`-rXX`/`-pXX` words skipped). */
function quotedFields(rest: string): string[] {
  return [...rest.matchAll(QUOTED_FIELD)].map((m) => (m[1] ?? "").replace(/\\(.)/g, "$1"));
}

/**
 * Parses `lspci -D -mm` output: `<slot> "<class>" "<vendor>" "<device>" [-rXX] [-pXX] "<svendor>" "<sdevice>"`,
 * each name escaped as {@link QUOTED_FIELD} says.
 * Lines that do not start with a full PCI address are skipped.
 *
 * @returns the names by address (lower case)
 */
export function parseLspciMachine(stdout: string): Map<string, PciNames> {
  const names = new Map<string, PciNames>();
  for (const line of stdout.split("\n")) {
    const m = /^([0-9a-fA-F]{4}:[0-9a-fA-F]{2}:[0-9a-fA-F]{2}\.[0-7])\s+(.*)$/.exec(line.trim());
    if (m?.[1] === undefined) continue;
    const [className = "", vendorName = "", deviceName = ""] = quotedFields(m[2] ?? "");
    const address = m[1].toLowerCase();
    names.set(address, { address, className, vendorName, deviceName });
  }
  return names;
}
