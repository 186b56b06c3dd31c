import * as fs from "node:fs";
import * as path from "node:path";
import { hostStateErrorOf } from "../support/pci-fixtures";
import { editDom0Args, resolveBootEntries } from "../../../provider/model/extlinux-edit";
import {
  extlinuxHideStatus,
  planExtlinuxHideAdd,
  planExtlinuxHideRemove,
  type ExtlinuxHidePlan,
} from "../../../provider/model/extlinux-hide";
import { parseExtlinux } from "../../../provider/model/extlinux-parse";

const GOLDEN = path.join(__dirname, "golden", "extlinux");
const golden = (name: string): string => fs.readFileSync(path.join(GOLDEN, name), "utf8");
const key = "pciback.hide" as const;

function textOf(plan: ExtlinuxHidePlan): string {
  if (plan.kind !== "changed") throw new Error("expected a change");
  return plan.text;
}

describe("resolveBootEntries", () => {
  it("defaults to every label in the three-part Xen form", () => {
    expect(resolveBootEntries(parseExtlinux(golden("missing-separator.conf")))).toEqual(["xe", "fallback"]);
  });

  it("accepts explicit Xen labels in the order given", () => {
    expect(resolveBootEntries(parseExtlinux(golden("xs62-serial.conf")), ["xe-serial", "xe"])).toEqual(["xe-serial", "xe"]);
  });

  it("refuses an explicit label without the three-part form, naming it and the reason", () => {
    const error = hostStateErrorOf(() => resolveBootEntries(parseExtlinux(golden("missing-separator.conf")), ["xe", "xe-broken"]));
    expect(error.code).toBe("BOOT_ENTRY_NOT_XEN");
    expect(error.reason).toContain('boot entry "xe-broken" in extlinux.conf: its append line has 1 "---" separator, not the three-part Xen form');
    expect(error.hint).toContain('Remove "xe-broken" from bootEntries');
  });

  it("refuses an unknown label and lists the labels that exist", () => {
    const error = hostStateErrorOf(() => resolveBootEntries(parseExtlinux(golden("xs62.conf")), ["xe-serial"]));
    expect(error.code).toBe("BOOT_ENTRY_NOT_FOUND");
    expect(error.reason).toContain('boot entry "xe-serial" in extlinux.conf: there is no such label (labels: xe, fallback).');
  });

  it("refuses a file where no label boots Xen", () => {
    const error = hostStateErrorOf(() => resolveBootEntries(parseExtlinux("default linux\nlabel linux\n  append ro quiet\n")));
    expect(error.code).toBe("NO_XEN_BOOT_ENTRY");
    expect(error.reason).toContain("extlinux.conf: no label has an append line in the three-part Xen form");
    expect(error.hint).toContain('method "xen-cmdline"');
  });
});

describe("editDom0Args", () => {
  it("changes only the dom0 arguments of the chosen labels", () => {
    const text = "label a\n  append /x --- /k ro --- /i\nlabel b\n  append /x --- /k ro --- /i\n";
    expect(editDom0Args(parseExtlinux(text), ["b"], (args, label) => `${args} for-${label}`)).toBe(
      "label a\n  append /x --- /k ro --- /i\nlabel b\n  append /x --- /k ro for-b --- /i\n",
    );
  });

  it("gives the exact text back when the edit returns the arguments unchanged", () => {
    const text = golden("odd-spacing.conf");
    expect(editDom0Args(parseExtlinux(text), ["xe", "bare", "quoted"], (args) => args)).toBe(text);
  });

  it("adds and removes the one separating space of empty arguments", () => {
    const text = "label a\n  append /x --- /k --- /i\n";
    const filled = editDom0Args(parseExtlinux(text), ["a"], () => "ro");
    expect(filled).toBe("label a\n  append /x --- /k ro --- /i\n");
    expect(editDom0Args(parseExtlinux(filled), ["a"], () => "")).toBe(text);
  });
});

describe("planExtlinuxHideAdd and planExtlinuxHideRemove on the golden files", () => {
  const addCases = ["xs62", "xs62-serial", "crlf", "missing-separator"];

  it.each(addCases)("adds 06:00.0 to every Xen label of %s.conf as in the expected file", (name) => {
    const plan = planExtlinuxHideAdd(golden(`${name}.conf`), { key, address: "06:00.0" });
    expect(textOf(plan)).toBe(golden(`${name}.add-0000_06_00.0.expected`));
  });

  it.each(addCases)("adding twice to %s.conf changes nothing the second time", (name) => {
    const once = golden(`${name}.add-0000_06_00.0.expected`);
    const plan = planExtlinuxHideAdd(once, { key, address: "0000:06:00.0" });
    expect(plan.kind).toBe("unchanged");
  });

  it.each(addCases)("removing after adding gives back %s.conf byte for byte", (name) => {
    const plan = planExtlinuxHideRemove(golden(`${name}.add-0000_06_00.0.expected`), { key, address: "06:00.0" });
    expect(textOf(plan)).toBe(golden(`${name}.conf`));
  });

  it("leaves the seed's file unchanged when the device is already there in the short form", () => {
    const plan = planExtlinuxHideAdd(golden("seed-short-form.conf"), { key, address: "06:00.0", labels: ["xe"] });
    expect(plan).toEqual({ kind: "unchanged", labels: ["xe"] });
  });

  it("adds a third device to the seed's short-form list in the full form", () => {
    const plan = planExtlinuxHideAdd(golden("seed-short-form.conf"), { key, address: "07:00.0" });
    expect(textOf(plan)).toBe(golden("seed-short-form.add-0000_07_00.0.expected"));
  });

  it("removes one device of the seed's list and keeps the other as written", () => {
    const plan = planExtlinuxHideRemove(golden("seed-short-form.conf"), { key, address: "0000:06:00.0" });
    expect(textOf(plan)).toBe(golden("seed-short-form.remove-0000_06_00.0.expected"));
  });

  it("edits only the chosen labels of an oddly spaced file", () => {
    const plan = planExtlinuxHideAdd(golden("odd-spacing.conf"), { key, address: "06:00.0", labels: ["xe", "bare"] });
    expect(textOf(plan)).toBe(golden("odd-spacing.add-0000_06_00.0.expected"));
    expect(plan.labels).toEqual(["xe", "bare"]);
  });

  it("removes with foreign and malformed entries present and keeps them", () => {
    const plan = planExtlinuxHideRemove(golden("odd-spacing.conf"), { key, address: "07:00.0" });
    expect(textOf(plan)).toBe(golden("odd-spacing.remove-0000_07_00.0.expected"));
  });

  it("refuses to add to a label whose list is malformed", () => {
    const error = hostStateErrorOf(() => planExtlinuxHideAdd(golden("odd-spacing.conf"), { key, address: "06:00.0" }));
    expect(error.code).toBe("HIDE_LIST_MALFORMED");
  });

  it("refuses to add to a label that lacks the three-part form when asked for it by name", () => {
    const error = hostStateErrorOf(() =>
      planExtlinuxHideAdd(golden("missing-separator.conf"), { key, address: "06:00.0", labels: ["xe-broken"] }),
    );
    expect(error.code).toBe("BOOT_ENTRY_NOT_XEN");
  });

  it("skips gone and non-Xen labels when removing, and reports an unchanged file", () => {
    const plan = planExtlinuxHideRemove(golden("missing-separator.conf"), {
      key,
      address: "06:00.0",
      labels: ["xe-broken", "memtest", "gone"],
    });
    expect(plan).toEqual({ kind: "unchanged", labels: [] });
  });

  it("does not touch the other key", () => {
    const plan = planExtlinuxHideRemove(golden("seed-short-form.conf"), { key: "xen-pciback.hide", address: "06:00.0" });
    expect(plan.kind).toBe("unchanged");
  });
});

describe("extlinuxHideStatus", () => {
  it("reports per label and for the default label", () => {
    expect(extlinuxHideStatus(golden("seed-short-form.conf"), { key, address: "01:00.0" })).toEqual({
      defaultLabel: "xe",
      hiddenInDefault: true,
      labels: [
        { label: "xe", hidden: true, occurrences: 1, malformed: [] },
        { label: "fallback", hidden: false, occurrences: 0, malformed: [] },
      ],
    });
  });

  it("reports malformed items and omits labels that are gone or not Xen", () => {
    expect(
      extlinuxHideStatus(golden("odd-spacing.conf"), { key, address: "0000:07:00.0", labels: ["quoted", "gone"] }),
    ).toEqual({
      defaultLabel: "xe",
      hiddenInDefault: false,
      labels: [{ label: "quoted", hidden: true, occurrences: 1, malformed: ["(0b::00.1)"] }],
    });
  });

  it("reports a hide parameter lost from the default label as not hidden", () => {
    const status = extlinuxHideStatus(golden("xs62-serial.add-0000_06_00.0.expected").replace(
      "console=hvc0 pciback.hide=(0000:06:00.0) --- /boot/initrd-2.6-xen.img\n\nlabel safe",
      "console=hvc0 --- /boot/initrd-2.6-xen.img\n\nlabel safe",
    ), { key, address: "06:00.0" });
    expect(status.defaultLabel).toBe("xe-serial");
    expect(status.hiddenInDefault).toBe(false);
    expect(status.labels.map((l) => [l.label, l.hidden])).toEqual([
      ["xe", true],
      ["xe-serial", false],
      ["safe", true],
      ["fallback", true],
      ["fallback-serial", true],
    ]);
  });
});
