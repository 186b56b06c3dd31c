import * as fs from "node:fs";
import * as path from "node:path";
import fc from "fast-check";
import {
  findLabel,
  getDom0Args,
  labelNames,
  parseExtlinux,
  printExtlinux,
  xenLabelNames,
} from "../../../provider/model/extlinux-parse";

const GOLDEN = path.join(__dirname, "golden", "extlinux");
const golden = (name: string): string => fs.readFileSync(path.join(GOLDEN, name), "utf8");
const goldenFiles = fs.readdirSync(GOLDEN).sort();

describe("printExtlinux(parseExtlinux(x))", () => {
  it("finds the golden files", () => {
    expect(goldenFiles.filter((f) => f.endsWith(".conf"))).toEqual([
      "crlf.conf",
      "missing-separator.conf",
      "odd-spacing.conf",
      "seed-short-form.conf",
      "xs62-serial.conf",
      "xs62.conf",
    ]);
  });

  it.each(goldenFiles)("gives back golden file %s byte for byte", (name) => {
    const text = golden(name);
    expect(printExtlinux(parseExtlinux(text))).toBe(text);
  });

  it.each(["", "\n", "\r\n\r\n", "label x", "a\rb\n", "label x\r\n  append a --- b c --- d\r", "\n\n\t\n"])(
    "gives back %j byte for byte",
    (text) => {
      expect(printExtlinux(parseExtlinux(text))).toBe(text);
    },
  );

  it("gives back any text byte for byte", () => {
    const chars = fc.constantFrom("\n", "\r", "\t", " ", "-", "#", "a", "label ", "append ", "--- ", "é");
    fc.assert(
      fc.property(fc.array(chars, { maxLength: 80 }).map((parts) => parts.join("")), (text) => {
        expect(printExtlinux(parseExtlinux(text))).toBe(text);
      }),
    );
  });

  it("keeps each line's own ending", () => {
    expect(parseExtlinux("a\r\nb\nc").lines).toEqual([
      { raw: "a", eol: "\r\n" },
      { raw: "b", eol: "\n" },
      { raw: "c", eol: "" },
    ]);
  });
});

describe("parseExtlinux on the XenServer 6.2 layouts", () => {
  it("finds the labels, the default and the Xen labels of a standard install", () => {
    const config = parseExtlinux(golden("xs62.conf"));
    expect(labelNames(config)).toEqual(["xe", "fallback"]);
    expect(config.defaultLabel).toBe("xe");
    expect(xenLabelNames(config)).toEqual(["xe", "fallback"]);
  });

  it("finds the five entries of a serial install", () => {
    const config = parseExtlinux(golden("xs62-serial.conf"));
    expect(labelNames(config)).toEqual(["xe", "xe-serial", "safe", "fallback", "fallback-serial"]);
    expect(config.defaultLabel).toBe("xe-serial");
    expect(xenLabelNames(config)).toEqual(["xe", "xe-serial", "safe", "fallback", "fallback-serial"]);
  });

  it("reads the dom0 arguments of a label, without the kernel and the separators", () => {
    const config = parseExtlinux(golden("xs62-serial.conf"));
    expect(getDom0Args(config, "xe-serial")).toBe("root=LABEL=root-xyzabc ro console=tty0 xencons=hvc console=hvc0");
    expect(getDom0Args(config, "safe")).toBe("nousb root=LABEL=root-xyzabc ro console=tty0 xencons=hvc console=hvc0");
    expect(findLabel(config, "fallback")?.xen?.dom0Kernel).toBe("/boot/vmlinuz-fallback");
  });

  it("reads the seed's hand-written short-form list as part of the dom0 arguments", () => {
    expect(getDom0Args(parseExtlinux(golden("seed-short-form.conf")), "xe")).toBe(
      "root=LABEL=root-xyzabc ro xencons=hvc console=hvc0 console=tty0 quiet vga=785 splash pciback.hide=(06:00.0)(01:00.0)",
    );
  });

  it("reads CRLF files without the carriage return in the arguments", () => {
    const config = parseExtlinux(golden("crlf.conf"));
    expect(config.defaultLabel).toBe("xe");
    expect(getDom0Args(config, "fallback")).toBe("root=LABEL=root-xyzabc ro xencons=hvc console=hvc0 console=tty0");
    expect(getDom0Args(config, "xe")?.endsWith("splash")).toBe(true);
  });
});

describe("parseExtlinux on unusual files", () => {
  const config = parseExtlinux(golden("odd-spacing.conf"));

  it("reads upper-case keywords, tabs and odd spacing", () => {
    expect(labelNames(config)).toEqual(["xe", "bare", "quoted"]);
    expect(config.defaultLabel).toBe("xe");
    expect(getDom0Args(config, "xe")).toBe("root=LABEL=root-xyzabc  ro\tquiet");
  });

  it("gives a label without dom0 arguments an empty span right after the kernel", () => {
    const bare = findLabel(config, "bare")?.xen;
    expect(getDom0Args(config, "bare")).toBe("");
    expect(bare?.dom0Args).toEqual({ start: 70, end: 70 });
    expect(config.lines[bare?.lineIndex ?? -1]?.raw.slice(0, 70).endsWith("/boot/vmlinuz-2.6-xen")).toBe(true);
  });

  it("explains why a label without the three-part form is not editable", () => {
    const broken = parseExtlinux(golden("missing-separator.conf"));
    expect(xenLabelNames(broken)).toEqual(["xe", "fallback"]);
    expect(findLabel(broken, "xe-broken")?.notXenReason).toBe(
      'its append line has 1 "---" separator, not the three-part Xen form "<xen.gz> <xen args> --- <dom0 kernel> <dom0 args> --- <initrd>"',
    );
    expect(findLabel(broken, "memtest")?.notXenReason).toBe("it has no append line");
    expect(getDom0Args(broken, "xe-broken")).toBeUndefined();
    expect(getDom0Args(broken, "nosuch")).toBeUndefined();
  });

  it.each([
    ["  append --- /boot/vmlinuz ro --- /boot/initrd.img", 'its append line has no Xen hypervisor before the first "---"'],
    ["  append /boot/xen.gz --- --- /boot/initrd.img", 'its append line has no dom0 kernel between the two "---"'],
    ["  append /boot/vmlinuz ro quiet", 'its append line has 0 "---" separators, not the three-part Xen form "<xen.gz> <xen args> --- <dom0 kernel> <dom0 args> --- <initrd>"'],
  ])("rejects %j", (append, reason) => {
    expect(findLabel(parseExtlinux(`label x\n${append}\n`), "x")?.notXenReason).toBe(reason);
  });

  it("refuses a label with two append lines rather than guess which one counts", () => {
    const text = "label x\n  append /boot/xen.gz --- /k a --- /i\n  append /boot/xen.gz --- /k b --- /i\n";
    expect(findLabel(parseExtlinux(text), "x")?.notXenReason).toBe("it has 2 append lines");
  });

  it("keeps modules after the initrd and still finds the dom0 part", () => {
    const text = "label x\n  append /boot/xen.gz --- /k ro --- /i --- /boot/ucode.bin\n";
    expect(getDom0Args(parseExtlinux(text), "x")).toBe("ro");
  });

  it("takes the first word of the last default line and ignores commented labels", () => {
    const config2 = parseExtlinux("default a\n# label hidden\ndefault b extra\nlabel b\n");
    expect(config2.defaultLabel).toBe("b");
    expect(labelNames(config2)).toEqual(["b"]);
  });
});
