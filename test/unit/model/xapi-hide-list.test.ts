import { xapiHideListProblem } from "../../../provider/model/xapi-hide-list";

describe("xapiHideListProblem", () => {
  test.each([
    ["no key", "\n"],
    ["an empty output", ""],
    ["one full entry", "xen-pciback.hide=(0000:06:00.0)\n"],
    ["two full entries", "xen-pciback.hide=(0000:06:00.0)(0000:01:00.0)\n"],
    ["an upper-case full entry, which xapi scans", "xen-pciback.hide=(0000:0A:00.0)\n"],
    ["a function above 7, which %01x scans", "xen-pciback.hide=(0000:06:00.8)\n"],
    ["another key only", "pciback.hide=(06:00.0)\n"],
  ])("finds none in %s", (_title, stdout) => {
    expect(xapiHideListProblem(stdout)).toBeUndefined();
  });

  test.each([
    ["a short entry", "xen-pciback.hide=(0b:00.0)\n", { offending: ["(0b:00.0)"], fixedValue: "(0000:0b:00.0)", dropped: [] }],
    [
      "a short entry after a full one",
      "xen-pciback.hide=(0000:06:00.0)(0B:00.0)\n",
      { offending: ["(0B:00.0)"], fixedValue: "(0000:06:00.0)(0000:0b:00.0)", dropped: [] },
    ],
    [
      "a malformed entry",
      "xen-pciback.hide=(0000:06:00.0)(0b::00.1)\n",
      { offending: ["(0b::00.1)"], fixedValue: "(0000:06:00.0)", dropped: ["(0b::00.1)"] },
    ],
    ["stray text", "xen-pciback.hide=(0000:06:00.0)x\n", { offending: ["x"], fixedValue: "(0000:06:00.0)", dropped: ["x"] }],
    [
      "short hex fields, which scanf's widths take but which break the 14-character reading",
      "xen-pciback.hide=(0:6:0.0)(0000:07:00.0)\n",
      { offending: ["(0:6:0.0)"], fixedValue: "(0000:06:00.0)(0000:07:00.0)", dropped: [] },
    ],
    [
      "the key twice in the default entry",
      "xen-pciback.hide=(0000:06:00.0)\nxen-pciback.hide=(0000:07:00.0)\n",
      { offending: ["xen-pciback.hide=(0000:06:00.0) xen-pciback.hide=(0000:07:00.0)"], fixedValue: "(0000:06:00.0)(0000:07:00.0)", dropped: [] },
    ],
    ["only a malformed entry", "xen-pciback.hide=(zz)\n", { offending: ["(zz)"], fixedValue: "", dropped: ["(zz)"] }],
  ])("names what xapi cannot read in %s, and the list that fixes it", (_title, stdout, expected) => {
    expect(xapiHideListProblem(stdout)).toEqual(expected);
  });
});
