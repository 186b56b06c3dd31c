import { readExtlinuxInstalls, readSimState, rebootHost, runTool, type Profile } from "../host";
import { ok, removeTempHosts, rootFile, tempHost } from "./tools.fixture";

afterAll(removeTempHosts);

const XS62_XE_APPEND =
  "  append /boot/xen.gz mem=1024G dom0_max_vcpus=4 dom0_mem=752M,max:752M watchdog_timeout=300 lowmem_emergency_pool=1M crashkernel=64M@32M cpuid_mask_xsave_eax=0 console=vga vga=mode-0x0311 --- /boot/vmlinuz-2.6-xen root=LABEL=root-5f0c7a ro xencons=hvc console=hvc0 console=tty0 quiet vga=785 splash --- /boot/initrd-2.6-xen.img";
const XS62_SERIAL_APPEND =
  "  append /boot/xen.gz com1=115200,8n1 console=com1,vga mem=1024G dom0_max_vcpus=4 dom0_mem=752M,max:752M watchdog_timeout=300 lowmem_emergency_pool=1M crashkernel=64M@32M cpuid_mask_xsave_eax=0 --- /boot/vmlinuz-2.6-xen root=LABEL=root-5f0c7a ro console=tty0 xencons=hvc console=hvc0 --- /boot/initrd-2.6-xen.img";

function xenCmdline(dir: string, ...argv: string[]): ReturnType<typeof runTool> {
  return runTool(dir, "xen-cmdline", argv);
}

function changedLines(before: string, after: string): [string | undefined, string | undefined][] {
  const a = before.split("\n");
  const b = after.split("\n");
  return a.map((line, i): [string | undefined, string | undefined] => [line, b[i]]).filter(([x, y]) => x !== y);
}

describe("the xs62 extlinux.conf", () => {
  test("has the installer's header and the five labels", () => {
    const text = rootFile(tempHost("xs62"), "boot/extlinux.conf");
    expect(text.split("\n").slice(0, 11)).toEqual([
      "# location mbr",
      "serial 0 115200",
      "default xe",
      "prompt 1",
      "timeout 50",
      "",
      "label xe",
      "  # XenServer",
      "  kernel mboot.c32",
      XS62_XE_APPEND,
      "",
    ]);
    expect(text.split("\n").filter((l) => l.startsWith("label "))).toEqual(["label xe", "label xe-serial", "label safe", "label fallback", "label fallback-serial"]);
  });

  test("gives fallback and fallback-serial the full Xen arguments of xe and xe-serial (host-installer, 2013)", () => {
    const text = rootFile(tempHost("xs62"), "boot/extlinux.conf");
    const xenArgs = (label: string): string => {
      const lines = text.split("\n");
      const append = lines.slice(lines.indexOf(`label ${label}`)).find((l) => l.startsWith("  append "));
      return (append ?? "").replace(/^ {2}append \S+ /, "").split(" --- ")[0] ?? "";
    };
    expect(xenArgs("fallback")).toBe(xenArgs("xe").replace(" console=vga vga=mode-0x0311", ""));
    expect(xenArgs("fallback-serial")).toBe(xenArgs("xe-serial"));
    expect(xenArgs("fallback")).toContain("watchdog_timeout=300 lowmem_emergency_pool=1M crashkernel=64M@32M cpuid_mask_xsave_eax=0");
  });

  test("boots the xe entry's dom0 args into /proc/cmdline", () => {
    expect(rootFile(tempHost("xs62"), "proc/cmdline")).toBe("root=LABEL=root-5f0c7a ro xencons=hvc console=hvc0 console=tty0 quiet vga=785 splash\n");
  });
});

describe("xen-cmdline on xs62 (extlinux)", () => {
  test("--set-dom0 appends to the dom0 args of xe and xe-serial only", () => {
    const dir = tempHost("xs62");
    const before = rootFile(dir, "boot/extlinux.conf");
    expect(xenCmdline(dir, "--set-dom0", "pciback.hide=(0000:06:00.0)")).toEqual(ok());
    expect(changedLines(before, rootFile(dir, "boot/extlinux.conf"))).toEqual([
      [XS62_XE_APPEND, XS62_XE_APPEND.replace(" splash ---", " splash pciback.hide=(0000:06:00.0) ---")],
      [XS62_SERIAL_APPEND, XS62_SERIAL_APPEND.replace("console=hvc0 ---", "console=hvc0 pciback.hide=(0000:06:00.0) ---")],
    ]);
  });

  // Corrected to the host facts (docs/host-facts.md): a set removes every token of the key and appends the new one at the end
  // (the earlier expectation replaced `quiet` in place).
  test("--set-dom0 of an existing key removes its tokens and appends the new one at the end", () => {
    const dir = tempHost("xs62");
    xenCmdline(dir, "--set-dom0", "pciback.hide=(0000:06:00.0)");
    xenCmdline(dir, "--set-dom0", "quiet=1");
    xenCmdline(dir, "--set-dom0", "pciback.hide=(0000:06:00.0)(0000:01:00.0)");
    expect(xenCmdline(dir, "--get-dom0", "pciback.hide")).toEqual(ok("pciback.hide=(0000:06:00.0)(0000:01:00.0)\n"));
    expect(rootFile(dir, "boot/extlinux.conf")).toContain(" console=tty0 vga=785 splash quiet=1 pciback.hide=(0000:06:00.0)(0000:01:00.0) --- ");
  });

  test("--get-dom0 of an absent key prints an empty line, and keys match exactly", () => {
    const dir = tempHost("xs62");
    xenCmdline(dir, "--set-dom0", "pciback.hide=(0000:06:00.0)");
    expect(xenCmdline(dir, "--get-dom0", "xen-pciback.hide")).toEqual(ok("\n"));
  });

  test("--delete-dom0 after --set-dom0 gives back the byte-identical file", () => {
    const dir = tempHost("xs62");
    const before = rootFile(dir, "boot/extlinux.conf");
    xenCmdline(dir, "--set-dom0", "pciback.hide=(0000:06:00.0)");
    expect(xenCmdline(dir, "--delete-dom0", "pciback.hide")).toEqual(ok());
    expect(rootFile(dir, "boot/extlinux.conf")).toBe(before);
  });

  test("a typo exits 0 and changes nothing; a malformed BDF is written as given", () => {
    const dir = tempHost("xs62");
    const before = rootFile(dir, "boot/extlinux.conf");
    expect(xenCmdline(dir, "--set-dmo0", "pciback.hide=(06:00.0)")).toEqual(ok());
    expect(rootFile(dir, "boot/extlinux.conf")).toBe(before);
    expect(xenCmdline(dir, "--set-dom0", "pciback.hide=(0b::00.1)")).toEqual(ok());
    expect(xenCmdline(dir, "--get-dom0", "pciback.hide")).toEqual(ok("pciback.hide=(0b::00.1)\n"));
  });

  test("--get-xen reads the hypervisor args", () => {
    expect(xenCmdline(tempHost("xs62"), "--get-xen", "dom0_mem")).toEqual(ok("dom0_mem=752M,max:752M\n"));
  });
});

describe.each<Exclude<Profile, "xs62">>(["xs82", "xcpng83"])("xen-cmdline on %s (grub)", (profile) => {
  // Corrected to the host facts (docs/host-facts.md): every set re-renders the whole file, which adds the load_env block
  // (the earlier expectation had only the two module2 lines change).
  test("--set-dom0 edits the vmlinuz module2 line of xe and xe-serial only, and adds the load_env block", () => {
    const dir = tempHost(profile);
    const before = rootFile(dir, "boot/grub/grub.cfg");
    xenCmdline(dir, "--set-dom0", "xen-pciback.hide=(0000:06:00.0)");
    const xeDom0 = "\tmodule2 /boot/vmlinuz-4.19-xen root=LABEL=root-5f0c7a ro nolvm hpet=disable console=hvc0 console=tty0 quiet vga=785 splash plymouth.ignore-serial-consoles";
    const serialDom0 = "\tmodule2 /boot/vmlinuz-4.19-xen root=LABEL=root-5f0c7a ro nolvm hpet=disable console=tty0 console=hvc0";
    const loadEnv = 'if [ -s $prefix/grubenv ]; then\n\tload_env\nfi\n\nif [ -n "$override_entry" ]; then\n\tset default=$override_entry\nfi\n\n';
    const expected = before
      .replace("set timeout=5\n", `set timeout=5\n${loadEnv}`)
      .replace(`${xeDom0}\n`, `${xeDom0} xen-pciback.hide=(0000:06:00.0)\n`)
      .replace(`${serialDom0}\n`, `${serialDom0} xen-pciback.hide=(0000:06:00.0)\n`);
    expect(changedLines(before, expected)).not.toEqual([]);
    expect(rootFile(dir, "boot/grub/grub.cfg")).toBe(expected);
    expect(xenCmdline(dir, "--get-dom0", "xen-pciback.hide")).toEqual(ok("xen-pciback.hide=(0000:06:00.0)\n"));
  });

  test("/proc/cmdline holds the default entry's dom0 args", () => {
    expect(rootFile(tempHost(profile), "proc/cmdline")).toBe(
      "root=LABEL=root-5f0c7a ro nolvm hpet=disable console=hvc0 console=tty0 quiet vga=785 splash plymouth.ignore-serial-consoles\n",
    );
  });
});

describe("extlinux -i", () => {
  test("records a copy of the config at the moment it ran", () => {
    const dir = tempHost("xs62");
    runTool(dir, "xen-cmdline", ["--set-dom0", "pciback.hide=(0000:06:00.0)"]);
    expect(runTool(dir, "extlinux", ["-i", "/boot"])).toEqual(ok("/boot is device /dev/sda1\n"));
    runTool(dir, "xen-cmdline", ["--delete-dom0", "pciback.hide"]);
    const installs = readExtlinuxInstalls(dir);
    expect(installs).toHaveLength(1);
    expect(installs[0]).toContain("splash pciback.hide=(0000:06:00.0) ---");
    expect(readSimState(dir).extlinuxInstalls).toBe(1);
  });

  test("without -i it prints its usage and fails", () => {
    const dir = tempHost("xs62");
    expect(runTool(dir, "extlinux", ["/boot"]).exitCode).toBe(1);
    expect(readSimState(dir).extlinuxInstalls).toBe(0);
  });
});

describe("host reboot with a hide list", () => {
  function drivers(dir: string): Record<string, string> {
    return Object.fromEntries(readSimState(dir).pcis.map((p) => [p.address, p.driver]));
  }

  test("xs62 binds the devices of pciback.hide, short and full forms, to pciback", () => {
    const dir = tempHost("xs62");
    runTool(dir, "xen-cmdline", ["--set-dom0", "pciback.hide=(06:00.0)(0000:01:00.0)"]);
    rebootHost(dir);
    expect(readSimState(dir).cmdline).toBe("root=LABEL=root-5f0c7a ro xencons=hvc console=hvc0 console=tty0 quiet vga=785 splash pciback.hide=(06:00.0)(0000:01:00.0)");
    expect(drivers(dir)).toEqual({
      "0000:00:19.0": "e1000e",
      "0000:00:1f.2": "ata_piix",
      "0000:01:00.0": "pciback",
      "0000:06:00.0": "pciback",
      "0000:07:00.0": "nouveau",
      "0000:07:00.1": "snd_hda_intel",
    });
  });

  test("xs62 ignores the pvops key xen-pciback.hide", () => {
    const dir = tempHost("xs62");
    runTool(dir, "xen-cmdline", ["--set-dom0", "xen-pciback.hide=(0000:06:00.0)"]);
    rebootHost(dir);
    expect(drivers(dir)["0000:06:00.0"]).toBe("atl1c");
  });

  test("a malformed entry breaks boot-time hiding of the whole list", () => {
    const dir = tempHost("xs82");
    runTool(dir, "xen-cmdline", ["--set-dom0", "xen-pciback.hide=(0000:06:00.0)(0b::00.1)"]);
    rebootHost(dir);
    expect(drivers(dir)["0000:06:00.0"]).toBe("atl1c");
  });

  test("a hidden device stays on pciback when the VM using it shuts down", () => {
    const dir = tempHost("xs82");
    runTool(dir, "xen-cmdline", ["--set-dom0", "xen-pciback.hide=(0000:01:00.0)"]);
    rebootHost(dir);
    runTool(dir, "xe", ["vm-param-set", "uuid=3e5b9d70-1f2c-4a8e-b6d4-90c1e7f2a845", "other-config:pci=0/0000:01:00.0"]);
    runTool(dir, "xe", ["vm-start", "uuid=3e5b9d70-1f2c-4a8e-b6d4-90c1e7f2a845"]);
    runTool(dir, "xe", ["vm-shutdown", "uuid=3e5b9d70-1f2c-4a8e-b6d4-90c1e7f2a845"]);
    expect(drivers(dir)["0000:01:00.0"]).toBe("pciback");
  });
});
