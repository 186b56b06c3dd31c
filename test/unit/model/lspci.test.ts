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
  ])("reads %s", (_title, line, expected) => {
    expect([...parseLspciMachine(`${line}\n`).values()]).toEqual([expected]);
  });

  test("skips lines without a full address (lspci run without -D)", () => {
    expect(parseLspciMachine('06:00.0 "Ethernet controller" "Qualcomm Atheros" "AR8131"\n\n').size).toBe(0);
  });
});
