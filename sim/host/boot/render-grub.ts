/**
 * A fresh XenServer 8 / XCP-ng `/boot/grub/grub.cfg` as the installer writes
 * it (docs/host-facts.md): the serial and terminal lines, `set default=0`,
 * `set timeout=5`, then one `menuentry '<title>' {` per entry with no `--id`
 * (xen-cmdline finds entries by title) and no blank line anywhere.
 */
import { PROFILE_FACTS } from "../profiles";
import type { Profile } from "../types";

const XEN_ARGS = "dom0_mem=7584M,max:7584M watchdog ucode=scan dom0_max_vcpus=1-16 crashkernel=256M,below=4G";
const SERIAL = "com1=115200,8n1 console=com1,vga";

/** Renders the grub.cfg of a pvops profile whose root filesystem is `LABEL=<rootLabel>`. */
export function renderGrubCfg(profile: Exclude<Profile, "xs62">, rootLabel: string): string {
  const facts = PROFILE_FACTS[profile];
  const root = `root=LABEL=${rootLabel} ro nolvm hpet=disable`;
  const entry = (title: string, xen: string, dom0: string, initrd: string): string =>
    [`menuentry '${title}' {`, `\tsearch --label --set root ${rootLabel}`, `\tmultiboot2 ${xen}`, `\tmodule2 ${dom0}`, `\tmodule2 ${initrd}`, "}\n"].join("\n");
  const versions = `Xen ${facts.xenVersion} / Linux ${facts.kernelRelease}`;
  return [
    "serial --unit=0 --speed=115200\nterminal_input serial console\nterminal_output serial console\nset default=0\nset timeout=5\n",
    entry(facts.brand, `/boot/xen.gz ${XEN_ARGS} console=vga vga=mode-0x0311`, `/boot/vmlinuz-4.19-xen ${root} console=hvc0 console=tty0 quiet vga=785 splash plymouth.ignore-serial-consoles`, "/boot/initrd-4.19-xen.img"),
    entry(`${facts.brand} (Serial)`, `/boot/xen.gz ${SERIAL} ${XEN_ARGS}`, `/boot/vmlinuz-4.19-xen ${root} console=tty0 console=hvc0`, "/boot/initrd-4.19-xen.img"),
    entry(`${facts.brand} in Safe Mode`, `/boot/xen.gz nosmp noreboot noirqbalance no-mce no-bootscrub no-numa no-hap no-mmcfg max_cstate=0 nmi=ignore allow_unsafe dom0_mem=7584M,max:7584M ${SERIAL}`, `/boot/vmlinuz-4.19-xen earlyprintk=xen ${root} console=tty0 console=hvc0`, "/boot/initrd-4.19-xen.img"),
    entry(`${facts.brand} (${versions})`, `/boot/xen-fallback.gz ${XEN_ARGS}`, `/boot/vmlinuz-fallback ${root} console=hvc0 console=tty0`, "/boot/initrd-fallback.img"),
    entry(`${facts.brand} (Serial, ${versions})`, `/boot/xen-fallback.gz ${SERIAL} ${XEN_ARGS}`, `/boot/vmlinuz-fallback ${root} console=tty0 console=hvc0`, "/boot/initrd-fallback.img"),
  ].join("");
}
