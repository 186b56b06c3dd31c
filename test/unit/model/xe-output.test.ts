import { parseMap, parseMinimal, parseRecords, printedMapValue } from "../../../provider/model/xe-output";

describe("parseMinimal", () => {
  it.each<[string, string[]]>([
    ["running\n", ["running"]],
    ["\n", []],
    ["", []],
    ["a,b,c\n", ["a", "b", "c"]],
    ["NAS\\, the big one,TV\n", ["NAS, the big one", "TV"]],
    ["back\\\\slash,x\n", ["back\\slash", "x"]],
    ["ends with backslash\\\\\\,comma\n", ["ends with backslash\\,comma"]],
    ["a,,b\n", ["a", "", "b"]],
    ["lone\\x\n", ["lone\\x"]],
  ])("parses %j", (stdout, expected) => {
    expect(parseMinimal(stdout)).toEqual(expected);
  });
});

describe("parseMap", () => {
  it("parses other-config as vm-param-get prints it", () => {
    expect(parseMap("install-methods: cdrom,nfs,http,ftp; mac_seed: 5c6d-11; pci: 0/0000:06:00.0,1/0000:07:00.0\n")).toEqual({
      "install-methods": "cdrom,nfs,http,ftp",
      mac_seed: "5c6d-11",
      pci: "0/0000:06:00.0,1/0000:07:00.0",
    });
  });

  it("parses an empty line as an empty map", () => {
    expect(parseMap("\n")).toEqual({});
  });

  it("keeps empty values", () => {
    expect(parseMap("a: ; b: 1; c: \n")).toEqual({ a: "", b: "1", c: "" });
    expect(parseMap("b: 1; c:")).toEqual({ b: "1", c: "" });
  });

  it("keeps a colon-space inside a value", () => {
    expect(parseMap("note: a: b")).toEqual({ note: "a: b" });
  });

  it("glues a fragment without a key back onto the previous value", () => {
    expect(parseMap("note: one; two; pci: 0/0000:06:00.0")).toEqual({ note: "one; two", pci: "0/0000:06:00.0" });
  });

  it("cannot tell a value holding '; k: v' from two entries (documented ambiguity)", () => {
    expect(parseMap("note: x; y: z")).toEqual({ note: "x", y: "z" });
  });
});

describe("parseRecords", () => {
  it("parses vm-list records with right-aligned labels and annotations", () => {
    const stdout = [
      "uuid ( RO)              : db4c64e1-44ce-f9f3-3236-0d86df260249",
      "        name-label ( RW): NAS",
      "       power-state ( RO): running",
      "            dom-id ( RO): 5",
      "      other-config (MRW): mac_seed: 1; pci: 0/0000:06:00.0",
      "",
      "",
      "uuid ( RO)              : 1e9f0a2c-0000-4000-8000-000000000001",
      "        name-label ( RW): Control domain on host: xs62",
      "       power-state ( RO): running",
      "      other-config (MRW): ",
      "   allowed-operations (SRO): start; clone",
      "   blocked (MRO):",
      "",
      "",
    ].join("\n");
    expect(parseRecords(stdout)).toEqual([
      {
        uuid: "db4c64e1-44ce-f9f3-3236-0d86df260249",
        "name-label": "NAS",
        "power-state": "running",
        "dom-id": "5",
        "other-config": "mac_seed: 1; pci: 0/0000:06:00.0",
      },
      {
        uuid: "1e9f0a2c-0000-4000-8000-000000000001",
        "name-label": "Control domain on host: xs62",
        "power-state": "running",
        "other-config": "",
        "allowed-operations": "start; clone",
        blocked: "",
      },
    ]);
  });

  it("returns no records for empty output", () => {
    expect(parseRecords("\n")).toEqual([]);
  });

  it("parses pci-list records", () => {
    const stdout = "uuid ( RO)           : 8a2c\n      pci-id ( RO): 0000:06:00.0\n driver-name ( RO): pciback\n\n";
    expect(parseRecords(stdout)).toEqual([{ uuid: "8a2c", "pci-id": "0000:06:00.0", "driver-name": "pciback" }]);
  });

  it("keeps CRLF-free values when lines end with CRLF", () => {
    expect(parseRecords("uuid ( RO): a\r\n\r\nuuid ( RO): b\r\n")).toEqual([{ uuid: "a" }, { uuid: "b" }]);
  });
});

describe("printedMapValue", () => {
  it.each<[string, string, { value: string | undefined; exact: boolean }]>([
    ["one pci fragment", "install-methods: cdrom; pci: 0/0000:06:00.0\n", { value: "0/0000:06:00.0", exact: true }],
    ["no pci key", "install-methods: cdrom; mac_seed: 5c6d\n", { value: undefined, exact: true }],
    ["an empty value at the end of the line", "mac_seed: 5c6d; pci:", { value: "", exact: true }],
    ["another value holds '; pci: ' beside the key", "note: x; pci: 0/0000:99:00.0; pci: 0/0000:06:00.0", { value: "0/0000:06:00.0", exact: false }],
    ["a key that only starts with pci", "pcie: 1; pci: 0/0000:06:00.0", { value: "0/0000:06:00.0", exact: true }],
  ])("%s", (_title, printed, expected) => {
    expect(printedMapValue(printed, "pci")).toEqual(expected);
  });
});
