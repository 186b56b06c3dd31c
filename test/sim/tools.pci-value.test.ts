import { pciAttachOrder, scanPciPiece } from "./host/pci-value";
import { cmdlineValue, parseHideList } from "./host/boot/hide-list";

describe("xapi's reading of other-config:pci", () => {
  test.each([
    ["0/0000:06:00.0", { index: 0, address: "0000:06:00.0" }],
    ["3/0000:07:00.1", { index: 3, address: "0000:07:00.1" }],
    ["0/0000:06:00.0xyz", { index: 0, address: "0000:06:00.0" }],
    ["0/0000:0A:1F.7", { index: 0, address: "0000:0a:1f.7" }],
    ["0/0:6:0.0", { index: 0, address: "0000:06:00.0" }],
    ["0/0000:06:00.01", { index: 0, address: "0000:06:00.0" }],
    ["-1/0000:06:00.0", { index: -1, address: "0000:06:00.0" }],
  ])("the piece %j scans to %j", (piece, expected) => {
    expect(scanPciPiece(piece)).toEqual(expected);
  });

  test.each([
    [" 0/0000:07:00.0"],
    ["0/06:00.0"],
    ["0000:06:00.0"],
    ["0/00000:06:00.0"],
    ["x/0000:06:00.0"],
    [""],
    ["0/0000:06:00"],
  ])("the piece %j is dropped", (piece) => {
    expect(scanPciPiece(piece)).toBeUndefined();
  });

  test("groups attach in ascending index and in reverse order inside one index", () => {
    expect(pciAttachOrder("1/0000:01:00.0,0/0000:06:00.0,0/0000:07:00.0,2/0000:07:00.1")).toEqual([
      "0000:07:00.0",
      "0000:06:00.0",
      "0000:01:00.0",
      "0000:07:00.1",
    ]);
  });

  test("the seed's space after the comma silently drops the second device", () => {
    expect(pciAttachOrder("0/0000:06:00.0, 0/0000:07:00.0")).toEqual(["0000:06:00.0"]);
  });

  test("a value whose every piece is dropped attaches nothing", () => {
    expect(pciAttachOrder("06:00.0,garbage")).toEqual([]);
  });
});

describe("the kernel's reading of a hide list", () => {
  test("short and full forms both name full addresses", () => {
    expect(parseHideList("(06:00.0)(0000:01:00.0)")).toEqual({ addresses: ["0000:06:00.0", "0000:01:00.0"], malformed: false });
  });

  test("a malformed entry marks the whole list malformed", () => {
    expect(parseHideList("(06:00.0)(0b::00.1)")).toEqual({ addresses: ["0000:06:00.0"], malformed: true });
  });

  test("text outside parentheses marks the list malformed", () => {
    expect(parseHideList("06:00.0")).toEqual({ addresses: [], malformed: true });
  });

  test("the last occurrence of a key wins", () => {
    expect(cmdlineValue(["ro", "pciback.hide=(01:00.0)", "quiet", "pciback.hide=(06:00.0)"], "pciback.hide")).toBe("(06:00.0)");
  });

  test("keys match exactly", () => {
    expect(cmdlineValue(["xen-pciback.hide=(01:00.0)"], "pciback.hide")).toBeUndefined();
  });
});
