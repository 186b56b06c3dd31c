/**
 * python-libs' `Bootloader.readExtLinux` (the Python 2 library of XenServer
 * 6.2 to 8.2): header lines it knows, labels, each label's `# title` and its
 * `kernel mboot.c32` + `append <xen> <args> --- <kernel> <args> --- <initrd>`.
 * Comments and lines it does not know are dropped; a label whose append is
 * not of that form is kept as an empty placeholder.
 */
import { emptyEntry, emptyMenu, type BootMenu } from "./boot-menu";
import { atSite } from "./library-error";
import { pyInt, splitWords, strip, textLines } from "./python-text";

interface Parse {
  menu: BootMenu;
  label: string | undefined;
  title: string | undefined;
  /** The last `kernel` word; the library compares it with `mboot.c32`. */
  kernel: string | undefined;
}

function headerLine(p: Parse, l: string, els: string[], keyword: string): boolean {
  if (l.startsWith("# location ") && els.length === 3 && (els[2] === "mbr" || els[2] === "partition")) p.menu.location = els[2];
  else if (keyword === "serial" && els.length > 1) {
    const [baud = "9600", flow] = els.length > 2 ? splitWords(els[2] ?? "", 1) : [];
    p.menu.serial = { port: Number(els[1]), baud: Number(baud), flow };
  } else if (keyword === "default" && els.length === 2) p.menu.default = els[1];
  else if (keyword === "timeout" && els.length === 2) p.menu.timeout = atSite("readExtLinux:timeout", () => pyInt(els[1] ?? "", false));
  else return false;
  return true;
}

function xenAppend(p: Parse, label: string, els: string[]): void {
  const hypervisor = els[1] ?? "";
  // unconfirmed: tboot entries (four parts) are not simulated; no profile's installer writes them.
  if (hypervisor.includes("tboot") || !hypervisor.includes("xen")) return;
  const parts = (els[2] ?? "").split("---").map(strip);
  if (parts.length !== 3) return;
  const kernel = splitWords(parts[1] ?? "", 1);
  p.kernel = undefined;
  if (kernel.length !== 2) return;
  p.menu.menu.set(label, {
    ...emptyEntry(),
    title: p.title,
    hypervisor,
    hypervisorArgs: parts[0],
    kernel: kernel[0],
    kernelArgs: kernel[1],
    initrd: parts[2],
  });
}

function menuLine(p: Parse, l: string, els: string[], keyword: string): void {
  if (keyword === "label" && els.length === 2) {
    p.label = els[1] ?? "";
    p.menu.menu.set(p.label, undefined);
    p.menu.order.push(p.label);
    p.title = undefined;
  } else if (p.label) {
    if (keyword === "#") p.title = l.slice(1).replace(/^\s+/, "");
    else if (keyword === "kernel" && els.length > 1) p.kernel = els[1];
    else if (keyword === "append" && els.length > 1 && p.kernel === "mboot.c32") xenAppend(p, p.label, els);
  }
}

/** Reads the extlinux.conf text `content` of `file`. Throws LibraryError where the library raises. */
export function readExtlinux(file: string, content: string): BootMenu {
  const menu = emptyMenu("extlinux", file);
  const p: Parse = { menu, label: undefined, title: undefined, kernel: undefined };
  for (const line of textLines(content)) {
    const l = strip(line);
    const els = splitWords(l, 2);
    if (els.length === 0) continue;
    const keyword = (els[0] ?? "").toLowerCase();
    if (!headerLine(p, l, els, keyword)) menuLine(p, l, els, keyword);
  }
  return menu;
}
