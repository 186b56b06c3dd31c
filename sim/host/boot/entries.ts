/**
 * What the boot loader itself (extlinux, GRUB) reads from its config at host
 * boot: the entries, the default one, and an entry's Xen and dom0 arguments.
 * xen-cmdline has its own, different reading (`tools/xen-cmdline/`).
 */

/** The boot loader config formats of the profiles. */
export type BootFormat = "extlinux" | "grub";

/** Which argument list of an entry: the hypervisor's or the dom0 kernel's. */
export type ArgsPart = "xen" | "dom0";

/** One boot entry: its label (extlinux label, grub `--id` or title) and the lines holding its arguments. */
export interface BootEntry {
  label: string;
  /** Index of the line with the Xen arguments (extlinux `append`, grub `multiboot2`). */
  xenLine: number | undefined;
  /** Index of the line with the dom0 kernel arguments (extlinux `append`, grub `module2 …vmlinuz…`). */
  dom0Line: number | undefined;
}

const EXTLINUX_LABEL = /^\s*label\s+(\S+)/i;
const EXTLINUX_APPEND = /^(\s*append\s+)(.*)$/i;
const EXTLINUX_SEPARATOR = " --- ";
const GRUB_MENUENTRY = /^\s*menuentry\s+(?:'([^']*)'|"([^"]*)")(.*)\{\s*$/;
const GRUB_ID = /--id[= ]\s*(\S+)/;
const GRUB_XEN = /^(\s*multiboot2?\s+)(.*)$/;
const GRUB_DOM0 = /^(\s*module2?\s+)(\S*vmlinuz\S*.*)$/;

function tokens(text: string): string[] {
  return text.split(/\s+/).filter((t) => t !== "");
}

function listExtlinuxEntries(lines: readonly string[]): BootEntry[] {
  const entries: BootEntry[] = [];
  lines.forEach((line, index) => {
    const label = EXTLINUX_LABEL.exec(line);
    if (label?.[1] !== undefined) {
      entries.push({ label: label[1], xenLine: undefined, dom0Line: undefined });
      return;
    }
    const current = entries.at(-1);
    if (current !== undefined && EXTLINUX_APPEND.test(line) && line.includes(EXTLINUX_SEPARATOR.trim())) {
      current.xenLine = index;
      current.dom0Line = index;
    }
  });
  return entries;
}

function listGrubEntries(lines: readonly string[]): BootEntry[] {
  const entries: BootEntry[] = [];
  let current: BootEntry | undefined;
  lines.forEach((line, index) => {
    const menuentry = GRUB_MENUENTRY.exec(line);
    if (menuentry !== null) {
      const title = menuentry[1] ?? menuentry[2] ?? "";
      const id = GRUB_ID.exec(menuentry[3] ?? "")?.[1];
      current = { label: id ?? title, xenLine: undefined, dom0Line: undefined };
      entries.push(current);
      return;
    }
    if (current === undefined) return;
    if (/^\s*\}\s*$/.test(line)) current = undefined;
    else if (GRUB_XEN.test(line)) current.xenLine = index;
    else if (GRUB_DOM0.test(line)) current.dom0Line = index;
  });
  return entries;
}

/** Lists the boot entries of a config, in file order. */
export function listBootEntries(format: BootFormat, lines: readonly string[]): BootEntry[] {
  return format === "extlinux" ? listExtlinuxEntries(lines) : listGrubEntries(lines);
}

/** The entry the boot loader starts without user input (`default <label>`, `set default=<n|id>`). */
export function defaultBootEntry(format: BootFormat, lines: readonly string[]): BootEntry | undefined {
  const entries = listBootEntries(format, lines);
  const pattern = format === "extlinux" ? /^\s*default\s+(\S+)/i : /^\s*set\s+default=["']?([^"'\s]+)/;
  const chosen = lines.map((l) => pattern.exec(l)?.[1]).find((v) => v !== undefined) ?? "0";
  if (format === "grub" && /^\d+$/.test(chosen)) return entries[Number(chosen)];
  return entries.find((e) => e.label === chosen);
}

interface SplitLine {
  /** Each part as `[path, ...args]`; extlinux has three parts, grub one. */
  parts: string[][];
  /** Which part holds the requested arguments. */
  index: number;
}

function splitLine(format: BootFormat, line: string, part: ArgsPart): SplitLine | undefined {
  if (format === "extlinux") {
    const match = EXTLINUX_APPEND.exec(line);
    if (match === null) return undefined;
    const parts = (match[2] ?? "").split(EXTLINUX_SEPARATOR).map(tokens);
    const index = part === "xen" ? 0 : 1;
    if (parts.length < 2) return undefined;
    return { parts, index };
  }
  const match = (part === "xen" ? GRUB_XEN : GRUB_DOM0).exec(line);
  if (match === null) return undefined;
  return { parts: [tokens(match[2] ?? "")], index: 0 };
}

/** The arguments (after the kernel or hypervisor path) of `part` on `line`, or undefined when the line has none. */
export function readEntryArgs(format: BootFormat, line: string, part: ArgsPart): string[] | undefined {
  const split = splitLine(format, line, part);
  return split?.parts[split.index]?.slice(1);
}
