import { parsePciBackend, pciBackendPath } from "../../../provider/model/xenstore";

describe("parsePciBackend", () => {
  it("lists the devices of a plain xenstore-ls listing in dev-N order", () => {
    const stdout = [
      '0 = ""',
      ' frontend = "/local/domain/5/device/pci/0"',
      ' frontend-id = "5"',
      ' online = "1"',
      ' state = "4"',
      ' domain = "NAS"',
      ' key-1 = "0000:06:00.0"',
      ' dev-1 = "0000:06:00.0"',
      ' vdev-1 = "0000:00:01.0"',
      ' key-0 = "0000:01:00.0"',
      ' dev-0 = "0000:01:00.0"',
      ' vdev-0 = "0000:00:00.0"',
      ' num_devs = "2"',
      "",
    ].join("\n");
    expect(parsePciBackend(stdout)).toEqual(["0000:01:00.0", "0000:06:00.0"]);
  });

  it("orders dev-10 after dev-9", () => {
    const lines = Array.from({ length: 11 }, (_, n) => ` dev-${n} = "0000:${(n + 1).toString(16).padStart(2, "0")}:00.0"`);
    expect(parsePciBackend(['0 = ""', ...lines.reverse()].join("\n"))).toEqual(
      Array.from({ length: 11 }, (_, n) => `0000:${(n + 1).toString(16).padStart(2, "0")}:00.0`),
    );
  });

  it("reads full-path listings (xenstore-ls -f)", () => {
    const stdout = '/local/domain/0/backend/pci/5/0/dev-0 = "0000:06:00.0"\n/local/domain/0/backend/pci/5/0/vdev-0 = "0000:00:00.0"\n';
    expect(parsePciBackend(stdout)).toEqual(["0000:06:00.0"]);
  });

  it("skips entries at or above num_devs", () => {
    expect(parsePciBackend(' dev-0 = "0000:06:00.0"\n dev-1 = "0000:07:00.0"\n num_devs = "1"\n')).toEqual(["0000:06:00.0"]);
  });

  it("normalises short and upper-case addresses", () => {
    expect(parsePciBackend(' dev-0 = "0A:00.0"\n')).toEqual(["0000:0a:00.0"]);
  });

  it("returns nothing for an empty listing", () => {
    expect(parsePciBackend("")).toEqual([]);
  });
});

describe("pciBackendPath", () => {
  it("builds the backend path of a domain", () => {
    expect(pciBackendPath(5)).toBe("/local/domain/0/backend/pci/5");
  });

  it.each([-1, 1.5, Number.NaN])("refuses %d as a domain id", (domId) => {
    expect(() => pciBackendPath(domId)).toThrow(`${domId} is not a domain id.`);
  });
});
