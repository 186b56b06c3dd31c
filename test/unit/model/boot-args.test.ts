import { appendArg, findArgs, removeArg, replaceArg, tokenizeArgs } from "../../../provider/model/boot-args";

describe("tokenizeArgs", () => {
  it("splits at runs of spaces and tabs and records exact offsets, keys and values", () => {
    expect(tokenizeArgs(" ro\troot=LABEL=x  quiet ")).toEqual([
      { text: "ro", start: 1, end: 3, key: "ro", value: undefined },
      { text: "root=LABEL=x", start: 4, end: 16, key: "root", value: "LABEL=x" },
      { text: "quiet", start: 18, end: 23, key: "quiet", value: undefined },
    ]);
  });

  it("keeps a double-quoted value with spaces in one word, as the kernel does", () => {
    expect(tokenizeArgs('a foo="x y" b').map((t) => t.text)).toEqual(["a", 'foo="x y"', "b"]);
  });

  it("returns no words for an empty or blank string", () => {
    expect(tokenizeArgs("")).toEqual([]);
    expect(tokenizeArgs(" \t ")).toEqual([]);
  });
});

describe("findArgs", () => {
  it("matches keys exactly, so pciback.hide does not match xen-pciback.hide", () => {
    const args = "xen-pciback.hide=(0000:01:00.0) pciback.hide=(06:00.0)";
    expect(findArgs(args, "pciback.hide").map((t) => t.text)).toEqual(["pciback.hide=(06:00.0)"]);
    expect(findArgs(args, "xen-pciback.hide").map((t) => t.text)).toEqual(["xen-pciback.hide=(0000:01:00.0)"]);
  });
});

describe("appendArg and removeArg", () => {
  const cases: [string, string][] = [
    ["", "k=v"],
    ["ro quiet", "ro quiet k=v"],
    ["ro quiet  ", "ro quiet k=v  "],
    ["  ", "k=v  "],
    ["\tro", "\tro k=v"],
  ];
  it.each(cases)("appending to %j gives %j and removing gives the original back", (args, appended) => {
    expect(appendArg(args, "k=v")).toBe(appended);
    const token = findArgs(appended, "k")[0];
    if (token === undefined) throw new Error("k not found");
    expect(removeArg(appended, token)).toBe(args);
  });

  it("removes a first word together with the one space after it", () => {
    const args = "k=v ro";
    const token = findArgs(args, "k")[0];
    if (token === undefined) throw new Error("k not found");
    expect(removeArg(args, token)).toBe("ro");
  });

  it("removes a middle word together with exactly one space before it", () => {
    const args = "ro  k=v quiet";
    const token = findArgs(args, "k")[0];
    if (token === undefined) throw new Error("k not found");
    expect(removeArg(args, token)).toBe("ro  quiet");
  });

  it("refuses a token that is not a word of the string", () => {
    expect(() => removeArg("ro", { text: "x", start: 5, end: 6, key: "x", value: undefined })).toThrow(
      'token "x" at 5 is not a word of the argument string',
    );
  });
});

describe("replaceArg", () => {
  it("changes only the bytes of the token", () => {
    const args = "ro\tk=1  quiet";
    const token = findArgs(args, "k")[0];
    if (token === undefined) throw new Error("k not found");
    expect(replaceArg(args, token, "k=22")).toBe("ro\tk=22  quiet");
  });
});
