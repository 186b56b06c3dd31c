import { parseLspciMachine } from "../../../provider/model/lspci";

describe("parseLspciMachine", () => {
  test.each([
    [
      "a function with revision and subsystem",
      '0000:06:00.0 "Ethernet controller" "Qualcomm Atheros" "AR8131 Gigabit Ethernet" -rc0 "ASUSTeK Computer Inc." "Device 8468"',
      { address: "0000:06:00.0", className: "Ethernet controller", vendorName: "Qualcomm Atheros", deviceName: "AR8131 Gigabit Ethernet" },
    ],
    [
      "a function with a programming interface and empty subsystem names",
      '0000:00:1F.2 "SATA controller" "Intel Corporation" "6 Series/C200 Series Chipset Family SATA AHCI Controller" -r05 -p01 "" ""',
      { address: "0000:00:1f.2", className: "SATA controller", vendorName: "Intel Corporation", deviceName: "6 Series/C200 Series Chipset Family SATA AHCI Controller" },
    ],
    [
      "a name pci.ids lacks",
      '0000:08:00.0 "Class 0b40" "Vendor abcd" "Device 1234" "" ""',
      { address: "0000:08:00.0", className: "Class 0b40", vendorName: "Vendor abcd", deviceName: "Device 1234" },
    ],
    [
      "a device name with double quotes, escaped by lspci",
      String.raw`0000:00:14.0 "USB controller" "Intel Corporation" "Ice Lake \"ICL-LP\" USB 3.1 xHCI Host Controller" -r30 -p30 "Lenovo" "Device 2292"`,
      { address: "0000:00:14.0", className: "USB controller", vendorName: "Intel Corporation", deviceName: 'Ice Lake "ICL-LP" USB 3.1 xHCI Host Controller' },
    ],
    [
      "a vendor name with a backslash, and a quote right before the closing one",
      String.raw`0000:00:1b.0 "Audio device" "ACME A\\B Inc." "HD Audio \"Rev 2\"" "" ""`,
      { address: "0000:00:1b.0", className: "Audio device", vendorName: String.raw`ACME A\B Inc.`, deviceName: 'HD Audio "Rev 2"' },
    ],
    [
      "a name that is one escaped backslash",
      String.raw`0000:00:1f.3 "SMBus" "Intel Corporation" "\\" "" ""`,
      { address: "0000:00:1f.3", className: "SMBus", vendorName: "Intel Corporation", deviceName: "\\" },
    ],
  ])("reads %s", (_title, line, expected) => {
    expect([...parseLspciMachine(`${line}\n`).values()]).toEqual([expected]);
  });

  test("skips lines without a full address (lspci run without -D)", () => {
    expect(parseLspciMachine('06:00.0 "Ethernet controller" "Qualcomm Atheros" "AR8131"\n\n').size).toBe(0);
  });
});
