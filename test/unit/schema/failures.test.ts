import { describeValue, formatPropertyPath, stripEngineKeys } from "../../../provider/schema/failures";

describe("describeValue", () => {
  it.each<[unknown, string]>([
    ["06:00", '"06:00"'],
    ['say "hi"\\', '"say \\"hi\\"\\\\"'],
    ["tab\there", '"tab\\u0009here"'],
    ["06\u221600.0", '"06\\u221600.0"'],
    ["\u{1F600}", '"\\u{1f600}"'],
    ["x".repeat(65), `"${"x".repeat(64)}…" (65 characters)`],
    [22, "22"],
    [false, "false"],
    [null, "null"],
    [undefined, "nothing"],
    [[], "an empty list"],
    [["a"], "a list of 1 item"],
    [{ password: "secret" }, "an object"],
  ])("shows %j as %s", (value, shown) => {
    expect(describeValue(value)).toBe(shown);
  });
});

describe("formatPropertyPath", () => {
  it("joins names with dots and puts indices in brackets", () => {
    expect(formatPropertyPath(["connection", "port"])).toBe("connection.port");
    expect(formatPropertyPath(["devices", 1])).toBe("devices[1]");
    expect(formatPropertyPath(["a", 0, "b"])).toBe("a[0].b");
  });
});

describe("stripEngineKeys", () => {
  it("removes __provider and undefined values and keeps everything else", () => {
    expect(stripEngineKeys({ __provider: "p", a: 1, b: undefined, c: null })).toEqual({ a: 1, c: null });
  });
});
