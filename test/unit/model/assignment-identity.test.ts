/**
 * Device identity for PciAssignment: bound ids, the refusals, and the identity outputs.
 */
import { HostStateError } from "../../../provider/errors";
import {
  assignmentIdentity,
  boundIdsOf,
  expectedIds,
  mismatchesOf,
  refuseChangedHardware,
  refuseColdBootWithoutIommu,
  type AssignmentIdentity,
  type BoundIds,
} from "../../../provider/model/assignment-identity";
import type { HostPciDevice } from "../../../provider/model/host-state";
import type { IdentityMismatch, PciHardware, PciIds } from "../../../provider/model/pci-identity";
import { GPU, GPU_AUDIO, INTEL_NIC, SATA, hostStateErrorOf, nothingAt } from "../support/pci-fixtures";

const NAS = { uuid: "db4c64e1-44ce-f9f3-3236-0d86df260249", nameLabel: "NAS" };

// A host after a SATA card was added while it was off: the Intel NIC that was at 01:00.0 is now at 06:00.0.
const PORT: PciIds = { vendorId: "8086", deviceId: "1521", subsystemVendorId: "8086", subsystemId: "5001", classCode: "020000" };
const FUNCTIONS: HostPciDevice[] = [
  { address: "0000:00:1f.2", driver: "ahci", ids: { vendorId: "8086", deviceId: "a102", subsystemVendorId: "1043", subsystemId: "8694", classCode: "010601" } },
  { address: "0000:01:00.0", driver: "pciback", ids: SATA, vendorName: "ASMedia Technology Inc.", deviceName: "ASM1062 Serial ATA Controller" },
  { address: "0000:06:00.0", driver: "pciback", ids: INTEL_NIC, vendorName: "Intel Corporation", deviceName: "82574L Gigabit Network Connection" },
  { address: "0000:07:00.0", driver: "pciback", ids: GPU, vendorName: "NVIDIA Corporation", deviceName: "GP107 [GeForce GTX 1050 Ti]" },
  { address: "0000:07:00.1", driver: "pciback", ids: GPU_AUDIO, vendorName: "NVIDIA Corporation", deviceName: "GP107GL High Definition Audio Controller" },
  { address: "0000:09:00.0", driver: undefined },
  { address: "0000:0b:00.0", driver: "igb", ids: PORT },
  { address: "0000:0b:00.1", driver: "igb", ids: PORT },
  { address: "0000:0b:00.2", driver: "igb", ids: PORT },
  { address: "0000:0b:00.3", driver: "igb", ids: PORT },
];

const SATA_AT_01: PciHardware = { address: "0000:01:00.0", ...SATA, vendorName: "ASMedia Technology Inc.", deviceName: "ASM1062 Serial ATA Controller" };
const NIC_AT_06: PciHardware = { address: "0000:06:00.0", ...INTEL_NIC, vendorName: "Intel Corporation", deviceName: "82574L Gigabit Network Connection" };
const GPU_AT_07: PciHardware = { address: "0000:07:00.0", ...GPU, vendorName: "NVIDIA Corporation", deviceName: "GP107 [GeForce GTX 1050 Ti]" };
const PORT_AT = (address: string): PciHardware => ({ address, ...PORT, vendorName: "", deviceName: "" });

const MOVED_NIC_SENTENCE =
  "0000:01:00.0 now holds 1b21:0612:1b21:1060 (ASMedia Technology Inc. ASM1062 Serial ATA Controller), not the bound 8086:10d3:8086:a01f, " +
  "which is now at 0000:06:00.0: the cards were renumbered while the host was off.";
const DEVICES_COMMAND = "`npx pulumi-xenserver-pci devices` lists every device of the host with its id.";


const fieldsOf = (error: HostStateError) => ({ code: error.code, reason: error.reason, hint: error.hint });

describe("boundIdsOf", () => {
  test.each<[string, unknown, unknown, [string, string][]]>([
    [
      "pairs the parallel lists by position",
      ["0000:01:00.0", "0000:06:00.0"],
      ["8086:10d3:8086:a01f", "1b21:0612"],
      [
        ["0000:01:00.0", "8086:10d3:8086:a01f"],
        ["0000:06:00.0", "1b21:0612"],
      ],
    ],
    ["keeps an empty id, bound to nothing", ["0000:01:00.0"], [""], [["0000:01:00.0", ""]]],
    ["binds nothing for state written before device identity, without boundIds", ["0000:01:00.0"], undefined, []],
    ["binds nothing when the devices are not a list", "0000:01:00.0", ["8086:10d3"], []],
    ["binds nothing when the ids are not a list", ["0000:01:00.0"], "8086:10d3", []],
    [
      "skips a device or an id that is not a string",
      ["0000:01:00.0", 6, "0000:07:00.0", "0000:08:00.0"],
      ["8086:10d3", "1b21:0612", null, "10de:1c82"],
      [
        ["0000:01:00.0", "8086:10d3"],
        ["0000:08:00.0", "10de:1c82"],
      ],
    ],
    ["skips devices beyond a shorter list of ids", ["0000:01:00.0", "0000:06:00.0"], ["8086:10d3"], [["0000:01:00.0", "8086:10d3"]]],
  ])("%s", (_title, devices, boundIds, expected) => {
    expect([...boundIdsOf(devices, boundIds)]).toEqual(expected);
  });
});

describe("expectedIds", () => {
  const before: BoundIds = new Map([
    ["0000:01:00.0", "8086:10d3:8086:a01f"],
    ["0000:07:00.0", ""],
  ]);
  test.each<[string, string[], string[] | undefined, string[]]>([
    ["deviceIds win over the old binding", ["0000:01:00.0", "0000:06:00.0"], ["1b21:0612", "8086:10d3"], ["1b21:0612", "8086:10d3"]],
    ["without deviceIds, an address keeps its old binding", ["0000:01:00.0"], undefined, ["8086:10d3:8086:a01f"]],
    ["an address without an old binding expects nothing", ["0000:01:00.0", "0000:06:00.0"], undefined, ["8086:10d3:8086:a01f", ""]],
    ["an old binding to nothing stays nothing", ["0000:07:00.0"], undefined, [""]],
    ["the binding follows the address, not the position", ["0000:06:00.0", "0000:01:00.0"], undefined, ["", "8086:10d3:8086:a01f"]],
    ["no devices expect nothing", [], undefined, []],
  ])("%s", (_title, devices, deviceIds, expected) => {
    expect(expectedIds(devices, deviceIds, before)).toEqual(expected);
  });
});

describe("mismatchesOf", () => {
  test.each<[string, string[], string[], IdentityMismatch[]]>([
    ["none when every address holds its expected device", ["0000:06:00.0", "0000:07:00.0"], ["8086:10d3", "10de:1c82:1043:8613"], []],
    ["none when nothing is expected", ["0000:01:00.0", "0000:06:00.0"], ["", ""], []],
    ["none when the expected list is shorter", ["0000:01:00.0"], [], []],
    [
      "only the addresses that hold another device, with where the card went",
      ["0000:06:00.0", "0000:01:00.0", "0000:07:00.0"],
      ["8086:10d3", "8086:10d3:8086:a01f", "1002:67df"],
      [
        { address: "0000:01:00.0", expected: "8086:10d3:8086:a01f", found: SATA_AT_01, movedTo: [NIC_AT_06] },
        { address: "0000:07:00.0", expected: "1002:67df", found: GPU_AT_07, movedTo: [] },
      ],
    ],
  ])("%s", (_title, devices, expected, mismatches) => {
    expect(mismatchesOf(devices, expected, FUNCTIONS)).toEqual(mismatches);
  });
});

describe("refuseChangedHardware", () => {
  test.each<[string, string[], string[]]>([
    ["every address holds its expected device", ["0000:06:00.0", "0000:07:00.0"], ["8086:10d3:8086:a01f", "10de:1c82"]],
    ["nothing is expected", ["0000:01:00.0"], [""]],
    ["no devices", [], []],
  ])("lets the write go on when %s", (_title, devices, expected) => {
    expect(() => {
      refuseChangedHardware(devices, expected, FUNCTIONS);
    }).not.toThrow();
  });

  test.each<[string, string[], string[], { reason: string; hint: string }]>([
    [
      "a card that moved: the new address, and the id of what is there now",
      ["0000:01:00.0"],
      ["8086:10d3:8086:a01f"],
      {
        reason: MOVED_NIC_SENTENCE,
        hint:
          "Change devices to the new addresses (0000:01:00.0 → 0000:06:00.0) and run the update again. " +
          'If the card was replaced on purpose, set deviceIds[0] to "1b21:0612:1b21:1060" (the id of what is there now). ' +
          DEVICES_COMMAND,
      },
    ],
    [
      "a card that is gone: no move to offer",
      ["0000:07:00.0"],
      ["1002:67df"],
      {
        reason:
          "0000:07:00.0 now holds 10de:1c82:1043:8613 (NVIDIA Corporation GP107 [GeForce GTX 1050 Ti]), not the bound 1002:67df; " +
          "the host has no 1002:67df any more (the card was removed or replaced while the host was off).",
        hint: 'If the card was replaced on purpose, set deviceIds[0] to "10de:1c82:1043:8613" (the id of what is there now). ' + DEVICES_COMMAND,
      },
    ],
    [
      "several changed addresses: every sentence, every move, and the index of the first",
      ["0000:06:00.0", "0000:01:00.0", "0000:07:00.0", "0000:0b:00.0"],
      ["8086:10d3", "8086:10d3:8086:a01f", "1002:67df", "1b21:0612"],
      {
        reason:
          `${MOVED_NIC_SENTENCE} ` +
          "0000:07:00.0 now holds 10de:1c82:1043:8613 (NVIDIA Corporation GP107 [GeForce GTX 1050 Ti]), not the bound 1002:67df; " +
          "the host has no 1002:67df any more (the card was removed or replaced while the host was off). " +
          "0000:0b:00.0 now holds 8086:1521:8086:5001, not the bound 1b21:0612, which is now at 0000:01:00.0: the cards were renumbered while the host was off.",
        hint:
          "Change devices to the new addresses (0000:01:00.0 → 0000:06:00.0, 0000:0b:00.0 → 0000:01:00.0) and run the update again. " +
          'If the card was replaced on purpose, set deviceIds[1] to "1b21:0612:1b21:1060" (the id of what is there now). ' +
          DEVICES_COMMAND,
      },
    ],
  ])("refuses %s", (_title, devices, expected, { reason, hint }) => {
    const error = hostStateErrorOf(() => {
      refuseChangedHardware(devices, expected, FUNCTIONS);
    });
    expect(fieldsOf(error)).toEqual({ code: "PCI_DEVICE_CHANGED", reason, hint });
  });

  test("refuses an address that holds nothing, naming where the card went", () => {
    const error = hostStateErrorOf(() => {
      refuseChangedHardware(["0000:0a:00.0"], ["8086:10d3:8086:a01f"], FUNCTIONS);
    });
    expect({ code: error.code, reason: error.reason }).toEqual({
      code: "PCI_DEVICE_CHANGED",
      reason: "0000:0a:00.0 now holds no device, not the bound 8086:10d3:8086:a01f, which is now at 0000:06:00.0: the cards were renumbered while the host was off.",
    });
  });

  // An empty id binds to nothing (the schema refuses ""): with nothing at the address, the hint says to take it out instead.
  test("advises taking the address out, not binding to an empty id, when the address holds nothing", () => {
    const error = hostStateErrorOf(() => {
      refuseChangedHardware(["0000:0a:00.0"], ["8086:10d3:8086:a01f"], FUNCTIONS);
    });
    expect(error.hint).toBe(
      "Change devices to the new addresses (0000:0a:00.0 → 0000:06:00.0) and run the update again. " +
        "If the card was removed on purpose, take 0000:0a:00.0 out of devices. " +
        "`npx pulumi-xenserver-pci devices` lists every device of the host with its id.",
    );
  });
});

describe("refuseColdBootWithoutIommu", () => {
  test.each<[string, boolean, string]>([
    ["the IOMMU is on and the policy cold boots", true, "whenRequired"],
    ["the IOMMU is on and the policy never cold boots", true, "never"],
    ["the IOMMU is off but the policy never cold boots", false, "never"],
  ])("lets the write go on when %s", (_title, iommuEnabled, coldBoot) => {
    expect(() => {
      refuseColdBootWithoutIommu("xs1", NAS, iommuEnabled, coldBoot);
    }).not.toThrow();
  });

  test("refuses a cold boot on a host whose IOMMU is off, saying nothing was changed", () => {
    const error = hostStateErrorOf(() => {
      refuseColdBootWithoutIommu("xs1", NAS, false, "whenRequired");
    });
    expect(fieldsOf(error)).toEqual({
      code: "IOMMU_DISABLED",
      reason:
        'the IOMMU (VT-d / AMD-Vi) of xs1 is off (chipset-info iommu: false), so VM "NAS" (db4c64e1-44ce-f9f3-3236-0d86df260249) ' +
        "would not start again after its cold boot; nothing was changed.",
      hint:
        'Enable VT-d (Intel) or AMD-Vi (AMD) in the host\'s firmware and reboot the host, or set coldBoot: "never" to write the key now ' +
        "and cold boot the VM once the IOMMU is on.",
    });
  });
});

describe("assignmentIdentity", () => {
  test.each<[string, string[], BoundIds, AssignmentIdentity]>([
    [
      "an unbound device binds to what is there now",
      ["0000:06:00.0"],
      new Map(),
      { hardware: [NIC_AT_06], boundIds: ["8086:10d3:8086:a01f"], hardwareChanged: [], missingFunctions: [], changes: [] },
    ],
    [
      "a device bound to nothing binds to what is there now",
      ["0000:06:00.0"],
      new Map([["0000:06:00.0", ""]]),
      { hardware: [NIC_AT_06], boundIds: ["8086:10d3:8086:a01f"], hardwareChanged: [], missingFunctions: [], changes: [] },
    ],
    [
      "a device bound to its vendor and device keeps that binding",
      ["0000:06:00.0"],
      new Map([["0000:06:00.0", "8086:10d3"]]),
      { hardware: [NIC_AT_06], boundIds: ["8086:10d3"], hardwareChanged: [], missingFunctions: [], changes: [] },
    ],
    [
      "a binding of another address does not apply",
      ["0000:06:00.0"],
      new Map([["0000:01:00.0", "1b21:0612"]]),
      { hardware: [NIC_AT_06], boundIds: ["8086:10d3:8086:a01f"], hardwareChanged: [], missingFunctions: [], changes: [] },
    ],
    [
      "an address that holds nothing binds to nothing",
      ["0000:0a:00.0"],
      new Map(),
      { hardware: [nothingAt("0000:0a:00.0")], boundIds: [""], hardwareChanged: [], missingFunctions: [], changes: [] },
    ],
    [
      "an address holding another card than the bound one is changed, with the sentence",
      ["0000:06:00.0", "0000:01:00.0"],
      new Map([["0000:01:00.0", "8086:10d3:8086:a01f"]]),
      {
        hardware: [NIC_AT_06, SATA_AT_01],
        boundIds: ["8086:10d3:8086:a01f", "8086:10d3:8086:a01f"],
        hardwareChanged: ["0000:01:00.0"],
        missingFunctions: [],
        changes: [MOVED_NIC_SENTENCE],
      },
    ],
    [
      "a GPU without its HDMI audio misses the audio function",
      ["0000:07:00.0"],
      new Map(),
      { hardware: [GPU_AT_07], boundIds: ["10de:1c82:1043:8613"], hardwareChanged: [], missingFunctions: ["0000:07:00.1"], changes: [] },
    ],
    [
      "two ports of a four-port card miss the other two, in sysfs order, each once",
      ["0000:0b:00.3", "0000:0b:00.1"],
      new Map(),
      {
        hardware: [PORT_AT("0000:0b:00.3"), PORT_AT("0000:0b:00.1")],
        boundIds: ["8086:1521:8086:5001", "8086:1521:8086:5001"],
        hardwareChanged: [],
        missingFunctions: ["0000:0b:00.0", "0000:0b:00.2"],
        changes: [],
      },
    ],
    ["no devices say nothing", [], new Map(), { hardware: [], boundIds: [], hardwareChanged: [], missingFunctions: [], changes: [] }],
  ])("%s", (_title, devices, bound, expected) => {
    expect(assignmentIdentity(devices, bound, FUNCTIONS)).toEqual(expected);
  });
});
