import { parseGetDom0, planXenCmdlineAdd, planXenCmdlineRemove } from "../../../provider/model/xen-cmdline";

const key = "xen-pciback.hide" as const;

describe("parseGetDom0", () => {
  it("reads the list xen-cmdline --get-dom0 prints", () => {
    expect(parseGetDom0("xen-pciback.hide=(0000:00:02.0)(0000:00:02.1)\n", key)).toEqual({
      occurrences: 1,
      addresses: ["0000:00:02.0", "0000:00:02.1"],
      malformed: [],
    });
  });

  it("reads an empty line as no parameter", () => {
    expect(parseGetDom0("\n", key)).toEqual({ occurrences: 0, addresses: [], malformed: [] });
  });
});

describe("planXenCmdlineAdd", () => {
  it("sets a new parameter when there is none", () => {
    expect(planXenCmdlineAdd("\n", key, "06:00.0")).toEqual({ kind: "set", arg: "xen-pciback.hide=(0000:06:00.0)" });
  });

  it("appends to an existing list", () => {
    expect(planXenCmdlineAdd("xen-pciback.hide=(0000:00:02.0)\n", key, "06:00.0")).toEqual({
      kind: "set",
      arg: "xen-pciback.hide=(0000:00:02.0)(0000:06:00.0)",
    });
  });

  it("does nothing when the device is already listed in the short form", () => {
    expect(planXenCmdlineAdd("xen-pciback.hide=(06:00.0)\n", key, "0000:06:00.0")).toEqual({ kind: "unchanged" });
  });

  it("refuses a malformed list", () => {
    expect(() => planXenCmdlineAdd("xen-pciback.hide=(0b::00.1)\n", key, "06:00.0")).toThrow(
      '0000:06:00.0 to xen-pciback.hide: the list "(0b::00.1)" holds malformed entries "(0b::00.1)"',
    );
  });
});

describe("planXenCmdlineRemove", () => {
  it("sets the shorter list when other devices remain", () => {
    expect(planXenCmdlineRemove("xen-pciback.hide=(0000:00:02.0)(06:00.0)\n", key, "06:00.0")).toEqual({
      kind: "set",
      arg: "xen-pciback.hide=(0000:00:02.0)",
    });
  });

  it("deletes the parameter when the list becomes empty", () => {
    expect(planXenCmdlineRemove("xen-pciback.hide=(0000:06:00.0)\n", key, "06:00.0")).toEqual({ kind: "delete", key });
  });

  it("does nothing when the device or the parameter is absent", () => {
    expect(planXenCmdlineRemove("xen-pciback.hide=(0000:00:02.0)\n", key, "06:00.0")).toEqual({ kind: "unchanged" });
    expect(planXenCmdlineRemove("\n", key, "06:00.0")).toEqual({ kind: "unchanged" });
  });
});
