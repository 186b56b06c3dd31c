/**
 * Finding a VM by its name-label.
 */
import type { PoolView, VmState } from "../../../provider/model/host-state";
import { findVmByName, type VmInfo } from "../../../provider/model/vm-lookup";
import { hostStateErrorOf } from "../support/pci-fixtures";

const HERE = "11111111-1111-4111-8111-111111111111";
const OTHER = "22222222-2222-4222-8222-222222222222";
const GONE = "33333333-3333-4333-8333-333333333333";
const POOL: PoolView = {
  hostUuid: HERE,
  members: [
    { uuid: HERE, nameLabel: "rack-1" },
    { uuid: OTHER, nameLabel: "rack-2" },
  ],
};

const vm = (uuid: string, nameLabel: string, powerState: string, residentOn: string): VmState => ({
  uuid,
  nameLabel,
  powerState,
  domId: residentOn === "" ? -1 : 7,
  pciValue: undefined,
  attachedDevices: [],
  residentOn,
  affinity: "",
});

const NAS = vm("db4c64e1-44ce-f9f3-3236-0d86df260249", "NAS", "running", HERE);
const TV = vm("3e5b9d70-1f2c-4a8e-b6d4-90c1e7f2a845", "TV", "halted", "");
const LAB = vm("7c1f0e2a-9b3d-4c5e-8f6a-1b2c3d4e5f60", "Lab", "running", OTHER);
const STRAY = vm("0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d", "Stray", "running", GONE);
const LAB_COPY = vm("5d6e7f80-1a2b-4c3d-9e4f-a5b6c7d8e9f0", "Lab", "halted", "");
const QUOTED = vm("6e7f8091-2b3c-4d4e-8f50-b6c7d8e9f0a1", 'My "big" NAS', "paused", HERE);


const NOT_FOUND_HINT = "Names are exact and case-sensitive: use one of the names listed, or `npx pulumi-xenserver-pci vms` to see them.";
const AMBIGUOUS_HINT =
  "Give each VM its own name (`xe vm-param-set uuid=<uuid> name-label=<new name>`), or use the UUID of the one you mean as vmUuid.";

describe("findVmByName", () => {
  test.each<[string, string, VmInfo]>([
    ["a VM running on the connected host is resident on that member's name", "NAS", { uuid: NAS.uuid, nameLabel: "NAS", powerState: "running", residentOn: "rack-1" }],
    ["a VM running on another member is resident on that member's name", "Lab", { uuid: LAB.uuid, nameLabel: "Lab", powerState: "running", residentOn: "rack-2" }],
    [
      "a VM running on a member the pool view does not list is resident on that member's UUID",
      "Stray",
      { uuid: STRAY.uuid, nameLabel: "Stray", powerState: "running", residentOn: GONE },
    ],
    ["a halted VM is resident nowhere", "TV", { uuid: TV.uuid, nameLabel: "TV", powerState: "halted", residentOn: "" }],
    ["a name with quotes is matched exactly", 'My "big" NAS', { uuid: QUOTED.uuid, nameLabel: 'My "big" NAS', powerState: "paused", residentOn: "rack-1" }],
  ])("%s", (_title, name, expected) => {
    expect(findVmByName("xs1", name, [NAS, TV, LAB, STRAY, QUOTED], POOL)).toEqual(expected);
  });

  test.each<[string, string, VmState[], string]>([
    ["another case does not match, the VMs are listed", "nas", [NAS, TV], 'no VM is named "nas" on xs1 (its VMs: "NAS", "TV").'],
    ["a name with spaces around it does not match", " NAS", [NAS], 'no VM is named " NAS" on xs1 (its VMs: "NAS").'],
    ["names with quotes are quoted unambiguously", "Plex", [QUOTED], 'no VM is named "Plex" on xs1 (its VMs: "My \\"big\\" NAS").'],
    ["a host without VMs says none", "NAS", [], 'no VM is named "NAS" on xs1 (its VMs: none).'],
  ])("refuses an unknown name: %s", (_title, name, vms, reason) => {
    const error = hostStateErrorOf(() => findVmByName("xs1", name, vms, POOL));
    expect({ code: error.code, reason: error.reason, hint: error.hint }).toEqual({ code: "VM_NOT_FOUND", reason, hint: NOT_FOUND_HINT });
  });

  test.each<[string, VmState[], string]>([
    [
      "two VMs with the name, with their UUIDs and power states",
      [NAS, LAB, TV, LAB_COPY],
      `2 VMs are named "Lab" on xs1: ${LAB.uuid} (running), ${LAB_COPY.uuid} (halted).`,
    ],
    [
      "three VMs with the name, in the order listed",
      [LAB_COPY, LAB, { ...LAB, uuid: "8f90a1b2-3c4d-4e5f-8a6b-c7d8e9f0a1b2", powerState: "suspended" }],
      `3 VMs are named "Lab" on xs1: ${LAB_COPY.uuid} (halted), ${LAB.uuid} (running), 8f90a1b2-3c4d-4e5f-8a6b-c7d8e9f0a1b2 (suspended).`,
    ],
  ])("refuses an ambiguous name: %s", (_title, vms, reason) => {
    const error = hostStateErrorOf(() => findVmByName("xs1", "Lab", vms, POOL));
    expect({ code: error.code, reason: error.reason, hint: error.hint }).toEqual({ code: "VM_NAME_AMBIGUOUS", reason, hint: AMBIGUOUS_HINT });
  });
});
