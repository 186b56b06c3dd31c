import { containsUnknown, isUnknown, UNKNOWN, valueAtPath } from "../../../provider/model/unknown";

describe("the preview placeholder", () => {
  it("is Pulumi's unknown sentinel", () => {
    expect(UNKNOWN).toBe("04da6b54-80e4-46f7-96ec-b56ff0331ba9");
  });

  it("is recognised only as the exact string", () => {
    expect(isUnknown(UNKNOWN)).toBe(true);
    expect(isUnknown(`${UNKNOWN} `)).toBe(false);
    expect(isUnknown(undefined)).toBe(false);
  });

  it("is found at any depth", () => {
    expect(containsUnknown({ a: [1, { b: UNKNOWN }] })).toBe(true);
    expect(containsUnknown({ a: [1, { b: "x" }], c: null })).toBe(false);
  });
});

describe("valueAtPath", () => {
  it("walks objects and arrays", () => {
    expect(valueAtPath({ devices: ["a", "b"] }, ["devices", 1])).toBe("b");
  });

  it("returns undefined when the path leads nowhere", () => {
    expect(valueAtPath({ a: 1 }, ["a", "b"])).toBeUndefined();
    expect(valueAtPath({}, ["x", 0])).toBeUndefined();
  });

  it("returns the placeholder for any path inside an unknown value", () => {
    expect(valueAtPath({ connection: UNKNOWN }, ["connection", "port"])).toBe(UNKNOWN);
  });
});
