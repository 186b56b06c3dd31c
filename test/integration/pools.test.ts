/**
 * Both resources in a pool of simulated hosts, over real SSH to each member:
 * the connection's host is the host whose cards are meant. The same address
 * on two members is two cards, domain ids are per host, and xapi's placement
 * ignores `other-config:pci` (docs/host-facts.md#pools).
 */
import { closeSessions } from "../../provider/host/session/session-registry";
import { hiddenPciDeviceProvider as hidden } from "../../provider/providers/hidden-pci-device";
import { pciAssignmentProvider as assignment } from "../../provider/providers/pci-assignment";
import { defaultInventory, type InventoryVm, type PoolInventory, type Profile } from "../../sim/host";
import { nextRun } from "../support/next-run";
import { rejectionOf } from "../support/rejection";
import { simConnection } from "../support/sim-cases";
import { useSimPool } from "../support/sim-fixture";

const NAS = "db4c64e1-44ce-f9f3-3236-0d86df260249";
const GAMING = "7a1c3f52-9b0e-4d21-8c6e-2f0a9d4b6e13";
const TV = "3e5b9d70-1f2c-4a8e-b6d4-90c1e7f2a845";
const SPARE = "5a9e0c21-3b7d-4f86-9e12-c4d8a6b0f375";

/**
 * The seed's machine spread over the pool: the NAS runs on member 1 with the
 * controller, the gaming VM on member 0 with its GPU (both are the first
 * domain of their member, so they share a domain id), the TV is halted and
 * unpinned, a spare VM is halted and pinned to member 1 with the NIC in its key.
 */
function poolInventory(profile: Profile, size: number): PoolInventory {
  const seed = defaultInventory(profile);
  const vm = (uuid: string): InventoryVm => {
    const found = seed.vms.find((v) => v.uuid === uuid);
    if (found === undefined) throw new Error(`the seed has no VM ${uuid}`);
    return found;
  };
  const nas = vm(NAS);
  const gaming = vm(GAMING);
  return {
    hosts: Array.from({ length: size }, (_, i) => ({ nameLabel: `rack-${String(i)}`, pcis: seed.pcis })),
    vms: [
      { ...nas, otherConfig: { ...nas.otherConfig, pci: "0/0000:01:00.0" }, residentOn: 1 },
      { ...gaming, otherConfig: { ...gaming.otherConfig, pci: "0/0000:07:00.0" }, residentOn: 0 },
      vm(TV),
      { uuid: SPARE, nameLabel: "Spare", powerState: "halted", otherConfig: { pci: "0/0000:06:00.0" }, affinity: 1 },
    ],
  };
}

describe.each<[Profile, number]>([
  ["xs62", 2],
  ["xs82", 2],
  ["xcpng83", 2],
  ["xcpng83", 3],
])("PciAssignment in a simulated %s pool of %i", (profile, size) => {
  const pool = useSimPool({ size, profile, inventory: poolInventory(profile, size) }, { name: `xspci-pool-${profile}-`, beforeStop: closeSessions });
  let member0: Record<string, unknown>;
  const uuidOf = (i: number): string => pool.members[i]?.info.hostUuid ?? "";
  const vmState = (uuid: string) => pool.state().vms.find((vm) => vm.uuid === uuid);

  beforeAll(() => {
    const first = pool.members[0];
    if (first === undefined) throw new Error("the pool has no member 0");
    member0 = simConnection(first);
  });

  beforeEach(() => {
    nextRun();
  });

  test("a VM running on another member has none of this host's devices, whatever domain id it has there", async () => {
    // On member 1 the NAS is domain 1 with 01:00.0; on member 0 domain 1 is the gaming VM with 07:00.0.
    const created = await assignment.create({ connection: member0, vmUuid: NAS, devices: ["01:00.0"], pinToHost: false });
    expect(created.outs).toMatchObject({
      residentOn: "rack-1",
      affinity: "",
      ownsAffinity: false,
      attachedDevices: [],
      pendingColdBoot: true,
      nextSteps: [
        `VM "NAS" (${NAS}) runs on pool member "rack-1", where these addresses are other cards: shut it down and start it on "rack-0" ` +
          `(\`xe vm-shutdown uuid=${NAS}\`, then \`xe vm-start uuid=${NAS} on=${uuidOf(0)}\`).`,
        `VM "NAS" (${NAS}) is not pinned to "rack-0" (pinToHost: false): xapi may start it on another pool member, where these addresses ` +
          `are other cards. Start it with \`xe vm-start uuid=${NAS} on=${uuidOf(0)}\`.`,
      ],
    });
    expect(vmState(NAS)?.affinity).toBe("");
    await assignment.delete(created.id, created.outs);
    expect(vmState(NAS)?.otherConfig.pci).toBeUndefined();
    expect(pool.xe(0, "vm-param-set", `uuid=${NAS}`, "other-config:pci=0/0000:01:00.0").exitCode).toBe(0);
  });

  test("coldBoot whenRequired moves a VM running on another member here, where it gets this host's devices", async () => {
    const created = await assignment.create({ connection: member0, vmUuid: NAS, devices: ["01:00.0"], coldBoot: "whenRequired" });
    expect(created.outs).toMatchObject({ residentOn: "rack-0", affinity: "rack-0", ownsAffinity: true, attachedDevices: ["0000:01:00.0"], pendingColdBoot: false, nextSteps: [] });
    expect(vmState(NAS)).toMatchObject({ powerState: "running", residentOn: uuidOf(0), affinity: uuidOf(0), attachedDevices: ["0000:01:00.0"] });
    // Delete puts back the affinity it set; the VM keeps running here.
    await assignment.delete(created.id, created.outs);
    expect(vmState(NAS)).toMatchObject({ residentOn: uuidOf(0), affinity: "" });
  });

  test("create pins an unpinned VM to this host, and delete unpins it", async () => {
    const created = await assignment.create({ connection: member0, vmUuid: TV, devices: ["06:00.0"] });
    expect(created.outs).toMatchObject({ residentOn: "", affinity: "rack-0", ownsAffinity: true, pendingColdBoot: false, nextSteps: [] });
    expect(vmState(TV)?.affinity).toBe(uuidOf(0));
    // xapi now starts it here, with this host's NIC.
    expect(pool.xe(1, "vm-start", `uuid=${TV}`).exitCode).toBe(0);
    expect(vmState(TV)).toMatchObject({ residentOn: uuidOf(0), attachedDevices: ["0000:06:00.0"] });
    expect(pool.xe(0, "vm-shutdown", `uuid=${TV}`, "--force").exitCode).toBe(0);
    nextRun();
    const read = await assignment.read(created.id, created.outs);
    await assignment.delete(created.id, read.props);
    expect(vmState(TV)?.affinity).toBe("");
    expect(vmState(TV)?.otherConfig.pci).toBeUndefined();
  });

  test("a create that pins its VM sets the affinity and the key in one exec and reads both back with one xe call", async () => {
    const member = pool.members[0];
    if (member === undefined) throw new Error("the pool has no member 0");
    member.resetCounters();
    const created = await assignment.create({ connection: member0, vmUuid: TV, devices: ["06:00.0"] });
    expect(created.outs).toMatchObject({ pciValue: "0/0000:06:00.0", affinity: "rack-0", ownsAffinity: true });
    // The listing (xe vm-list, xe host-list, dom0's reads), then vm-param-set and the read back in one exec.
    expect(member.state().counters).toMatchObject({ execs: 4, xeCalls: 4 });
    await assignment.delete(created.id, created.outs);
    expect(vmState(TV)).toMatchObject({ affinity: "" });
    expect(vmState(TV)?.otherConfig.pci).toBeUndefined();
  });

  test("when another key's value holds '; pci: ', an update that pins reads the key written back on its own, exactly", async () => {
    const created = await assignment.create({ connection: member0, vmUuid: TV, devices: ["06:00.0"] });
    const note = "moved; pci: 0/0000:99:00.0";
    expect(pool.xe(0, "vm-param-set", `uuid=${TV}`, `other-config:note=${note}`).exitCode).toBe(0);
    // Unpinned by hand: the update pins it again, so it writes the affinity and the key together.
    expect(pool.xe(0, "vm-param-set", `uuid=${TV}`, "affinity=").exitCode).toBe(0);
    try {
      nextRun();
      const member = pool.members[0];
      if (member === undefined) throw new Error("the pool has no member 0");
      member.resetCounters();
      const news = { connection: member0, vmUuid: TV, devices: ["06:00.0", "01:00.0"] };
      const updated = await assignment.update(created.id, created.outs, news);
      expect(updated.outs).toMatchObject({ pciValue: "0/0000:06:00.0,1/0000:01:00.0", devices: ["0000:06:00.0", "0000:01:00.0"], affinity: "rack-0" });
      expect(vmState(TV)?.otherConfig).toMatchObject({ pci: "0/0000:06:00.0,1/0000:01:00.0", note });
      // The listing (3 execs, 2 xe calls), the VM's own exact read since its printed map is ambiguous (3, 2),
      // the write with its read back (1, 2), and the key read back on its own (1, 1).
      expect(member.state().counters).toMatchObject({ execs: 8, xeCalls: 7 });
      await assignment.delete(created.id, updated.outs);
    } finally {
      expect(pool.xe(0, "vm-param-remove", `uuid=${TV}`, "param-name=other-config", "param-key=note").exitCode).toBe(0);
    }
    expect(vmState(TV)?.otherConfig.pci).toBeUndefined();
  });

  test("a VM pinned to another member is refused, naming both hosts and the fix, and nothing changes", async () => {
    const before = pool.state().vms;
    const error = await rejectionOf(assignment.create({ connection: member0, vmUuid: SPARE, devices: ["06:00.0"] }));
    expect(error).toMatchObject({
      code: "VM_PINNED_ELSEWHERE",
      message:
        `Unable to create PCI assignment for VM ${SPARE}: VM "Spare" (${SPARE}) has its affinity set to pool member "rack-1" (${uuidOf(1)}), ` +
        `but its devices are to be this host's, "rack-0" (${uuidOf(0)}): the same PCI address on another member is another card.\n` +
        `Pin the VM to this host (\`xe vm-param-set uuid=${SPARE} affinity=${uuidOf(0)}\`), or point connection.host at "rack-1" (${uuidOf(1)}) ` +
        "if the devices meant are that host's, then run the update again.",
    });
    expect(pool.state().vms).toEqual(before);
  });

  test("a device in the key of a VM pinned to or running on another member is no conflict; one of an unpinned halted VM is", async () => {
    // The spare VM (pinned to member 1) claims 06:00.0 there; the NAS (running on member 1) claims 01:00.0 there.
    const created = await assignment.create({ connection: member0, vmUuid: TV, devices: ["06:00.0", "01:00.0"] });
    expect(created.outs.pciValue).toBe("0/0000:06:00.0,1/0000:01:00.0");
    await assignment.delete(created.id, created.outs);
    // The gaming VM runs here with 07:00.0; the TV, unpinned, would start here too.
    const error = await rejectionOf(assignment.create({ connection: member0, vmUuid: TV, devices: ["07:00.0"] }));
    expect(error).toMatchObject({ code: "PCI_DEVICE_IN_USE" });
    expect(vmState(TV)?.affinity).toBe("");
  });

  test("update with pinToHost false clears the affinity the resource set, and keeps one it did not set", async () => {
    const created = await assignment.create({ connection: member0, vmUuid: TV, devices: ["06:00.0"] });
    expect(vmState(TV)?.affinity).toBe(uuidOf(0));
    const news = { connection: member0, vmUuid: TV, devices: ["06:00.0"], pinToHost: false };
    expect(await assignment.diff(created.id, created.outs, news)).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
    const updated = await assignment.update(created.id, created.outs, news);
    expect(updated.outs).toMatchObject({ pinToHost: false, affinity: "", ownsAffinity: false });
    expect(vmState(TV)?.affinity).toBe("");
    await assignment.delete(created.id, updated.outs);

    expect(pool.xe(0, "vm-param-set", `uuid=${TV}`, `affinity=${uuidOf(0)}`).exitCode).toBe(0);
    nextRun();
    const adopted = await assignment.create({ connection: member0, vmUuid: TV, devices: ["06:00.0"] });
    expect(adopted.outs).toMatchObject({ affinity: "rack-0", ownsAffinity: false });
    await assignment.delete(adopted.id, adopted.outs);
    expect(vmState(TV)?.affinity).toBe(uuidOf(0));
    expect(pool.xe(0, "vm-param-set", `uuid=${TV}`, "affinity=").exitCode).toBe(0);
  });

  test("HiddenPciDevice edits only the connected member's boot configuration", async () => {
    const member1 = pool.members[1];
    if (member1 === undefined) throw new Error("the pool has no member 1");
    const bootConfigs = (): string[] => pool.state().hosts.map((h) => h.bootConfig);
    const before = bootConfigs();
    const created = await hidden.create({ connection: simConnection(member1), address: "06:00.0", method: "auto" });
    expect(created.outs).toMatchObject({ hostUuid: uuidOf(1), hiddenInBootConfig: true });
    const after = bootConfigs();
    expect(after[1]).toContain("(0000:06:00.0)");
    after.forEach((text, i) => {
      if (i !== 1) expect(text).toBe(before[i]);
    });
    await hidden.delete(created.id, created.outs);
    expect(bootConfigs()[1]).not.toContain("(0000:06:00.0)");
  });
});
