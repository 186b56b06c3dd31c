/**
 * The pure decisions of create and update, from a host snapshot.
 */
import type { AssignmentSnapshot, VmState } from "../../../provider/model/host-state";
import { attachesExactly, findConflicts, planCreate, planUpdate } from "../../../provider/model/pci-assignment-plan";

const NAS = "db4c64e1-44ce-f9f3-3236-0d86df260249";
const TV = "3e5b9d70-1f2c-4a8e-b6d4-90c1e7f2a845";
const ADDRESSES = ["0000:01:00.0", "0000:06:00.0", "0000:07:00.0"];

function snapshot(tvKey: string | undefined, nasKey: string | undefined): AssignmentSnapshot {
  const vm: VmState = { uuid: TV, nameLabel: "TV", powerState: "halted", domId: -1, pciValue: tvKey, attachedDevices: [] };
  return {
    vm,
    guests: [
      { uuid: NAS, nameLabel: "NAS", powerState: "running", pciValue: nasKey },
      { uuid: TV, nameLabel: "TV", powerState: "halted", pciValue: tvKey },
    ],
    pciDevices: ADDRESSES.map((address) => ({ address, driver: "pciback" })),
  };
}

describe("attachesExactly", () => {
  test.each<[string | undefined, string[], boolean]>([
    ["0/0000:06:00.0,1/0000:07:00.0", ["0000:06:00.0", "0000:07:00.0"], true],
    ["1/0000:07:00.0,0/0000:06:00.0", ["0000:06:00.0", "0000:07:00.0"], true],
    ["0/0000:06:00.0,0/0000:07:00.0", ["0000:06:00.0", "0000:07:00.0"], false],
    ["0/0000:06:00.0,0/06:00.1", ["0000:06:00.0"], true],
    [undefined, ["0000:06:00.0"], false],
  ])("%s attaching %j: %s", (raw, devices, expected) => {
    expect(attachesExactly(raw, devices)).toBe(expected);
  });
});

describe("findConflicts", () => {
  test("finds wanted devices in other guests' keys, as xapi reads them, but not in the target's own key", () => {
    const { guests } = snapshot("0/0000:07:00.0", "0/0000:01:00.0,1/0000:06:00.0xyz");
    expect(findConflicts(TV, ["0000:06:00.0", "0000:07:00.0"], guests)).toEqual([
      { device: "0000:06:00.0", guest: { uuid: NAS, nameLabel: "NAS", powerState: "running", pciValue: "0/0000:01:00.0,1/0000:06:00.0xyz" } },
    ]);
  });
});

describe("planCreate and planUpdate", () => {
  test("create writes the encoded value when the key is absent", () => {
    expect(planCreate("h", TV, ["0000:07:00.0", "0000:06:00.0"], snapshot(undefined, undefined))).toEqual({
      kind: "write",
      value: "0/0000:07:00.0,1/0000:06:00.0",
    });
  });

  test("create adopts a key that attaches the same devices in the same order", () => {
    expect(planCreate("h", TV, ["0000:06:00.0"], snapshot("0/0000:06:00.0", undefined))).toEqual({ kind: "keep", value: "0/0000:06:00.0" });
  });

  test("create refuses a key that holds other devices, update rewrites it", () => {
    expect(() => planCreate("h", TV, ["0000:06:00.0"], snapshot("0/0000:07:00.0", undefined))).toThrow(
      'VM "TV" already has other-config:pci=0/0000:07:00.0, which this resource did not write and which differs from the wanted 0/0000:06:00.0.',
    );
    expect(planUpdate("h", TV, ["0000:06:00.0"], snapshot("0/0000:07:00.0", undefined))).toEqual({ kind: "write", value: "0/0000:06:00.0" });
    expect(planUpdate("h", TV, ["0000:06:00.0"], snapshot("0/0000:06:00.0", undefined))).toEqual({ kind: "keep", value: "0/0000:06:00.0" });
  });

  test("both refuse an unknown VM, an unknown device and a device of another VM", () => {
    for (const plan of [planCreate, planUpdate]) {
      expect(() => plan("h", TV, ["0000:06:00.0"], { ...snapshot(undefined, undefined), vm: undefined })).toThrow(`no VM with UUID ${TV} exists on h.`);
      expect(() => plan("h", TV, ["0000:09:00.0"], snapshot(undefined, undefined))).toThrow(
        "h has no PCI device 0000:09:00.0 (it has 0000:01:00.0, 0000:06:00.0, 0000:07:00.0).",
      );
      expect(() => plan("h", TV, ["0000:06:00.0"], snapshot(undefined, "0/0000:06:00.0"))).toThrow(
        `0000:06:00.0 is already assigned to VM "NAS" (${NAS}) in its other-config:pci.`,
      );
    }
  });
});
