import { ocamlIntRange, xapiIntBits } from "../../../provider/model/ocaml-int";

describe("OCaml ints", () => {
  test.each([
    [31, -1073741824n, 1073741823n],
    [63, -4611686018427387904n, 4611686018427387903n],
  ] as const)("a %i-bit int runs from %s to %s", (bits, min, max) => {
    expect(ocamlIntRange(bits)).toEqual({ min, max });
  });

  test.each<[string | undefined, 31 | 63]>([
    ["5.6.100", 31],
    ["6.0.0", 31],
    ["6.2.0", 31],
    ["6.5.0", 63],
    ["7.1.2", 63],
    ["8.2.1", 63],
    ["8.3.0", 63],
    ["8.4.0", 63],
    [" 6.2.0\n", 31],
    ["", 63],
    ["unknown", 63],
    [undefined, 63],
  ])("xapi of PRODUCT_VERSION %j has %i-bit ints", (version, bits) => {
    expect(xapiIntBits(version)).toBe(bits);
  });
});
