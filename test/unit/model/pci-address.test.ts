import fc from "fast-check";
import {
  formatPciAddress,
  formatShortPciAddress,
  isPciAddress,
  normalisePciAddress,
  parsePciAddress,
} from "../../../provider/model/pci-address";

describe("parsePciAddress", () => {
  it.each([
    ["06:00.0", "0000:06:00.0"],
    ["0000:06:00.0", "0000:06:00.0"],
    ["0B:1F.7", "0000:0b:1f.7"],
    ["ABCD:ef:0a.3", "abcd:ef:0a.3"],
    ["ffff:ff:1f.7", "ffff:ff:1f.7"],
  ])("normalises %s to %s", (input, expected) => {
    expect(parsePciAddress(input)).toEqual({
      ok: true,
      address: expected,
      parts: expect.any(Object) as unknown,
    });
  });

  it("returns the numeric parts of the address", () => {
    expect(parsePciAddress("0001:0b:1e.5")).toEqual({
      ok: true,
      address: "0001:0b:1e.5",
      parts: { domain: 1, bus: 11, device: 30, fn: 5 },
    });
  });

  it.each([
    "",
    "06:00",
    "6:00.0",
    "06:0.0",
    "006:00.0",
    "000:06:00.0",
    "00000:06:00.0",
    " 06:00.0",
    "06:00.0 ",
    "06:00.0\n",
    "06 :00.0",
    "0b::00.1",
    "06:00.00",
    "06:00:0",
    "06.00.0",
    "0g:00.0",
    "0000:06:00.0,",
    "(06:00.0)",
    "06\u221600.0",
    "\uff10\uff16:00.0",
    "0x06:00.0",
  ])("refuses %j", (input) => {
    expect(parsePciAddress(input)).toEqual({ ok: false, problem: "is not a PCI address" });
  });

  it("refuses a device number above 1f and says why", () => {
    expect(parsePciAddress("06:20.0")).toEqual({
      ok: false,
      problem: "is not a PCI address (device 20 is above 1f)",
    });
  });

  it("refuses a function number above 7 and says why", () => {
    expect(parsePciAddress("06:00.8")).toEqual({
      ok: false,
      problem: "is not a PCI address (function 8 is above 7)",
    });
  });

  it("accepts every well-formed address and formats it back to the same parts", () => {
    const parts = fc.record({
      domain: fc.integer({ min: 0, max: 0xffff }),
      bus: fc.integer({ min: 0, max: 0xff }),
      device: fc.integer({ min: 0, max: 0x1f }),
      fn: fc.integer({ min: 0, max: 7 }),
    });
    fc.assert(
      fc.property(parts, fc.boolean(), fc.boolean(), (p, upper, short) => {
        let text = short && p.domain === 0 ? formatShortPciAddress(p) : formatPciAddress(p);
        if (upper) text = text.toUpperCase();
        const result = parsePciAddress(text);
        expect(result).toEqual({ ok: true, address: formatPciAddress(p), parts: p });
      }),
      { numRuns: 200 },
    );
  });

  it("never accepts a string that does not have the strict shape", () => {
    const strict = /^([0-9a-fA-F]{4}:)?[0-9a-fA-F]{2}:[01][0-9a-fA-F]\.[0-7]$/;
    fc.assert(
      fc.property(fc.string({ maxLength: 16 }), (text) => {
        expect(isPciAddress(text)).toBe(strict.test(text));
      }),
      { numRuns: 300 },
    );
  });
});

describe("normalisePciAddress", () => {
  it("returns the full lower-case form of a valid address", () => {
    expect(normalisePciAddress("0A:1b.2")).toBe("0000:0a:1b.2");
  });

  it("returns undefined for an invalid address", () => {
    expect(normalisePciAddress("0b::00.1")).toBeUndefined();
  });
});

describe("formatShortPciAddress", () => {
  it("drops the domain", () => {
    expect(formatShortPciAddress({ domain: 0, bus: 6, device: 0, fn: 0 })).toBe("06:00.0");
  });
});
