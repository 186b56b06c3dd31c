/**
 * python-libs' `Bootloader.writeExtLinux`: the header it knows, then each
 * label after a blank line with its title and one `append` line. For the
 * installer's own layout this gives back the same bytes.
 */
import type { BootMenu } from "./boot-menu";
import { raiseAt } from "./library-error";

/** The text `writeExtLinux` produces; a placeholder label (non-Xen append) raises AttributeError as the library does. */
export function writeExtlinux(menu: BootMenu): string {
  const lines = [`# location ${menu.location}`];
  if (menu.serial !== undefined) lines.push(`serial ${menu.serial.port} ${menu.serial.baud}${menu.serial.flow === undefined ? "" : ` ${menu.serial.flow}`}`);
  if (menu.default) lines.push(`default ${menu.default}`);
  lines.push("prompt 1");
  if (menu.timeout !== undefined && menu.timeout !== 0n) lines.push(`timeout ${menu.timeout}`);
  for (const label of menu.order) {
    lines.push(`\nlabel ${label}`);
    const m = menu.menu.get(label);
    if (m === undefined) raiseAt("writeExtLinux:title", "AttributeError", "'dict' object has no attribute 'title'");
    if (m.title) lines.push(`  # ${m.title}`);
    lines.push("  kernel mboot.c32", `  append ${m.hypervisor ?? "None"} ${m.hypervisorArgs ?? "None"} --- ${m.kernel ?? "None"} ${m.kernelArgs ?? "None"} --- ${m.initrd ?? "None"}`);
  }
  return lines.map((l) => `${l}\n`).join("");
}
