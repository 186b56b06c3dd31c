import fc from "fast-check";
import { ValidationError } from "../../../provider/errors";
import { decodePciValue, encodePciValue } from "../../../provider/model/other-config-pci";
import { formatPciAddress } from "../../../provider/model/pci-address";
import { pciAttachOrder as simulatedAttachOrder } from "../../../sim/host/pci-value";

describe("encodePciValue", () => {
  it("gives each device its own index so that the list order is the attach order", () => {
    expect(encodePciValue(["01:00.0", "0000:06:00.0"])).toBe("0/0000:01:00.0,1/0000:06:00.0");
  });

  it("normalises case and adds the domain", () => {
    expect(encodePciValue(["0B:1F.7"])).toBe("0/0000:0b:1f.7");
  });

  it("refuses an empty list", () => {
    expect(() => encodePciValue([])).toThrow(ValidationError);
    expect(() => encodePciValue([])).toThrow("other-config:pci: the device list is empty.");
  });

  it("refuses an invalid address and names it", () => {
    expect(() => encodePciValue(["06:00.0", "06:00"])).toThrow(
      'other-config:pci: "06:00" is not a PCI address.',
    );
  });
});

describe("decodePciValue", () => {
  it.each<[string, string, string[]]>([
    ["one device", "0/0000:06:00.0", ["0000:06:00.0"]],
    ["the provider's own encoding", "0/0000:01:00.0,1/0000:06:00.0", ["0000:01:00.0", "0000:06:00.0"]],
    ["devices sharing an index, attached in reverse", "0/0000:06:00.0,0/0000:07:00.0", ["0000:07:00.0", "0000:06:00.0"]],
    ["indices in descending order, attached ascending", "1/0000:06:00.0,0/0000:07:00.0", ["0000:07:00.0", "0000:06:00.0"]],
    [
      "mixed groups",
      "2/0000:01:00.0,0/0000:02:00.0,2/0000:03:00.0,0/0000:04:00.0,1/0000:05:00.0",
      ["0000:04:00.0", "0000:02:00.0", "0000:05:00.0", "0000:03:00.0", "0000:01:00.0"],
    ],
    ["the seed's partial apply with a trailing comma", "0/0000:06:00.0,", ["0000:06:00.0"]],
    ["the seed's value with a space after the comma", "0/0000:06:00.0, 0/0000:07:00.0", ["0000:06:00.0"]],
    ["trailing garbage after a match", "0/0000:06:00.0xyz", ["0000:06:00.0"]],
    ["a two-digit function, read as one digit", "0/0000:06:00.12", ["0000:06:00.1"]],
    ["no domain", "0/06:00.0", []],
    ["an empty value", "", []],
    ["a piece without index", "0000:06:00.0", []],
    ["upper-case hex", "0/0000:0A:1F.7", ["0000:0a:1f.7"]],
    ["short hex fields, which scanf widths allow", "0/0:6:0.0", ["0000:06:00.0"]],
    ["a signed index", "+1/0000:06:00.0,-1/0000:07:00.0", ["0000:07:00.0", "0000:06:00.0"]],
    ["underscores inside numbers, as OCaml's scanf allows", "1_0/00_0:06:00.0", ["0000:06:00.0"]],
    ["a leading underscore", "0/_000:06:00.0", []],
    ["a semicolon separator", "0/0000:06:00.0;1/0000:07:00.0", ["0000:06:00.0"]],
    ["an index too big for OCaml's int", "4611686018427387904/0000:06:00.0", []],
    ["the largest OCaml int as index", "4611686018427387903/0000:06:00.0", ["0000:06:00.0"]],
    ["a 0x prefix", "0/0x00:06:00.0", []],
    ["a device above 1f, which xapi does not check", "0/0000:06:ff.f", ["0000:06:ff.f"]],
    // xapi passes a device listed twice on; xenopsd plugs it once, at its last place.
    ["the same device twice", "0/0000:06:00.0,1/0000:06:00.0", ["0000:06:00.0"]],
    ["a device listed again after another", "0/0000:06:00.0,1/0000:07:00.0,2/0000:06:00.0", ["0000:07:00.0", "0000:06:00.0"]],
    ["a device twice inside one index", "0/0000:06:00.0,0/0000:07:00.0,0/0000:06:00.0", ["0000:07:00.0", "0000:06:00.0"]],
    ["a duplicate in another written form", "1/0000:06:00.0,0/0:6:0.0", ["0000:06:00.0"]],
  ])("plugs what xapi and xenopsd plug for %s", (_title, raw, expected) => {
    expect(decodePciValue(raw).attachOrder).toEqual(expected);
  });

  it("reports every piece of the seed's buggy value, the dropped one included", () => {
    expect(decodePciValue("0/0000:06:00.0,")).toEqual({
      attachOrder: ["0000:06:00.0"],
      pieces: [
        { raw: "0/0000:06:00.0", index: 0n, address: "0000:06:00.0", dropped: false },
        { raw: "", dropped: true },
      ],
    });
  });

  it("reports a piece with a leading space as dropped", () => {
    expect(decodePciValue("0/0000:06:00.0, 0/0000:07:00.0").pieces).toEqual([
      { raw: "0/0000:06:00.0", index: 0n, address: "0000:06:00.0", dropped: false },
      { raw: " 0/0000:07:00.0", dropped: true },
    ]);
  });

  it.each<[string, string, 31 | 63, string[]]>([
    ["the largest 31-bit index on XenServer 6.2's 32-bit dom0", "1073741823/0000:06:00.0", 31, ["0000:06:00.0"]],
    ["an index one past it, which 6.2 drops", "1073741824/0000:06:00.0", 31, []],
    ["the same index on a 64-bit dom0", "1073741824/0000:06:00.0", 63, ["0000:06:00.0"]],
    ["the smallest 31-bit index", "-1073741824/0000:06:00.0", 31, ["0000:06:00.0"]],
    ["one below it, which 6.2 drops", "-1073741825/0000:06:00.0", 31, []],
    ["the smallest 63-bit index", "-4611686018427387904/0000:06:00.0", 63, ["0000:06:00.0"]],
    ["one below it", "-4611686018427387905/0000:06:00.0", 63, []],
    ["6.2 keeps the pieces that fit and drops the one that does not", "0/0000:01:00.0,2147483648/0000:06:00.0,1/0000:07:00.0", 31, ["0000:01:00.0", "0000:07:00.0"]],
    // 2^53 and 2^53 + 1 are the same JavaScript number: compared as numbers they would share an index and attach reversed.
    ["indexes that differ past 2^53, kept apart", "9007199254740992/0000:06:00.0,9007199254740993/0000:07:00.0", 63, ["0000:06:00.0", "0000:07:00.0"]],
    ["indexes past 2^53 ordered as xapi orders them", "4611686018427387903/0000:06:00.0,4611686018427387902/0000:07:00.0", 63, ["0000:07:00.0", "0000:06:00.0"]],
    ["an index with underscores counted after they are dropped", "1_073_741_824/0000:06:00.0", 31, []],
  ])("reads %s (%s on %i-bit ints)", (_title, raw, bits, expected) => {
    expect(decodePciValue(raw, bits).attachOrder).toEqual(expected);
  });

  it("reports each piece's index exactly, past 2^53 too, and a piece 6.2 cannot read as dropped", () => {
    expect(decodePciValue("9007199254740993/0000:06:00.0,2147483648/0000:07:00.0", 31).pieces).toEqual([
      { raw: "9007199254740993/0000:06:00.0", dropped: true },
      { raw: "2147483648/0000:07:00.0", dropped: true },
    ]);
    expect(decodePciValue("9007199254740993/0000:06:00.0,2147483648/0000:07:00.0").pieces).toEqual([
      { raw: "9007199254740993/0000:06:00.0", index: 9007199254740993n, address: "0000:06:00.0", dropped: false },
      { raw: "2147483648/0000:07:00.0", index: 2147483648n, address: "0000:07:00.0", dropped: false },
    ]);
  });

  it("plugs what the simulated host plugs for any value, on 31- and 63-bit ints", () => {
    const index = fc.oneof(
      fc.bigInt({ min: -(1n << 63n), max: 1n << 63n }),
      fc.constantFrom(-(1n << 62n) - 1n, -(1n << 62n), (1n << 62n) - 1n, 1n << 62n, -(1n << 30n) - 1n, -(1n << 30n), (1n << 30n) - 1n, 1n << 30n, 1n << 53n, (1n << 53n) + 1n),
      fc.integer({ min: 0, max: 3 }).map(BigInt),
    );
    const piece = fc
      .record({ index, sign: fc.constantFrom("", "+"), device: fc.constantFrom("0000:06:00.0", "0000:07:00.0", "0:1:0.0", "0000:06:00.1"), tail: fc.constantFrom("", "x", " ") })
      .map(({ index: n, sign, device, tail }) => `${n >= 0n ? sign : ""}${n.toString()}/${device}${tail}`);
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 6 }), fc.constantFrom<31 | 63>(31, 63), (pieces, bits) => {
        const value = pieces.join(",");
        expect(decodePciValue(value, bits).attachOrder).toEqual(simulatedAttachOrder(value, bits));
      }),
      { numRuns: 300 },
    );
  });

  it("round-trips any device list through encode and decode", () => {
    const address = fc
      .record({
        domain: fc.integer({ min: 0, max: 0xffff }),
        bus: fc.integer({ min: 0, max: 0xff }),
        device: fc.integer({ min: 0, max: 0x1f }),
        fn: fc.integer({ min: 0, max: 7 }),
      })
      .map(formatPciAddress);
    fc.assert(
      fc.property(fc.array(address, { minLength: 1, maxLength: 16 }), (devices) => {
        expect(decodePciValue(encodePciValue(devices)).attachOrder).toEqual(devices);
      }),
      { numRuns: 100 },
    );
  });
});
