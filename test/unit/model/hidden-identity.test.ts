/**
 * Device identity for HiddenPciDevice: the refusal and the identity outputs.
 */
import { hiddenIdentity, refuseChangedHiddenDevice, type HiddenIdentity } from "../../../provider/model/hidden-identity";
import type { HostPciDevice } from "../../../provider/model/host-state";
import type { PciHardware } from "../../../provider/model/pci-identity";
import { INTEL_NIC, SATA, hostStateErrorOf, nothingAt } from "../support/pci-fixtures";

// A host after a SATA card was added while it was off: the Intel NIC that was at 01:00.0 is now at 06:00.0.
const FUNCTIONS: HostPciDevice[] = [
  { address: "0000:00:1f.2", driver: "ahci", ids: { vendorId: "8086", deviceId: "a102", subsystemVendorId: "1043", subsystemId: "8694", classCode: "010601" } },
  { address: "0000:01:00.0", driver: "pciback", ids: SATA, vendorName: "ASMedia Technology Inc.", deviceName: "ASM1062 Serial ATA Controller" },
  { address: "0000:06:00.0", driver: "e1000e", ids: INTEL_NIC, vendorName: "Intel Corporation", deviceName: "82574L Gigabit Network Connection" },
];

const SATA_AT_01: PciHardware = { address: "0000:01:00.0", ...SATA, vendorName: "ASMedia Technology Inc.", deviceName: "ASM1062 Serial ATA Controller" };
const NIC_AT_06: PciHardware = { address: "0000:06:00.0", ...INTEL_NIC, vendorName: "Intel Corporation", deviceName: "82574L Gigabit Network Connection" };

const MOVED =
  "0000:01:00.0 now holds 1b21:0612:1b21:1060 (ASMedia Technology Inc. ASM1062 Serial ATA Controller), not the bound 8086:10d3:8086:a01f, " +
  "which is now at 0000:06:00.0: the cards were renumbered while the host was off.";
const GONE =
  "0000:01:00.0 now holds 1b21:0612:1b21:1060 (ASMedia Technology Inc. ASM1062 Serial ATA Controller), not the bound 10de:1c82; " +
  "the host has no 10de:1c82 any more (the card was removed or replaced while the host was off).";
const DEVICES_COMMAND = "`npx pulumi-xenserver-pci devices` lists every device of the host with its id.";


describe("refuseChangedHiddenDevice", () => {
  test.each<[string, string, string]>([
    ["the address holds the bound device", "0000:06:00.0", "8086:10d3:8086:a01f"],
    ["the address holds the bound vendor and device", "0000:06:00.0", "8086:10D3"],
    ["nothing is bound", "0000:01:00.0", ""],
  ])("lets the write go on when %s", (_title, address, expected) => {
    expect(() => {
      refuseChangedHiddenDevice(address, expected, FUNCTIONS);
    }).not.toThrow();
  });

  test.each<[string, string, string, string, string]>([
    [
      "a card that moved, naming the new address",
      "0000:01:00.0",
      "8086:10d3:8086:a01f",
      MOVED,
      "Change address to 0000:06:00.0 and run the update again. " +
        'If the card was replaced on purpose, set deviceId to "1b21:0612:1b21:1060" (the id of what is there now). ' +
        DEVICES_COMMAND,
    ],
    [
      "a card that is gone, with no address to offer",
      "0000:01:00.0",
      "10de:1c82",
      GONE,
      'If the card was replaced on purpose, set deviceId to "1b21:0612:1b21:1060" (the id of what is there now). ' + DEVICES_COMMAND,
    ],
  ])("refuses %s", (_title, address, expected, reason, hint) => {
    const error = hostStateErrorOf(() => {
      refuseChangedHiddenDevice(address, expected, FUNCTIONS);
    });
    expect({ code: error.code, reason: error.reason, hint: error.hint }).toEqual({ code: "PCI_DEVICE_CHANGED", reason, hint });
  });

  // As for PciAssignment: with nothing at the address, the hint says to take it out, not to bind to an empty id.
  test("advises taking the address out, not binding to an empty id, when the address holds nothing", () => {
    const error = hostStateErrorOf(() => {
      refuseChangedHiddenDevice("0000:0a:00.0", "8086:10d3:8086:a01f", FUNCTIONS);
    });
    expect(error.hint).toBe(
      "Change address to 0000:06:00.0 and run the update again. If the card was removed on purpose, take 0000:0a:00.0 out of the program. " +
        "`npx pulumi-xenserver-pci devices` lists every device of the host with its id.",
    );
  });
});

describe("hiddenIdentity", () => {
  test.each<[string, string, string, HiddenIdentity]>([
    [
      "an unbound address binds to what is there now",
      "0000:06:00.0",
      "",
      { hardware: NIC_AT_06, boundId: "8086:10d3:8086:a01f", hardwareChanged: false, changes: [] },
    ],
    [
      "a bound address holding its device keeps the binding as given",
      "0000:06:00.0",
      "8086:10d3",
      { hardware: NIC_AT_06, boundId: "8086:10d3", hardwareChanged: false, changes: [] },
    ],
    [
      "an unbound address that holds nothing binds to nothing",
      "0000:0a:00.0",
      "",
      { hardware: nothingAt("0000:0a:00.0"), boundId: "", hardwareChanged: false, changes: [] },
    ],
    [
      "a card that moved: dom0 keeps it, change the address",
      "0000:01:00.0",
      "8086:10d3:8086:a01f",
      {
        hardware: SATA_AT_01,
        boundId: "8086:10d3:8086:a01f",
        hardwareChanged: true,
        changes: [`${MOVED} dom0 hides what is there at boot and keeps 0000:06:00.0: change address to 0000:06:00.0.`],
      },
    ],
    [
      "a card that is gone: correct the program",
      "0000:01:00.0",
      "10de:1c82",
      {
        hardware: SATA_AT_01,
        boundId: "10de:1c82",
        hardwareChanged: true,
        changes: [`${GONE} dom0 hides what is there at boot; correct the program (address, or deviceId if the card was replaced on purpose).`],
      },
    ],
    [
      "an address that now holds nothing, the card elsewhere",
      "0000:0a:00.0",
      "1b21:0612",
      {
        hardware: nothingAt("0000:0a:00.0"),
        boundId: "1b21:0612",
        hardwareChanged: true,
        changes: [
          "0000:0a:00.0 now holds no device, not the bound 1b21:0612, which is now at 0000:01:00.0: the cards were renumbered while the host was off. " +
            "dom0 hides what is there at boot and keeps 0000:01:00.0: change address to 0000:01:00.0.",
        ],
      },
    ],
  ])("%s", (_title, address, bound, expected) => {
    expect(hiddenIdentity(address, bound, FUNCTIONS)).toEqual(expected);
  });
});
