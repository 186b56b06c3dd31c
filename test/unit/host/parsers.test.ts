/**
 * The host layer's own small parsers: the sysfs device listing and the cut of
 * one domain out of the PCI backend listing.
 */
import { attachedDevicesOf, domainSection } from "../../../provider/host/pci-backend";
import { parsePciDeviceListing } from "../../../provider/host/pci-devices";

describe("parsePciDeviceListing", () => {
  test("reads addresses and drivers, an empty driver as undefined, and skips other lines", () => {
    const stdout = "0000:00:19.0 e1000e\n0000:06:00.0 pciback\n0000:07:00.1 \nnot-a-device x\n\n";
    expect(parsePciDeviceListing(stdout)).toEqual([
      { address: "0000:00:19.0", driver: "e1000e" },
      { address: "0000:06:00.0", driver: "pciback" },
      { address: "0000:07:00.1", driver: undefined },
    ]);
  });
});

describe("the PCI backend of one domain", () => {
  const listing = [
    '3 = ""',
    ' 0 = ""',
    '  dev-0 = "0000:07:00.0"',
    '  dev-1 = "0000:06:00.0"',
    '  num_devs = "2"',
    '12 = ""',
    ' 0 = ""',
    '  dev-0 = "0000:01:00.0"',
    "",
  ].join("\n");

  test("domainSection keeps only the subtree of the domain", () => {
    expect(domainSection(listing, 12)).toBe(' 0 = ""\n  dev-0 = "0000:01:00.0"\n');
    expect(domainSection(listing, 1)).toBe("");
  });

  test("attachedDevicesOf reads the domain's devices in dev-N order", () => {
    expect(attachedDevicesOf("h", { stdout: listing, stderr: "", exitCode: 0 }, 3)).toEqual(["0000:07:00.0", "0000:06:00.0"]);
    expect(attachedDevicesOf("h", { stdout: listing, stderr: "", exitCode: 0 }, -1)).toEqual([]);
  });

  test("a missing backend directory means no devices; another failure is an error", () => {
    const missing = { stdout: "", stderr: "xenstore-ls: xs_directory (/local/domain/0/backend/pci): No such file or directory\n", exitCode: 1 };
    expect(attachedDevicesOf("h", missing, 3)).toEqual([]);
    expect(() => attachedDevicesOf("h", { stdout: "", stderr: "xs_daemon_open: Connection refused\n", exitCode: 1 }, 3)).toThrow(
      "Unable to read the PCI devices of domain 3 on h: xenstore-ls exited with code 1: xs_daemon_open: Connection refused",
    );
  });
});
