import {
  formatHideItem,
  parseHideList,
  printHideList,
} from "../../../provider/model/hide-list";

describe("parseHideList addresses", () => {
  it.each([
    ["(06:00.0)", "0000:06:00.0"],
    ["(0000:06:00.0)", "0000:06:00.0"],
    ["(6:0.0)", "0000:06:00.0"],
    ["(0B:1F.7)", "0000:0b:1f.7"],
    ["(1:02:03.4)", "0001:02:03.4"],
  ])("reads %s as %s, as leniently as the kernel does", (value, expected) => {
    expect(parseHideList(value).addresses).toEqual([expected]);
  });

  it.each(["(0b::00.1)", "(06:00)", "(06:20.0)", "(06:00.8)", "(00000:06:00.0)", "(x6:00.0)", "()"])(
    "reports %s as malformed",
    (value) => {
      expect(parseHideList(value).malformed).toEqual([value]);
    },
  );
});

describe("formatHideItem", () => {
  it("writes the full 14-character form in parentheses", () => {
    expect(formatHideItem("0000:06:00.0")).toBe("(0000:06:00.0)");
  });
});

describe("parseHideList", () => {
  it("reads the seed's short-form list", () => {
    expect(parseHideList("(06:00.0)(01:00.0)")).toEqual({
      items: [
        { kind: "device", raw: "(06:00.0)", address: "0000:06:00.0" },
        { kind: "device", raw: "(01:00.0)", address: "0000:01:00.0" },
      ],
      addresses: ["0000:06:00.0", "0000:01:00.0"],
      malformed: [],
    });
  });

  it("reads full, short and wildcard items side by side", () => {
    const list = parseHideList("(0000:00:02.0)(07:00.0)(0000:08:00.*)");
    expect(list.items.map((i) => i.kind)).toEqual(["device", "device", "pattern"]);
    expect(list.addresses).toEqual(["0000:00:02.0", "0000:07:00.0"]);
  });

  it("reports a malformed item such as (0b::00.1) and keeps the rest", () => {
    const list = parseHideList("(06:00.0)(0b::00.1)(07:00.0)");
    expect(list.addresses).toEqual(["0000:06:00.0", "0000:07:00.0"]);
    expect(list.malformed).toEqual(["(0b::00.1)"]);
  });

  it("reports an unclosed item, stray text and a nested parenthesis as malformed", () => {
    expect(parseHideList("(06:00.0(01:00.0)").malformed).toEqual(["(06:00.0"]);
    expect(parseHideList("(06:00.0)01:00.0").malformed).toEqual(["01:00.0"]);
    expect(parseHideList("(06:00.0)(01:00.0").malformed).toEqual(["(01:00.0"]);
    expect(parseHideList("06:00.0").malformed).toEqual(["06:00.0"]);
  });

  it.each(["", "(06:00.0)", "(06:00.0(01:00.0)", "x(y)z((", "(0b::00.1))", ")("])(
    "prints %j back byte for byte",
    (value) => {
      expect(printHideList(parseHideList(value).items)).toBe(value);
    },
  );
});
