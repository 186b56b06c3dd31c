/**
 * The frames of the tracebacks the simulated xen-cmdline prints: the line
 * numbers and source text of the upstream script and library where each
 * simulated exception passes.
 *
 * unconfirmed: the line numbers. They are those of xcp-ng-release's
 * xen-cmdline (8.3 branch for py3, 8.2 branch for py2) and of python-libs
 * (master for the grub2 sites, v2.3.5 for the extlinux ones); the build a
 * real host runs may differ by a few lines.
 */
import { SCRIPT_PATH, type PythonFlavour, type ScriptGeneration } from "./python-flavour";
import type { PythonFrame } from "./python-error";

/** What the script does that can raise: loading, committing, or one of its operations. */
export type ScriptOp = "load" | "commit" | "--get-dom0" | "--get-xen" | "--list-cpuid-masks" | "--set-dom0" | "--delete-dom0" | "--set-xen" | "--delete-xen";

type Site = [number, string, string];

const PY3_FILTER = (part: string, m: string): string => `args = _filter_args(keys, b.menu[${m}].get${part}Args(), match=False)`;
const PY2_FILTER = (part: string): string => `args = filter(lambda y: False in map(lambda x: y.startswith(x+'=') or y==x, ks), b.menu[m].get${part}Args())`;

/** Per operation: the `<module>` statement, then the statement of the function it calls (if any). */
const SCRIPT_SITES: Readonly<Record<ScriptGeneration, Readonly<Record<ScriptOp, readonly Site[]>>>> = {
  py3: {
    load: [[76, "<module>", "b = Bootloader.loadExisting()"]],
    commit: [[116, "<module>", "b.commit()"]],
    "--get-dom0": [[101, "<module>", "print('\\n'.join((get_dom0_args(b, args))))"], [51, "get_dom0_args", "return _filter_args(keys, b.menu[b.default].getKernelArgs())"]],
    "--get-xen": [[99, "<module>", "print('\\n'.join((get_xen_args(b, args))))"], [34, "get_xen_args", "return _filter_args(keys, b.menu[b.default].getHypervisorArgs())"]],
    "--list-cpuid-masks": [[97, "<module>", "print('\\n'.join(list_xen_cpuid_masks(b)))"], [67, "list_xen_cpuid_masks", 'return _filter_args(["cpuid_mask"], b.menu[b.default].getHypervisorArgs())']],
    "--set-dom0": [[109, "<module>", "replace_dom0_args(b, args)"], [57, "replace_dom0_args", PY3_FILTER("Kernel", "m")]],
    "--delete-dom0": [[112, "<module>", "delete_dom0_args(b, args)"], [63, "delete_dom0_args", PY3_FILTER("Kernel", "m")]],
    "--set-xen": [[103, "<module>", "replace_xen_args(b, args)"], [40, "replace_xen_args", PY3_FILTER("Hypervisor", "m")]],
    "--delete-xen": [[106, "<module>", "delete_xen_args(b, args)"], [46, "delete_xen_args", PY3_FILTER("Hypervisor", "m")]],
  },
  py2: {
    load: [[65, "<module>", "b = Bootloader.loadExisting()"]],
    commit: [[105, "<module>", "b.commit()"]],
    "--get-dom0": [[90, "<module>", "print '\\n'.join((get_dom0_args(b, args)))"], [40, "get_dom0_args", "args = b.menu[b.default].getKernelArgs()"]],
    "--get-xen": [[88, "<module>", "print '\\n'.join((get_xen_args(b, args)))"], [22, "get_xen_args", "args = b.menu[b.default].getHypervisorArgs()"]],
    "--list-cpuid-masks": [[86, "<module>", "print '\\n'.join(list_xen_cpuid_masks(b))"], [57, "list_xen_cpuid_masks", "return filter(lambda x: x.startswith('cpuid_mask'), b.menu[b.default].getHypervisorArgs())"]],
    "--set-dom0": [[98, "<module>", "replace_dom0_args(b, args)"], [48, "replace_dom0_args", PY2_FILTER("Kernel")]],
    "--delete-dom0": [[101, "<module>", "delete_dom0_args(b, args)"], [53, "delete_dom0_args", PY2_FILTER("Kernel")]],
    "--set-xen": [[92, "<module>", "replace_xen_args(b, args)"], [30, "replace_xen_args", PY2_FILTER("Hypervisor")]],
    "--delete-xen": [[95, "<module>", "delete_xen_args(b, args)"], [35, "delete_xen_args", PY2_FILTER("Hypervisor")]],
  },
};

/** The script's frames for `op`, outermost first. */
export function scriptFrames(flavour: PythonFlavour, op: ScriptOp): PythonFrame[] {
  return SCRIPT_SITES[flavour.generation][op].map(([line, func, code]) => ({ file: SCRIPT_PATH, line, func, code }));
}

/** The statements of the library that can raise. */
export type LibrarySite =
  | "loadExisting:none"
  | "loadExisting:boot/efi/EFI/xenserver/grub.cfg"
  | "loadExisting:boot/grub/grub.cfg"
  | "loadExisting:boot/grub2/grub.cfg"
  | "loadExisting:boot/extlinux.conf"
  | "readGrub2:timeout"
  | "readGrub2:default"
  | "readGrub2:module2"
  | "readGrub2:xen_module"
  | "readGrub2:initrd"
  | "readGrub2:module2-initrd"
  | "readGrub2:xen_module-initrd"
  | "readGrub2:initrd-path"
  | "readGrub2:root"
  | "readExtLinux:timeout"
  | "commit:extlinux"
  | "writeExtLinux:title"
  | "getKernelArgs"
  | "getHypervisorArgs";

const ARGS_REGEX = `re.findall(r'\\S[^ "]*(?:"[^"]*")?\\S*', self.`;

const LIBRARY_SITES: Readonly<Record<LibrarySite, Site>> = {
  "loadExisting:none": [292, "loadExisting", 'raise RuntimeError("No existing bootloader configuration found")'],
  "loadExisting:boot/efi/EFI/xenserver/grub.cfg": [286, "loadExisting", 'return cls.readGrub2(os.path.join(root, "boot/efi/EFI/xenserver/grub.cfg"))'],
  "loadExisting:boot/grub/grub.cfg": [288, "loadExisting", 'return cls.readGrub2(os.path.join(root, "boot/grub/grub.cfg"))'],
  "loadExisting:boot/grub2/grub.cfg": [290, "loadExisting", 'return cls.readGrub2(os.path.join(root, "boot/grub2/grub.cfg"))'],
  "loadExisting:boot/extlinux.conf": [456, "loadExisting", 'return cls.readExtLinux(os.path.join(root, "boot/extlinux.conf"))'],
  "readGrub2:timeout": [176, "readGrub2", "timeout = int(l.split('=')[1]) * 10"],
  "readGrub2:default": [270, "readGrub2", "default = menu_order[int(default)]"],
  "readGrub2:module2": [217, "readGrub2", 'raise RuntimeError("Need a multiboot2 kernel")'],
  "readGrub2:xen_module": [224, "readGrub2", 'raise RuntimeError("Need a hypervisor")'],
  "readGrub2:initrd": [234, "readGrub2", 'raise RuntimeError("Need a kernel")'],
  "readGrub2:module2-initrd": [219, "readGrub2", "initrd = l.split(None, 1)[1]"],
  "readGrub2:xen_module-initrd": [226, "readGrub2", "initrd = l.split(None, 1)[1]"],
  "readGrub2:initrd-path": [235, "readGrub2", "initrd = l.split(None, 1)[1]"],
  "readGrub2:root": [237, "readGrub2", "root = l.split()[4]"],
  "readExtLinux:timeout": [136, "readExtLinux", "timeout = int(els[1])"],
  "commit:extlinux": [614, "commit", "self.writeExtLinux(tmp_file)"],
  "writeExtLinux:title": [486, "writeExtLinux", "if m.title:"],
  getKernelArgs: [80, "getKernelArgs", `return ${ARGS_REGEX}kernel_args)`],
  getHypervisorArgs: [74, "getHypervisorArgs", `return ${ARGS_REGEX}hypervisor_args)`],
};

/** A frame of the library module. */
export function libraryFrame(flavour: PythonFlavour, site: LibrarySite): PythonFrame {
  const [line, func, code] = LIBRARY_SITES[site];
  return { file: flavour.modulePath, line, func, code };
}
