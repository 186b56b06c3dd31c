import { pciAttachOrder, scanPciPiece } from "../host/pci-value";
import { readSimState, runTool } from "../host";
import { ok, removeTempHosts, tempHost, TV, xe } from "./tools.fixture";

afterAll(removeTempHosts);
import { cmdlineValue, parseHideList } from "../host/boot/hide-list";

describe("xapi's reading of other-config:pci", () => {
  test.each([
    ["0/0000:06:00.0", { index: 0, address: "0000:06:00.0" }],
    ["3/0000:07:00.1", { index: 3, address: "0000:07:00.1" }],
    ["0/0000:06:00.0xyz", { index: 0, address: "0000:06:00.0" }],
    ["0/0000:0A:1F.7", { index: 0, address: "0000:0a:1f.7" }],
    ["0/0:6:0.0", { index: 0, address: "0000:06:00.0" }],
    ["0/0000:06:00.01", { index: 0, address: "0000:06:00.0" }],
    ["-1/0000:06:00.0", { index: -1, address: "0000:06:00.0" }],
    ["+5/0000:06:00.0", { index: 5, address: "0000:06:00.0" }],
    ["1_0/0000:06:00.0", { index: 10, address: "0000:06:00.0" }],
    ["1__0/0000:06:00.0", { index: 10, address: "0000:06:00.0" }],
    ["0/0_00:06:00.0", { index: 0, address: "0000:06:00.0" }],
    ["0/000_:06:00.0", { index: 0, address: "0000:06:00.0" }],
    ["0/0000:06:00.f", { index: 0, address: "0000:06:00.f" }],
    ["00000000000000000000001/0000:06:00.0", { index: 1, address: "0000:06:00.0" }],
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
    ["0/0000:06:00."],
    ["_1/0000:06:00.0"],
    ["-_1/0000:06:00.0"],
    ["0/0000:0_6:00.0"],
    ["0/0000:06:00._1"],
    ["0/0x00:06:00.0"],
    ["4611686018427387904/0000:06:00.0"],
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

describe("the index is an OCaml int of the dom0", () => {
  test.each([
    // 2^62 - 1 and -2^62 (the public index is a double; the order is computed exactly).
    ["4611686018427387903/0000:06:00.0", 63, 2 ** 62],
    ["-4611686018427387904/0000:06:00.0", 63, -(2 ** 62)],
    ["1073741823/0000:06:00.0", 31, 1073741823],
    ["-1073741824/0000:06:00.0", 31, -1073741824],
  ] as const)("%j fits a %i-bit int", (piece, bits, index) => {
    expect(scanPciPiece(piece, bits)).toEqual({ index, address: "0000:06:00.0" });
  });

  test.each([
    ["4611686018427387904/0000:06:00.0", 63],
    ["-4611686018427387905/0000:06:00.0", 63],
    ["1073741824/0000:06:00.0", 31],
    ["-1073741825/0000:06:00.0", 31],
  ] as const)("%j overflows a %i-bit int: the piece is dropped", (piece, bits) => {
    expect(scanPciPiece(piece, bits)).toBeUndefined();
  });

  test("XenServer 6.2 drops an index that a 64-bit dom0 accepts", () => {
    expect(pciAttachOrder("2000000000/0000:06:00.0,0/0000:07:00.0", 31)).toEqual(["0000:07:00.0"]);
    expect(pciAttachOrder("2000000000/0000:06:00.0,0/0000:07:00.0", 63)).toEqual(["0000:07:00.0", "0000:06:00.0"]);
  });

  test("indices beyond a double's precision still order exactly", () => {
    expect(pciAttachOrder("4611686018427387903/0000:06:00.0,4611686018427387902/0000:07:00.0")).toEqual(["0000:07:00.0", "0000:06:00.0"]);
  });

  test.each([
    ["xs62", ["0000:01:00.0"]],
    ["xcpng83", ["0000:01:00.0", "0000:06:00.0"]],
  ] as const)("VM start on %s scans with that dom0's int size", (profile, attached) => {
    const dir = tempHost(profile);
    xe(dir, "vm-param-set", `uuid=${TV}`, "other-config:pci=2000000000/0000:06:00.0,0/0000:01:00.0");
    xe(dir, "vm-start", `uuid=${TV}`);
    expect(readSimState(dir).vms.find((v) => v.uuid === TV)?.attachedDevices).toEqual(attached);
  });
});

describe("what xenopsd plugs", () => {
  test("a device listed twice is plugged once, at its last position", () => {
    expect(pciAttachOrder("0/0000:06:00.0,1/0000:01:00.0,2/0000:06:00.0")).toEqual(["0000:01:00.0", "0000:06:00.0"]);
    expect(pciAttachOrder("0/0000:06:00.0,0/0000:06:00.0,0/0000:01:00.0")).toEqual(["0000:01:00.0", "0000:06:00.0"]);
    expect(pciAttachOrder("1/0000:06:00.0,0/0:6:0.0")).toEqual(["0000:06:00.0"]);
  });

  test("VM start writes the plugged devices into xenstore dev-<n> in that order", () => {
    const dir = tempHost("xcpng83");
    xe(dir, "vm-param-set", `uuid=${TV}`, "other-config:pci=0/0000:06:00.0,1/0000:01:00.0,2/0000:06:00.0");
    expect(xe(dir, "vm-start", `uuid=${TV}`)).toEqual(ok());
    expect(readSimState(dir).vms.find((v) => v.uuid === TV)?.attachedDevices).toEqual(["0000:01:00.0", "0000:06:00.0"]);
    const domId = xe(dir, "vm-list", `uuid=${TV}`, "params=dom-id", "--minimal").stdout.trim();
    expect(runTool(dir, "xenstore-read", [`/local/domain/0/backend/pci/${domId}/0/dev-0`])).toEqual(ok("0000:01:00.0\n"));
    expect(runTool(dir, "xenstore-read", [`/local/domain/0/backend/pci/${domId}/0/dev-1`])).toEqual(ok("0000:06:00.0\n"));
    expect(runTool(dir, "xenstore-read", [`/local/domain/0/backend/pci/${domId}/0/num_devs`])).toEqual(ok("2\n"));
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
