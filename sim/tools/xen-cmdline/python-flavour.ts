/**
 * Which `xen-cmdline` and python-libs a profile's dom0 runs: the Python
 * version, the places the library looks for a boot config, how the script
 * matches keys, and the source lines its tracebacks name.
 */
import type { Profile } from "../../host/types";

/**
 * The two generations of the script (xcp-ng-release): the Python 2 one of
 * XenServer 6.2 to 8.2 and the Python 3 one of XCP-ng 8.3. They differ only
 * when one option gets several keys (see `arg-filters.ts`).
 */
export type ScriptGeneration = "py2" | "py3";

/** The facts of one profile's xen-cmdline. */
export interface PythonFlavour {
  generation: ScriptGeneration;
  /** `int()` takes `_` between digits from Python 3.6 on. */
  intUnderscores: boolean;
  /** Where the library module lives, as tracebacks name it. */
  modulePath: string;
  /** `Bootloader.loadExisting()`'s search, first existing wins, paths below `/`. */
  searchOrder: readonly { path: string; reader: "grub2" | "extlinux" }[];
}

const GRUB_PATHS = ["boot/efi/EFI/xenserver/grub.cfg", "boot/grub/grub.cfg", "boot/grub2/grub.cfg"].map((path) => ({ path, reader: "grub2" as const }));
const EXTLINUX_PATH = { path: "boot/extlinux.conf", reader: "extlinux" as const };

/**
 * unconfirmed: the module paths (the dom0's site-packages of each Python).
 * XCP-ng 8.3's python-libs (3.x) no longer reads extlinux.conf; older ones
 * read it after the grub configs (their `boot/grub/menu.lst` reader is not
 * simulated: no profile has that file).
 */
export const PYTHON_FLAVOURS: Readonly<Record<Profile, PythonFlavour>> = {
  xs62: { generation: "py2", intUnderscores: false, modulePath: "/usr/lib/python2.4/site-packages/xcp/bootloader.py", searchOrder: [...GRUB_PATHS, EXTLINUX_PATH] },
  xs82: { generation: "py2", intUnderscores: false, modulePath: "/usr/lib/python2.7/site-packages/xcp/bootloader.py", searchOrder: [...GRUB_PATHS, EXTLINUX_PATH] },
  xcpng83: { generation: "py3", intUnderscores: true, modulePath: "/usr/lib/python3.6/site-packages/xcp/bootloader.py", searchOrder: GRUB_PATHS },
};

/** Path of the script, as tracebacks name it. */
export const SCRIPT_PATH = "/opt/xensource/libexec/xen-cmdline";
