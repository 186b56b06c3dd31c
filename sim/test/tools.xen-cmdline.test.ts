import * as fs from "node:fs";
import * as path from "node:path";
import { runTool } from "../host";
import { err, ok, removeTempHosts, rootFile, tempHost } from "./tools.fixture";

afterAll(removeTempHosts);

function golden(name: string): string {
  return fs.readFileSync(path.join(__dirname, "golden", name), "utf8");
}

function xenCmdline(dir: string, ...argv: string[]): ReturnType<typeof runTool> {
  return runTool(dir, "xen-cmdline", argv);
}

const GRUB = "boot/grub/grub.cfg";

function writeGrub(dir: string, text: string): void {
  fs.writeFileSync(path.join(dir, "root", GRUB), text);
}

/** The dom0 arguments (vmlinuz module2 line) of the entry titled `title`. */
function dom0Line(text: string, title: string): string | undefined {
  const lines = text.split("\n");
  return lines.slice(lines.indexOf(`menuentry '${title}' {`)).find((l) => l.startsWith("\tmodule2 /boot/vmlinuz"));
}

const LOAD_ENV = 'if [ -s $prefix/grubenv ]; then\n\tload_env\nfi\n\nif [ -n "$override_entry" ]; then\n\tset default=$override_entry\nfi\n\n';

describe("the XCP-ng 8.3 grub.cfg as the installer writes it", () => {
  test("has the header, then one menuentry per title with no --id and no blank line", () => {
    const text = rootFile(tempHost("xcpng83"), GRUB);
    expect(text).toBe(golden("grub.xcpng83.installer.cfg"));
    expect(text.split("\n").slice(0, 6)).toEqual([
      "serial --unit=0 --speed=115200",
      "terminal_input serial console",
      "terminal_output serial console",
      "set default=0",
      "set timeout=5",
      "menuentry 'XCP-ng' {",
    ]);
    expect(text).not.toContain("--id");
    expect(text.trimEnd().split("\n")).not.toContain("");
  });
});

describe("xen-cmdline on XCP-ng 8.3 (grub, Python 3 script)", () => {
  test("a set re-renders the whole file: the load_env block is added and the two dom0 lines change", () => {
    const dir = tempHost("xcpng83");
    expect(xenCmdline(dir, "--set-dom0", "xen-pciback.hide=(0000:06:00.0)")).toEqual(ok());
    expect(rootFile(dir, GRUB)).toBe(golden("grub.xcpng83.after-set-dom0.cfg"));
  });

  test("the load_env block is added once; a delete after a set leaves the re-rendered form, not the installer's", () => {
    const dir = tempHost("xcpng83");
    xenCmdline(dir, "--set-dom0", "xen-pciback.hide=(0000:06:00.0)");
    xenCmdline(dir, "--set-dom0", "xen-pciback.hide=(0000:06:00.0)");
    expect(rootFile(dir, GRUB)).toBe(golden("grub.xcpng83.after-set-dom0.cfg"));
    xenCmdline(dir, "--delete-dom0", "xen-pciback.hide");
    expect(rootFile(dir, GRUB)).toBe(golden("grub.xcpng83.installer.cfg").replace("set timeout=5\n", `set timeout=5\n${LOAD_ENV}`));
  });

  test("entries are found by title: the brand and its (Serial) variant are edited wherever they are, nothing else", () => {
    const dir = tempHost("xcpng83");
    const installer = rootFile(dir, GRUB);
    const [head = "", ...entries] = installer.split(/(?=menuentry ')/);
    // Serial first, then an entry with a title the library does not know, then the rest.
    const other = "menuentry 'Memtest86+' {\n\tlinux /boot/memtest.bin console=ttyS0\n}\n";
    writeGrub(dir, [head, entries[1], other, entries[0], ...entries.slice(2)].join(""));
    xenCmdline(dir, "--set-dom0", "k=v");
    const text = rootFile(dir, GRUB);
    for (const title of ["XCP-ng", "XCP-ng (Serial)"]) expect(dom0Line(text, title)).toMatch(/ k=v$/);
    for (const title of ["XCP-ng in Safe Mode", "XCP-ng (Xen 4.17.5 / Linux 4.19.0+1)", "XCP-ng (Serial, Xen 4.17.5 / Linux 4.19.0+1)"]) {
      expect(dom0Line(text, title)).not.toContain("k=v");
    }
    expect(text).toContain("menuentry 'Memtest86+' {\n\tlinux /boot/memtest.bin console=ttyS0\n}\n");
  });

  test("get reads the entry `set default=` names; set edits xe and xe-serial whatever the default", () => {
    const dir = tempHost("xcpng83");
    writeGrub(dir, rootFile(dir, GRUB).replace("set default=0", "set default=2"));
    expect(xenCmdline(dir, "--get-dom0", "earlyprintk")).toEqual(ok("earlyprintk=xen\n"));
    xenCmdline(dir, "--set-dom0", "earlyprintk=vga");
    expect(xenCmdline(dir, "--get-dom0", "earlyprintk")).toEqual(ok("earlyprintk=xen\n"));
    expect(dom0Line(rootFile(dir, GRUB), "XCP-ng")).toMatch(/ earlyprintk=vga$/);
  });

  test("--get-dom0 prints each matching token on its own line, an empty line when none, nothing without a key", () => {
    const dir = tempHost("xcpng83");
    expect(xenCmdline(dir, "--get-dom0", "console")).toEqual(ok("console=hvc0\nconsole=tty0\n"));
    expect(xenCmdline(dir, "--get-dom0", "xen-pciback.hide")).toEqual(ok("\n"));
    expect(xenCmdline(dir, "--get-dom0")).toEqual(ok());
  });

  test("--set-dom0 removes every token of the key, bare or with a value, and appends the new one at the end", () => {
    const dir = tempHost("xcpng83");
    xenCmdline(dir, "--set-dom0", "console=ttyS0");
    expect(dom0Line(rootFile(dir, GRUB), "XCP-ng")).toBe(
      "\tmodule2 /boot/vmlinuz-4.19-xen root=LABEL=root-5f0c7a ro nolvm hpet=disable quiet vga=785 splash plymouth.ignore-serial-consoles console=ttyS0",
    );
    xenCmdline(dir, "--set-dom0", "quiet=0");
    expect(xenCmdline(dir, "--get-dom0", "quiet", "console")).toEqual(ok("console=ttyS0\nquiet=0\n"));
  });

  test("whitespace is normalised and lines after the last entry are dropped", () => {
    const dir = tempHost("xcpng83");
    const spaced = rootFile(dir, GRUB)
      .replace("\tmultiboot2 /boot/xen.gz dom0_mem", "    multiboot2   /boot/xen.gz dom0_mem")
      .replace("quiet vga=785", "quiet    vga=785");
    writeGrub(dir, `${spaced}\n# added by hand\nmenuentry 'Broken' {\n`);
    xenCmdline(dir, "--delete-dom0", "nothing-here");
    expect(rootFile(dir, GRUB)).toBe(golden("grub.xcpng83.installer.cfg").replace("set timeout=5\n", `set timeout=5\n${LOAD_ENV}`));
  });

  test("a commit replaces the file through a temp file and a rename, mode 0600", () => {
    const dir = tempHost("xcpng83");
    const file = path.join(dir, "root", GRUB);
    fs.chmodSync(file, 0o644);
    const inode = fs.statSync(file).ino;
    xenCmdline(dir, "--set-dom0", "a=1");
    const after = fs.statSync(file);
    expect(after.ino).not.toBe(inode);
    expect(after.mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(path.dirname(file))).toEqual(["grub.cfg"]);
  });

  test("a get does not write the file", () => {
    const dir = tempHost("xcpng83");
    const file = path.join(dir, "root", GRUB);
    const inode = fs.statSync(file).ino;
    xenCmdline(dir, "--get-dom0", "quiet");
    expect(fs.statSync(file).ino).toBe(inode);
  });

  test("an unknown option exits 0 and changes nothing; its words join the open option's next group", () => {
    const dir = tempHost("xcpng83");
    const before = rootFile(dir, GRUB);
    expect(xenCmdline(dir, "--set-dmo0", "xen-pciback.hide=(0000:06:00.0)")).toEqual(ok());
    expect(rootFile(dir, GRUB)).toBe(before);
    expect(xenCmdline(dir, "--get-dom0", "quiet", "--bogus", "splash")).toEqual(ok("quiet\nsplash\n"));
  });

  test("the BDF is never validated and keys match exactly", () => {
    const dir = tempHost("xcpng83");
    expect(xenCmdline(dir, "--set-dom0", "xen-pciback.hide=(0b::00.1)")).toEqual(ok());
    expect(xenCmdline(dir, "--get-dom0", "xen-pciback.hide")).toEqual(ok("xen-pciback.hide=(0b::00.1)\n"));
    expect(xenCmdline(dir, "--get-dom0", "pciback.hide")).toEqual(ok("\n"));
    expect(xenCmdline(dir, "--get-dom0", "xen-pciback")).toEqual(ok("\n"));
  });

  test("two keys in one option: py3 prints per key matched and keeps untouched tokens once per key (doubled)", () => {
    const dir = tempHost("xcpng83");
    xenCmdline(dir, "--delete-dom0", "quiet", "splash");
    expect(dom0Line(rootFile(dir, GRUB), "XCP-ng (Serial)")).toBe(
      "\tmodule2 /boot/vmlinuz-4.19-xen root=LABEL=root-5f0c7a root=LABEL=root-5f0c7a ro ro nolvm nolvm hpet=disable hpet=disable console=tty0 console=tty0 console=hvc0 console=hvc0",
    );
  });

  test("no boot config is a Python traceback and exit 1", () => {
    const dir = tempHost("xcpng83");
    fs.rmSync(path.join(dir, "root", GRUB));
    expect(xenCmdline(dir, "--get-dom0", "xen-pciback.hide")).toEqual(
      err(
        "Traceback (most recent call last):\n" +
          '  File "/opt/xensource/libexec/xen-cmdline", line 76, in <module>\n' +
          "    b = Bootloader.loadExisting()\n" +
          '  File "/usr/lib/python3.6/site-packages/xcp/bootloader.py", line 292, in loadExisting\n' +
          '    raise RuntimeError("No existing bootloader configuration found")\n' +
          "RuntimeError: No existing bootloader configuration found\n",
      ),
    );
  });

  test("a `set default=` index out of range is a Python traceback and exit 1, even for an unknown option", () => {
    const dir = tempHost("xcpng83");
    writeGrub(dir, rootFile(dir, GRUB).replace("set default=0", "set default=5"));
    const traceback =
      "Traceback (most recent call last):\n" +
      '  File "/opt/xensource/libexec/xen-cmdline", line 76, in <module>\n' +
      "    b = Bootloader.loadExisting()\n" +
      '  File "/usr/lib/python3.6/site-packages/xcp/bootloader.py", line 288, in loadExisting\n' +
      '    return cls.readGrub2(os.path.join(root, "boot/grub/grub.cfg"))\n' +
      '  File "/usr/lib/python3.6/site-packages/xcp/bootloader.py", line 270, in readGrub2\n' +
      "    default = menu_order[int(default)]\n" +
      "IndexError: list index out of range\n";
    expect(xenCmdline(dir, "--set-dom0", "a=1")).toEqual(err(traceback));
    expect(xenCmdline(dir, "--help")).toEqual(err(traceback));
    // Python's negative index is in range: -1 is the last entry.
    writeGrub(dir, rootFile(dir, GRUB).replace("set default=5", "set default=-1"));
    expect(xenCmdline(dir, "--get-dom0", "console")).toEqual(ok("console=tty0\nconsole=hvc0\n"));
  });
});

describe("xen-cmdline on XenServer 8.2 and 6.2 (Python 2 script)", () => {
  test("two keys in one option: py2 keeps a token unless it matches both keys, so nothing is removed", () => {
    const dir = tempHost("xs82");
    const before = rootFile(dir, GRUB);
    xenCmdline(dir, "--delete-dom0", "quiet", "splash");
    expect(dom0Line(rootFile(dir, GRUB), "XenServer")).toBe(dom0Line(before, "XenServer"));
    expect(xenCmdline(dir, "--get-dom0", "splash", "quiet")).toEqual(ok("splash\nquiet\n"));
  });

  test("xs62 reads /boot/extlinux.conf: without it the traceback names the Python 2 library", () => {
    const dir = tempHost("xs62");
    fs.rmSync(path.join(dir, "root", "boot", "extlinux.conf"));
    const result = xenCmdline(dir, "--get-dom0", "pciback.hide");
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('  File "/opt/xensource/libexec/xen-cmdline", line 65, in <module>\n');
    expect(result.stderr).toMatch(/RuntimeError: No existing bootloader configuration found\n$/);
  });
});
