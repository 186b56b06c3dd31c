/**
 * The boot loader configuration as python-libs' `xcp.bootloader.Bootloader`
 * holds it between reading and writing: the menu by label, the label order,
 * the default, and (grub2) the text around the entries it keeps verbatim.
 */

/** How a grub2 entry loads Xen and dom0 (python-libs `Grub2Format`). */
export type EntryFormat = "multiboot2" | "linux" | "xen_boot";

/** One `MenuEntry`; `undefined` stands for Python's None. */
export interface MenuEntry {
  title: string | undefined;
  hypervisor: string | undefined;
  hypervisorArgs: string | undefined;
  kernel: string | undefined;
  kernelArgs: string | undefined;
  initrd: string | undefined;
  /** grub2: the label of `search --label --set root`. */
  root: string | undefined;
  /** grub2: the text between the title's closing quote and `{`. */
  extra: string | undefined;
  /** grub2: lines of the entry the library does not understand, kept in order. */
  contents: string[];
  format: EntryFormat;
}

/** The serial console line of the header. */
export interface SerialConsole {
  port: number;
  baud: number;
  /** extlinux only. */
  flow?: string | undefined;
}

/** A parsed boot loader configuration. */
export interface BootMenu {
  format: "grub2" | "extlinux";
  /** Absolute path it was read from; a commit replaces it. */
  file: string;
  /** By label. An extlinux label whose `append` is not a Xen one maps to undefined (the library keeps a bare dict). */
  menu: Map<string, MenuEntry | undefined>;
  /** Labels in file order; a label seen twice is listed twice. */
  order: string[];
  /** A label once resolved; a grub2 value that names no entry stays as written. */
  default: string | undefined;
  /** Tenths of a second, as the library keeps it. */
  timeout: bigint | undefined;
  serial: SerialConsole | undefined;
  /** extlinux `# location`. */
  location: string;
  /** grub2: the lines before each entry (the first gets the `load_env` block when missing). */
  boilerplate: string[][];
}

/** A menu read from `file` before its first line: no entry, no setting, `# location mbr`. */
export function emptyMenu(format: BootMenu["format"], file: string): BootMenu {
  return { format, file, menu: new Map(), order: [], default: undefined, timeout: undefined, serial: undefined, location: "mbr", boilerplate: [] };
}

/** A MenuEntry with every field None. */
export function emptyEntry(format: EntryFormat = "multiboot2"): MenuEntry {
  return {
    title: undefined,
    hypervisor: undefined,
    hypervisorArgs: undefined,
    kernel: undefined,
    kernelArgs: undefined,
    initrd: undefined,
    root: undefined,
    extra: undefined,
    contents: [],
    format,
  };
}

// The library's tokenizer: a word may hold one double-quoted part with spaces.
const ARG = /\S[^ "]*(?:"[^"]*")?\S*/g;

/** `getKernelArgs()` / `getHypervisorArgs()`: the words of an argument string. */
export function splitArgs(args: string): string[] {
  return args.match(ARG) ?? [];
}

/** `setKernelArgs()` / `setHypervisorArgs()`: words joined by one space. */
export function joinArgs(args: readonly string[]): string {
  return args.join(" ");
}
