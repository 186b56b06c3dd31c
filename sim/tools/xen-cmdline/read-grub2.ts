/**
 * python-libs' `Bootloader.readGrub2`: how xen-cmdline understands a grub.cfg.
 * Entries are recognised by title, the header's serial, default and timeout
 * are parsed (and re-rendered later), every other line before an entry is kept
 * as that entry's boilerplate, and lines after the last entry are lost.
 */
import { emptyEntry, emptyMenu, type BootMenu, type MenuEntry } from "./boot-menu";
import { atSite, raiseAt } from "./library-error";
import { PythonError } from "./python-error";
import { pyIndex, pyInt, rstrip, splitWords, strip, textLines } from "./python-text";
import type { LibrarySite } from "./source-lines";

/** The block the library inserts before the first entry so that a one-shot `override_entry` works. */
export const OVERRIDE_BOILERPLATE: readonly string[] = [
  "if [ -s $prefix/grubenv ]; then",
  "\tload_env",
  "fi",
  "",
  'if [ -n "$override_entry" ]; then',
  "\tset default=$override_entry",
  "fi",
  "",
];

/**
 * `create_label`: the brand → `xe`, `… (Serial)` → `xe-serial`, `… Safe Mode`
 * → `safe`, `… upgrade` → `upgrade`, versioned titles → `fallback[-serial]`,
 * anything else a numbered label.
 */
function labelOf(title: string, brand: string, counter: { next: number }): string {
  if (title === brand) return "xe";
  if (title.endsWith("(Serial)")) return "xe-serial";
  if (title.endsWith("Safe Mode")) return "safe";
  if (title.endsWith("upgrade")) return "upgrade";
  if (title.includes(" / ")) return title.includes("(Serial,") ? "fallback-serial" : "fallback";
  counter.next += 1;
  return `label${counter.next}`;
}

/** `parse_boot_entry`: the command's first word, then the rest of the line verbatim. */
function bootEntryWords(line: string): [string, string] {
  const parts = splitWords(line, 2);
  return [parts[1] ?? "", parts[2] ?? ""];
}

function restOfLine(line: string, site: LibrarySite): string {
  const rest = splitWords(line, 1)[1];
  if (rest === undefined) raiseAt(site, "IndexError", "list index out of range");
  return rest;
}

const MENUENTRY = /^menuentry ['"]([^']*)['"](.*)\{/;

interface Parse {
  menu: BootMenu;
  entry: MenuEntry;
  title: string | undefined;
  boilerplate: string[];
  counter: { next: number };
  defaultText: string | undefined;
  brand: string;
}

function entryLine(p: Parse, l: string, line: string): void {
  const e = p.entry;
  if (l.startsWith("multiboot2")) [e.hypervisor, e.hypervisorArgs] = bootEntryWords(l);
  else if (l.startsWith("xen_hypervisor")) {
    e.format = "xen_boot";
    [e.hypervisor, e.hypervisorArgs] = bootEntryWords(l);
  } else if (l.startsWith("module2") || l.startsWith("xen_module")) {
    const xen = l.startsWith("xen_module");
    if (e.hypervisor === undefined || e.hypervisor === "") {
      if (xen) raiseAt("readGrub2:xen_module", "RuntimeError", "Need a hypervisor");
      raiseAt("readGrub2:module2", "RuntimeError", "Need a multiboot2 kernel");
    }
    if (e.kernel !== undefined && e.kernel !== "") e.initrd = restOfLine(l, xen ? "readGrub2:xen_module-initrd" : "readGrub2:module2-initrd");
    else [e.kernel, e.kernelArgs] = bootEntryWords(l);
  } else if (l.startsWith("linux")) {
    e.format = "linux";
    [e.kernel, e.kernelArgs] = bootEntryWords(l);
  } else if (l.startsWith("initrd")) {
    if (e.kernel === undefined || e.kernel === "") raiseAt("readGrub2:initrd", "RuntimeError", "Need a kernel");
    e.initrd = restOfLine(l, "readGrub2:initrd-path");
  } else if (l.startsWith("search --label --set root")) {
    const root = l.split(/\s+/)[4];
    if (root === undefined) raiseAt("readGrub2:root", "IndexError", "list index out of range");
    e.root = root;
  } else if (l === "}") {
    const label = labelOf(p.title ?? "", p.brand, p.counter);
    p.menu.order.push(label);
    p.menu.menu.set(label, { ...e, title: p.title });
    p.entry = emptyEntry();
    p.title = undefined;
  } else e.contents.push(rstrip(line));
}

function startEntry(p: Parse, match: RegExpExecArray): void {
  // Only `}` resets the fields: a `menuentry` inside an unclosed one inherits its kernel and contents.
  p.title = match[1] ?? "";
  p.entry.extra = match[2] ?? "";
  if (p.menu.boilerplate.length === 0 && !p.boilerplate.some((l) => l.includes("load_env"))) p.boilerplate.push(...OVERRIDE_BOILERPLATE);
  p.menu.boilerplate.push(p.boilerplate);
  p.boilerplate = [];
}

function headerOrEntryLine(p: Parse, line: string, intUnderscores: boolean): void {
  const l = strip(line);
  const menuMatch = MENUENTRY.exec(l);
  // Only unindented default and timeout lines count: those inside `if` blocks are boilerplate.
  if (l.startsWith("set default=") && l === rstrip(line)) {
    const value = l.split("=")[1] ?? "";
    p.defaultText = /^['"](.*)['"]$/.exec(value)?.[1] ?? value;
  } else if (l.startsWith("set timeout=") && l === rstrip(line)) {
    p.menu.timeout = atSite("readGrub2:timeout", () => pyInt(l.split("=")[1] ?? "", intUnderscores) * 10n);
  } else if (l.startsWith("serial")) {
    const match = /^serial --unit=(\d+) --speed=(\d+)/.exec(l);
    if (match !== null) p.menu.serial = { port: Number(match[1]), baud: Number(match[2]) };
  } else if (l.startsWith("terminal_")) {
    // Re-rendered from `serial`.
  } else if (menuMatch !== null) startEntry(p, menuMatch);
  else if (p.title !== undefined && p.title !== "") entryLine(p, l, line);
  else p.boilerplate.push(rstrip(line));
}

function resolveDefault(menu: BootMenu, text: string | undefined, intUnderscores: boolean): string | undefined {
  // No `set default=` line is index 0; a value that is not an int stays as written.
  let index: bigint;
  try {
    index = text === undefined ? 0n : pyInt(text, intUnderscores);
  } catch (error) {
    if (error instanceof PythonError && error.type === "ValueError") return text;
    throw error;
  }
  return atSite("readGrub2:default", () => pyIndex(menu.order, index));
}

/**
 * Reads the grub.cfg text `content` of `file`; `brand` is the product brand
 * (`branding.PRODUCT_BRAND`). Throws LibraryError where the library raises.
 */
export function readGrub2(file: string, content: string, brand: string, intUnderscores: boolean): BootMenu {
  const menu = emptyMenu("grub2", file);
  const p: Parse = { menu, entry: emptyEntry(), title: undefined, boilerplate: [], counter: { next: 0 }, defaultText: undefined, brand };
  for (const line of textLines(content)) headerOrEntryLine(p, line, intUnderscores);
  menu.default = resolveDefault(menu, p.defaultText, intUnderscores);
  return menu;
}
