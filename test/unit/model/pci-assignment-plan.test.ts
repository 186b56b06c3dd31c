/**
 * The pure decisions of create and update, from a host snapshot.
 */
import type { AssignmentSnapshot, GuestPciKey, PoolView, VmState } from "../../../provider/model/host-state";
import { attachesExactly, canRunHere, findConflicts, planAffinity, planCreate, planUpdate } from "../../../provider/model/pci-assignment-plan";

const NAS = "db4c64e1-44ce-f9f3-3236-0d86df260249";
const TV = "3e5b9d70-1f2c-4a8e-b6d4-90c1e7f2a845";
const ADDRESSES = ["0000:01:00.0", "0000:06:00.0", "0000:07:00.0"];
const HERE = "11111111-1111-4111-8111-111111111111";
const OTHER = "22222222-2222-4222-8222-222222222222";
const ALONE: PoolView = { hostUuid: HERE, members: [{ uuid: HERE, nameLabel: "here" }] };
const POOL: PoolView = { hostUuid: HERE, members: [{ uuid: HERE, nameLabel: "here" }, { uuid: OTHER, nameLabel: "other" }] };

function snapshot(tvKey: string | undefined, nasKey: string | undefined): AssignmentSnapshot {
  const vm: VmState = { uuid: TV, nameLabel: "TV", powerState: "halted", domId: -1, pciValue: tvKey, attachedDevices: [], residentOn: "", affinity: "" };
  return {
    vm,
    guests: [
      { uuid: NAS, nameLabel: "NAS", powerState: "running", pciValue: nasKey, residentOn: HERE, affinity: "" },
      { uuid: TV, nameLabel: "TV", powerState: "halted", pciValue: tvKey, residentOn: "", affinity: "" },
    ],
    pciDevices: ADDRESSES.map((address) => ({ address, driver: "pciback" })),
    pool: ALONE,
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

describe("the keys as XenServer 6.2's 32-bit xapi reads them", () => {
  const XS62: PoolView = { ...ALONE, xapiIntBits: 31 };
  const NAS_KEY = "0/0000:01:00.0,2147483648/0000:06:00.0";

  test("an index past 2^30 claims nothing on 6.2, so the device is free there", () => {
    expect(findConflicts(TV, ["0000:06:00.0"], snapshot(undefined, NAS_KEY).guests, HERE, 31)).toEqual([]);
    expect(planCreate("h", TV, ["0000:06:00.0"], { ...snapshot(undefined, NAS_KEY), pool: XS62 })).toEqual({ kind: "write", value: "0/0000:06:00.0" });
  });

  test("the same key claims the device on a 64-bit dom0", () => {
    expect(findConflicts(TV, ["0000:06:00.0"], snapshot(undefined, NAS_KEY).guests, HERE).map((conflict) => conflict.device)).toEqual(["0000:06:00.0"]);
    expect(() => planCreate("h", TV, ["0000:06:00.0"], snapshot(undefined, NAS_KEY))).toThrow('0000:06:00.0 is already assigned to VM "NAS"');
  });

  test("a key is adopted only when 6.2 would attach exactly the wanted devices from it", () => {
    const key = "0/0000:06:00.0,1073741824/0000:07:00.0";
    expect(attachesExactly(key, ["0000:06:00.0"], 31)).toBe(true);
    expect(attachesExactly(key, ["0000:06:00.0"], 63)).toBe(false);
    expect(planCreate("h", TV, ["0000:06:00.0"], { ...snapshot(key, undefined), pool: XS62 })).toEqual({ kind: "keep", value: key });
  });
});

describe("findConflicts", () => {
  test("finds wanted devices in other guests' keys, as xapi reads them, but not in the target's own key", () => {
    const { guests } = snapshot("0/0000:07:00.0", "0/0000:01:00.0,1/0000:06:00.0xyz");
    expect(findConflicts(TV, ["0000:06:00.0", "0000:07:00.0"], guests, HERE)).toEqual([
      {
        device: "0000:06:00.0",
        guest: { uuid: NAS, nameLabel: "NAS", powerState: "running", pciValue: "0/0000:01:00.0,1/0000:06:00.0xyz", residentOn: HERE, affinity: "" },
      },
    ]);
  });

  test.each<[string, Pick<GuestPciKey, "residentOn" | "affinity">, boolean]>([
    ["running here", { residentOn: HERE, affinity: "" }, true],
    ["halted and pinned here", { residentOn: "", affinity: HERE }, true],
    ["running elsewhere but pinned here", { residentOn: OTHER, affinity: HERE }, true],
    ["halted and not pinned", { residentOn: "", affinity: "" }, true],
    ["running on another member", { residentOn: OTHER, affinity: "" }, false],
    ["halted and pinned to another member", { residentOn: "", affinity: OTHER }, false],
    ["running here though pinned elsewhere", { residentOn: HERE, affinity: OTHER }, true],
  ])("a guest %s can run here: %s", (_title, guest, expected) => {
    expect(canRunHere(guest, HERE)).toBe(expected);
  });

  test("counts only the guests that can run on this host", () => {
    const elsewhere: GuestPciKey = { uuid: NAS, nameLabel: "NAS", powerState: "running", pciValue: "0/0000:06:00.0", residentOn: OTHER, affinity: OTHER };
    expect(findConflicts(TV, ["0000:06:00.0"], [elsewhere], HERE)).toEqual([]);
    expect(findConflicts(TV, ["0000:06:00.0"], [{ ...elsewhere, residentOn: "", affinity: "" }], HERE)).toHaveLength(1);
  });
});

describe("planAffinity", () => {
  const vm = (affinity: string): VmState => ({ uuid: TV, nameLabel: "TV", powerState: "halted", domId: -1, pciValue: undefined, attachedDevices: [], residentOn: "", affinity });

  test.each<[string, string, PoolView, boolean, boolean, unknown]>([
    ["a host alone is never pinned", "", ALONE, true, false, { kind: "keep", owns: false }],
    ["an unpinned VM of a pool is pinned here", "", POOL, true, false, { kind: "pin" }],
    ["a VM pinned here by someone else stays so, not owned", HERE, POOL, true, false, { kind: "keep", owns: false }],
    ["a VM this resource pinned stays owned", HERE, POOL, true, true, { kind: "keep", owns: true }],
    ["pinToHost: false leaves an affinity it did not set", HERE, POOL, false, false, { kind: "keep", owns: false }],
    ["pinToHost: false clears the affinity it set", HERE, POOL, false, true, { kind: "unpin" }],
    ["pinToHost: false leaves an unpinned VM alone", "", POOL, false, false, { kind: "keep", owns: false }],
    ["an affinity changed by hand is no longer owned", "", POOL, true, true, { kind: "pin" }],
  ])("%s", (_title, affinity, pool, pinToHost, owned, expected) => {
    expect(planAffinity(vm(affinity), pool, pinToHost, owned)).toEqual(expected);
  });

  test("refuses a VM pinned to another member, naming both hosts and the fix", () => {
    expect(() => planAffinity(vm(OTHER), POOL, true, false)).toThrow(
      `VM "TV" (${TV}) has its affinity set to pool member "other" (${OTHER}), but its devices are to be this host's, "here" (${HERE}): ` +
        "the same PCI address on another member is another card.\n" +
        `Pin the VM to this host (\`xe vm-param-set uuid=${TV} affinity=${HERE}\`), or point connection.host at "other" (${OTHER}) ` +
        "if the devices meant are that host's, then run the update again.",
    );
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
