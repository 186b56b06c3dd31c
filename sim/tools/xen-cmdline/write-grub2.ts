/**
 * python-libs' `Bootloader.writeGrub2`: the whole grub.cfg as xen-cmdline
 * writes it back. The header is rebuilt from what was parsed (serial,
 * terminals, `set default=<index>`, `set timeout`), each entry is printed from
 * its fields with one tab of indent, and only the kept boilerplate survives.
 */
import type { BootMenu, MenuEntry } from "./boot-menu";

/** Python's `%s` of an optional string: None prints as `None`. */
function s(value: string | undefined): string {
  return value ?? "None";
}

function header(menu: BootMenu): string[] {
  const lines: string[] = [];
  if (menu.serial !== undefined) {
    lines.push(`serial --unit=${menu.serial.port} --speed=${menu.serial.baud}`, "terminal_input serial console", "terminal_output serial console");
  }
  if (menu.default !== undefined && menu.default !== "") {
    const index = menu.order.indexOf(menu.default);
    lines.push(index >= 0 ? `set default=${index}` : `set default='${menu.default}'`);
  }
  // A zero timeout is falsy in Python: the line is dropped.
  if (menu.timeout !== undefined && menu.timeout !== 0n) lines.push(`set timeout=${floorDiv(menu.timeout, 10n)}`);
  return lines;
}

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n ? q - 1n : q;
}

function loaderLines(m: MenuEntry): string[] {
  const lines: string[] = [];
  if (m.format === "multiboot2") {
    lines.push(`\tmultiboot2 ${s(m.hypervisor)} ${s(m.hypervisorArgs)}`);
    if (m.kernel) lines.push(`\tmodule2 ${m.kernel} ${s(m.kernelArgs)}`);
    if (m.initrd) lines.push(`\tmodule2 ${m.initrd}`);
  } else if (m.format === "linux") {
    lines.push(`\tlinux ${s(m.kernel)} ${s(m.kernelArgs)}`);
    if (m.initrd) lines.push(`\tinitrd ${m.initrd}`);
  } else {
    lines.push(`\txen_hypervisor ${s(m.hypervisor)} ${s(m.hypervisorArgs)}`);
    if (m.kernel) lines.push(`\txen_module ${m.kernel} ${s(m.kernelArgs)}`);
    if (m.initrd) lines.push(`\txen_module ${m.initrd}`);
  }
  return lines;
}

function entryLines(m: MenuEntry): string[] {
  const lines = [`menuentry '${s(m.title)}'${m.extra ? m.extra : " "}{`];
  // Unknown lines come first, then the root search: the original order inside an entry is not kept.
  const contents = m.contents.join("\n");
  if (contents !== "") lines.push(contents);
  if (m.root) lines.push(`\tsearch --label --set root ${m.root}`);
  lines.push(...loaderLines(m), "}");
  return lines;
}

/** The text `writeGrub2` produces for `menu`: every line ends with a newline. */
export function writeGrub2(menu: BootMenu): string {
  const lines = header(menu);
  const boilerplate = [...menu.boilerplate];
  for (const label of menu.order) {
    const text = boilerplate.shift();
    if (text !== undefined && text.length > 0) lines.push(text.join("\n"));
    const entry = menu.menu.get(label);
    if (entry !== undefined) lines.push(...entryLines(entry));
  }
  return lines.map((l) => `${l}\n`).join("");
}
