/** A fresh XenServer 6.2 `/boot/extlinux.conf`, laid out as the installer writes it. */
import { PROFILE_FACTS } from "../profiles";

const XEN_ARGS = "mem=1024G dom0_max_vcpus=4 dom0_mem=752M,max:752M watchdog_timeout=300 lowmem_emergency_pool=1M crashkernel=64M@32M cpuid_mask_xsave_eax=0";
const SERIAL = "com1=115200,8n1 console=com1,vga";

/** Renders the extlinux.conf of a serial-capable XenServer 6.2 install whose root filesystem is `LABEL=<rootLabel>`. */
export function renderExtlinuxConf(rootLabel: string): string {
  const facts = PROFILE_FACTS.xs62;
  const root = `root=LABEL=${rootLabel} ro`;
  const kernel = `/boot/vmlinuz-${facts.kernelRelease}`;
  const initrd = `/boot/initrd-${facts.kernelRelease}.img`;
  const fallbackXen = `/boot/xen-${facts.xenVersion}.gz`;
  const entry = (label: string, title: string, append: string): string =>
    `label ${label}\n  # ${title}\n  kernel mboot.c32\n  append ${append}\n`;
  return [
    "# location mbr\nserial 0 115200\ndefault xe\nprompt 1\ntimeout 50\n",
    entry("xe", "XenServer", `/boot/xen.gz ${XEN_ARGS} console=vga vga=mode-0x0311 --- /boot/vmlinuz-2.6-xen ${root} xencons=hvc console=hvc0 console=tty0 quiet vga=785 splash --- /boot/initrd-2.6-xen.img`),
    entry("xe-serial", "XenServer (Serial)", `/boot/xen.gz ${SERIAL} ${XEN_ARGS} --- /boot/vmlinuz-2.6-xen ${root} console=tty0 xencons=hvc console=hvc0 --- /boot/initrd-2.6-xen.img`),
    entry("safe", "XenServer in Safe Mode", `/boot/xen.gz nosmp noreboot noirqbalance acpi=off noapic mem=1024G dom0_max_vcpus=4 dom0_mem=752M,max:752M ${SERIAL} --- /boot/vmlinuz-2.6-xen nousb ${root} console=tty0 xencons=hvc console=hvc0 --- /boot/initrd-2.6-xen.img`),
    // The fallbacks carry xe's full Xen arguments (host-installer `buildBootLoaderMenu`, 2013): fallback
    // without xe's `console=vga vga=mode-0x0311` console part, fallback-serial exactly xe-serial's.
    entry("fallback", `XenServer (Xen ${facts.xenVersion} / Linux ${facts.kernelRelease})`, `${fallbackXen} ${XEN_ARGS} --- ${kernel} ${root} xencons=hvc console=hvc0 console=tty0 --- ${initrd}`),
    entry("fallback-serial", `XenServer (Serial, Xen ${facts.xenVersion} / Linux ${facts.kernelRelease})`, `${fallbackXen} ${SERIAL} ${XEN_ARGS} --- ${kernel} ${root} console=tty0 xencons=hvc console=hvc0 --- ${initrd}`),
  ].join("\n");
}
