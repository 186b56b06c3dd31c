import { HostStateError, ValidationError } from "../../../provider/errors";
import { addHideEntry, listHidden, removeHideEntry } from "../../../provider/model/hide-edit";
import { errorWith } from "../../support/error-match";

const BASE = "root=LABEL=root-xyzabc ro xencons=hvc console=hvc0 console=tty0 quiet vga=785 splash";

describe("addHideEntry", () => {
  it("appends the parameter in the full form when it is absent", () => {
    expect(addHideEntry(BASE, "pciback.hide", "06:00.0")).toBe(`${BASE} pciback.hide=(0000:06:00.0)`);
  });

  it("writes the parameter alone into empty arguments", () => {
    expect(addHideEntry("", "xen-pciback.hide", "0000:06:00.0")).toBe("xen-pciback.hide=(0000:06:00.0)");
  });

  it("adds to the end of an existing list and keeps the short-form entries as written", () => {
    expect(addHideEntry(`${BASE} pciback.hide=(06:00.0)(01:00.0) x=1`, "pciback.hide", "07:00.0")).toBe(
      `${BASE} pciback.hide=(06:00.0)(01:00.0)(0000:07:00.0) x=1`,
    );
  });

  it("returns the same string when the device is already listed in the short form", () => {
    const args = `${BASE} pciback.hide=(06:00.0)(01:00.0)`;
    expect(addHideEntry(args, "pciback.hide", "0000:01:00.0")).toBe(args);
  });

  it("is idempotent: adding twice gives the same text as adding once", () => {
    const once = addHideEntry(BASE, "pciback.hide", "06:00.0");
    expect(addHideEntry(once, "pciback.hide", "06:00.0")).toBe(once);
  });

  it("treats pciback.hide and xen-pciback.hide as different keys", () => {
    expect(addHideEntry("ro xen-pciback.hide=(0000:06:00.0)", "pciback.hide", "06:00.0")).toBe(
      "ro xen-pciback.hide=(0000:06:00.0) pciback.hide=(0000:06:00.0)",
    );
  });

  it("adds inside the quotes of a quoted value", () => {
    expect(addHideEntry('ro pciback.hide="(01:00.0)"', "pciback.hide", "06:00.0")).toBe(
      'ro pciback.hide="(01:00.0)(0000:06:00.0)"',
    );
  });

  it("refuses a parameter that appears twice, naming the count", () => {
    const args = "pciback.hide=(01:00.0) ro pciback.hide=(07:00.0)";
    expect(() => addHideEntry(args, "pciback.hide", "06:00.0")).toThrow(
      errorWith("HIDE_PARAMETER_DUPLICATED", "0000:06:00.0 to pciback.hide: the parameter appears 2 times in the dom0 arguments", { hint: "Merge them by hand into one pciback.hide=(…)(…) parameter, then run again." }),
    );
  });

  it("refuses to add after a malformed entry, which would never be read", () => {
    let caught: unknown;
    try {
      addHideEntry("ro pciback.hide=(01:00.0)(0b::00.1)", "pciback.hide", "06:00.0");
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(HostStateError);
    expect((caught as HostStateError).code).toBe("HIDE_LIST_MALFORMED");
    expect((caught as HostStateError).reason).toContain('0000:06:00.0 to pciback.hide: the list "(01:00.0)(0b::00.1)" holds malformed entries "(0b::00.1)"');
    expect((caught as HostStateError).hint).toContain("(0000:06:00.0)(0000:01:00.0) form");
  });

  it("rejects an address that is not a PCI address", () => {
    expect(() => addHideEntry(BASE, "pciback.hide", "0b::00.1")).toThrow(ValidationError);
    expect(() => addHideEntry(BASE, "pciback.hide", "0b::00.1")).toThrow('"0b::00.1" in pciback.hide: it is not a PCI address.');
  });
});

describe("removeHideEntry", () => {
  it("gives back the original bytes after add then remove", () => {
    for (const original of [BASE, "", `${BASE} `, `ro pciback.hide=(01:00.0)`, "ro\tquiet"]) {
      const added = addHideEntry(original, "pciback.hide", "06:00.0");
      expect(removeHideEntry(added, "pciback.hide", "06:00.0")).toBe(original);
    }
  });

  it("removes a short-form entry and keeps the entries it does not own verbatim", () => {
    expect(removeHideEntry(`${BASE} pciback.hide=(06:00.0)(01:00.0)`, "pciback.hide", "0000:06:00.0")).toBe(
      `${BASE} pciback.hide=(01:00.0)`,
    );
  });

  it("keeps foreign, wildcard and malformed entries when removing ours", () => {
    expect(
      removeHideEntry("a xen-pciback.hide=(0000:00:02.*)(0000:06:00.0)(0b::00.1) b", "xen-pciback.hide", "06:00.0"),
    ).toBe("a xen-pciback.hide=(0000:00:02.*)(0b::00.1) b");
  });

  it("drops the parameter and one space when the list becomes empty, wherever it stands", () => {
    expect(removeHideEntry("ro pciback.hide=(06:00.0) quiet", "pciback.hide", "06:00.0")).toBe("ro quiet");
    expect(removeHideEntry("pciback.hide=(06:00.0) quiet", "pciback.hide", "06:00.0")).toBe("quiet");
    expect(removeHideEntry("pciback.hide=(06:00.0)", "pciback.hide", "06:00.0")).toBe("");
  });

  it("returns the same string when the device or the parameter is absent", () => {
    const args = `${BASE} pciback.hide=(01:00.0)`;
    expect(removeHideEntry(args, "pciback.hide", "06:00.0")).toBe(args);
    expect(removeHideEntry(BASE, "pciback.hide", "06:00.0")).toBe(BASE);
    expect(removeHideEntry(args, "xen-pciback.hide", "01:00.0")).toBe(args);
  });

  it("refuses a parameter that appears three times", () => {
    const args = "pciback.hide=(06:00.0) pciback.hide=(06:00.0) pciback.hide=(01:00.0)";
    expect(() => removeHideEntry(args, "pciback.hide", "06:00.0")).toThrow(
      errorWith("HIDE_PARAMETER_DUPLICATED", "0000:06:00.0 from pciback.hide: the parameter appears 3 times in the dom0 arguments"),
    );
  });
});

describe("listHidden", () => {
  it("lists the normalised addresses of the parameter", () => {
    expect(listHidden(`${BASE} pciback.hide=(06:00.0)(0000:01:00.0)`, "pciback.hide")).toEqual({
      occurrences: 1,
      addresses: ["0000:06:00.0", "0000:01:00.0"],
      malformed: [],
    });
  });

  it("reports the last occurrence, which the kernel uses, and how many there are", () => {
    expect(listHidden("pciback.hide=(06:00.0) pciback.hide=(01:00.0)(0b::00.1)", "pciback.hide")).toEqual({
      occurrences: 2,
      addresses: ["0000:01:00.0"],
      malformed: ["(0b::00.1)"],
    });
  });

  it("reports nothing when the parameter is absent or has no value", () => {
    expect(listHidden(BASE, "xen-pciback.hide")).toEqual({ occurrences: 0, addresses: [], malformed: [] });
    expect(listHidden("ro pciback.hide", "pciback.hide")).toEqual({ occurrences: 1, addresses: [], malformed: [] });
  });
});
