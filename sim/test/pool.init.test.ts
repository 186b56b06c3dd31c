import * as fs from "node:fs";
import * as path from "node:path";
import { DEFAULT_INVENTORY, initPool, readPoolState, readSimState, type InventoryVm, type PoolInventory, type Profile } from "../host";
import { DOM0S, HOSTS, memberDir, removeTempPools, tempPool, toolOn, xeOn } from "./pool.fixture";
import { GAMING, NAS, ok, TV } from "./tools.fixture";

afterAll(removeTempPools);

const NIC = DEFAULT_INVENTORY.pcis.filter((p) => p.address === "0000:06:00.0");
const GPU = DEFAULT_INVENTORY.pcis.filter((p) => p.address.startsWith("0000:07:00."));

function vm(uuid: string, nameLabel: string, extra: Partial<InventoryVm> = {}): InventoryVm {
  return { uuid, nameLabel, powerState: "running", otherConfig: {}, ...extra };
}

function inventoryLine(dir: string, key: string): string | undefined {
  return fs
    .readFileSync(path.join(dir, "root", "etc", "xensource-inventory"), "utf8")
    .split("\n")
    .find((line) => line.startsWith(`${key}=`));
}

describe.each<Profile>(["xs62", "xs82", "xcpng83"])("a new pool on profile %s", (profile) => {
  test("each member's xensource-inventory names its own host and control domain", () => {
    const pool = tempPool(profile, 3);
    expect([0, 1, 2].map((i) => inventoryLine(memberDir(pool, i), "INSTALLATION_UUID"))).toEqual(HOSTS.map((h) => `INSTALLATION_UUID='${h}'`));
    expect([0, 1, 2].map((i) => inventoryLine(memberDir(pool, i), "CONTROL_DOMAIN_UUID"))).toEqual(DOM0S.map((d) => `CONTROL_DOMAIN_UUID='${d}'`));
  });

  test("each member has its own boot config and /proc/cmdline, booted from it", () => {
    const pool = tempPool(profile, 2);
    const state = readPoolState(pool.dir);
    const rootLabels = state.hosts.map((h) => /root=LABEL=(\S+)/.exec(h.bootConfig)?.[1]);
    expect(rootLabels).toEqual(["root-515873", "root-a19b28"]);
    const tail = profile === "xs62" ? "ro xencons=hvc console=hvc0 console=tty0 quiet vga=785 splash" : "ro nolvm hpet=disable console=hvc0 console=tty0 quiet vga=785 splash plymouth.ignore-serial-consoles";
    expect(state.hosts.map((h) => h.cmdline)).toEqual([`root=LABEL=root-515873 ${tail}`, `root=LABEL=root-a19b28 ${tail}`]);
  });

  test("uname -n names each member's own host", () => {
    const pool = tempPool(profile, 2);
    expect([0, 1].map((i) => toolOn(pool, i, "uname", "-n"))).toEqual([ok("xenserver-home-0\n"), ok("xenserver-home-1\n")]);
  });
});

describe("the pool layout", () => {
  test("pool.json lists the member directories and each member points back at the pool", () => {
    const pool = tempPool("xs62", 2);
    expect(pool.members).toEqual([path.join(pool.dir, "host-0"), path.join(pool.dir, "host-1")]);
    expect(JSON.parse(fs.readFileSync(path.join(pool.dir, "pool.json"), "utf8"))).toEqual({ members: ["host-0", "host-1"] });
    expect(pool.members.map((m) => JSON.parse(fs.readFileSync(path.join(m, "pool-member.json"), "utf8")) as unknown)).toEqual([
      { pool: pool.dir, index: 0 },
      { pool: pool.dir, index: 1 },
    ]);
  });

  test("the database lives in the master's state only", () => {
    const pool = tempPool("xs62", 2);
    const stateOf = (i: number): { vms: unknown[] } => JSON.parse(fs.readFileSync(path.join(memberDir(pool, i), "state.json"), "utf8")) as { vms: unknown[] };
    expect(stateOf(0).vms).toHaveLength(5);
    expect(stateOf(1).vms).toEqual([]);
  });
});

describe("a pool from the default inventory", () => {
  test("puts the seed's VMs on the master and the seed's functions on every member", () => {
    const pool = tempPool("xs82", 2);
    const pcis = [
      { address: "0000:00:19.0", driver: "e1000e", vendor: "0x8086", device: "0x1502" },
      { address: "0000:00:1f.2", driver: "ahci", vendor: "0x8086", device: "0x1c02" },
      { address: "0000:01:00.0", driver: "mpt3sas", vendor: "0x1000", device: "0x0072" },
      { address: "0000:06:00.0", driver: "atl1c", vendor: "0x1969", device: "0x1063" },
      { address: "0000:07:00.0", driver: "nouveau", vendor: "0x10de", device: "0x11c0" },
      { address: "0000:07:00.1", driver: "snd_hda_intel", vendor: "0x10de", device: "0x0e0b" },
    ];
    const state = readPoolState(pool.dir);
    expect(state.hosts.map(({ hostUuid, nameLabel, pcis: p, xeCalls }) => ({ hostUuid, nameLabel, pcis: p, xeCalls }))).toEqual([
      { hostUuid: HOSTS[0], nameLabel: "xenserver-home-0", pcis, xeCalls: 0 },
      { hostUuid: HOSTS[1], nameLabel: "xenserver-home-1", pcis, xeCalls: 0 },
    ]);
    expect(state.vms.map(({ uuid, powerState, residentOn, affinity, attachedDevices }) => ({ uuid, powerState, residentOn, affinity, attachedDevices }))).toEqual([
      { uuid: NAS, powerState: "running", residentOn: HOSTS[0], affinity: "", attachedDevices: [] },
      { uuid: GAMING, powerState: "running", residentOn: HOSTS[0], affinity: "", attachedDevices: [] },
      { uuid: TV, powerState: "halted", residentOn: "", affinity: "", attachedDevices: [] },
    ]);
  });
});

describe("a pool inventory", () => {
  const A = "aaaaaaaa-0000-0000-0000-000000000001";
  const B = "bbbbbbbb-0000-0000-0000-000000000002";
  const C = "cccccccc-0000-0000-0000-000000000003";

  test("names the members, gives each its functions, and starts each VM on its residentOn member with that member's domain ids", () => {
    const inventory: PoolInventory = {
      hosts: [
        { nameLabel: "alpha", pcis: NIC },
        { nameLabel: "beta", pcis: [...NIC, ...GPU] },
      ],
      vms: [
        vm(A, "on-alpha", { otherConfig: { pci: "0/0000:06:00.0" } }),
        vm(B, "on-beta", { residentOn: 1, affinity: 1, otherConfig: { pci: "0/0000:06:00.0,1/0000:07:00.0" } }),
        vm(C, "halted", { powerState: "halted", affinity: 0 }),
      ],
    };
    const pool = tempPool("xcpng83", 2, inventory);
    const state = readPoolState(pool.dir);
    expect(state.hosts.map((h) => [h.nameLabel, h.pcis])).toEqual([
      ["alpha", [{ address: "0000:06:00.0", driver: "pciback", vendor: "0x1969", device: "0x1063" }]],
      [
        "beta",
        [
          { address: "0000:06:00.0", driver: "pciback", vendor: "0x1969", device: "0x1063" },
          { address: "0000:07:00.0", driver: "pciback", vendor: "0x10de", device: "0x11c0" },
          { address: "0000:07:00.1", driver: "snd_hda_intel", vendor: "0x10de", device: "0x0e0b" },
        ],
      ],
    ]);
    expect(state.vms).toEqual([
      { uuid: A, nameLabel: "on-alpha", powerState: "running", otherConfig: { pci: "0/0000:06:00.0" }, residentOn: HOSTS[0], affinity: "", attachedDevices: ["0000:06:00.0"] },
      {
        uuid: B,
        nameLabel: "on-beta",
        powerState: "running",
        otherConfig: { pci: "0/0000:06:00.0,1/0000:07:00.0" },
        residentOn: HOSTS[1],
        affinity: HOSTS[1],
        attachedDevices: ["0000:06:00.0", "0000:07:00.0"],
      },
      { uuid: C, nameLabel: "halted", powerState: "halted", otherConfig: {}, residentOn: "", affinity: HOSTS[0], attachedDevices: [] },
    ]);
    expect([A, B].map((uuid) => xeOn(pool, 0, "vm-list", `uuid=${uuid}`, "params=dom-id", "--minimal"))).toEqual([ok("1\n"), ok("1\n")]);
    expect(toolOn(pool, 1, "xenstore-read", "/local/domain/0/backend/pci/1/0/dev-1")).toEqual(ok("0000:07:00.0\n"));
    expect(toolOn(pool, 0, "xenstore-read", "/local/domain/0/backend/pci/1/0/num_devs")).toEqual(ok("1\n"));
  });

  test("without hosts gives every member the top-level functions", () => {
    const pool = tempPool("xs62", 3, { vms: [], pcis: NIC });
    expect(readPoolState(pool.dir).hosts.map((h) => h.pcis)).toEqual([0, 1, 2].map(() => [{ address: "0000:06:00.0", driver: "atl1c", vendor: "0x1969", device: "0x1063" }]));
  });

  test("a member without its own functions gets the top-level ones", () => {
    const pool = tempPool("xs62", 2, { hosts: [{ nameLabel: "alpha" }, { pcis: GPU }], vms: [], pcis: NIC });
    expect(readPoolState(pool.dir).hosts.map((h) => [h.nameLabel, h.pcis.map((p) => p.address)])).toEqual([
      ["alpha", ["0000:06:00.0"]],
      ["xenserver-home-1", ["0000:07:00.0", "0000:07:00.1"]],
    ]);
  });

  test("one address given to VMs running on two members is two devices and both start", () => {
    const vms = [vm(A, "first", { otherConfig: { pci: "0/0000:06:00.0" } }), vm(B, "second", { residentOn: 1, otherConfig: { pci: "0/0000:06:00.0" } })];
    const pool = tempPool("xs82", 2, { vms, pcis: NIC });
    expect(readPoolState(pool.dir).vms.map((v) => v.attachedDevices)).toEqual([["0000:06:00.0"], ["0000:06:00.0"]]);
  });

  test("each member's single-host view shows the whole database but its own functions", () => {
    const pool = tempPool("xs62", 2, { hosts: [{ pcis: NIC }, { pcis: GPU }], vms: [vm(A, "only", { residentOn: 1, otherConfig: { pci: "0/0000:07:00.0" } })] });
    expect(readSimState(memberDir(pool, 1))).toMatchObject({
      vms: [{ uuid: A, nameLabel: "only", powerState: "running", otherConfig: { pci: "0/0000:07:00.0" }, attachedDevices: ["0000:07:00.0"] }],
      pcis: [
        { address: "0000:07:00.0", driver: "pciback" },
        { address: "0000:07:00.1", driver: "snd_hda_intel" },
      ],
    });
    expect(readSimState(memberDir(pool, 0)).pcis).toEqual([{ address: "0000:06:00.0", driver: "atl1c", vendor: "0x1969", device: "0x1063" }]);
  });

  test.each([
    [{ hosts: [{}], vms: [] }, 2, "Unable to create the simulated pool: the inventory describes 1 host but the pool has 2 members; give one hosts[] entry per member."],
    [{ vms: [vm(A, "far", { residentOn: 2 })] }, 2, `Unable to create the simulated pool: VM far (${A}) has residentOn 2, but there are members 0 to 1.`],
    [{ vms: [vm(A, "far", { affinity: -1 })] }, 3, `Unable to create the simulated pool: VM far (${A}) has affinity -1, but there are members 0 to 2.`],
    [{ vms: [], pcis: NIC }, 0, "Unable to create the simulated pool: its size must be a whole number of members, at least 1, not 0."],
  ] as [PoolInventory, number, string][])("an inconsistent inventory is refused: %#", (inventory, size, message) => {
    const dir = tempPool("xs62", 1).dir;
    expect(() => initPool(dir, { profile: "xs62", size, inventory })).toThrow(message);
  });

  test("two VMs running on one member with one device are refused, naming the member", () => {
    const dir = tempPool("xs62", 1).dir;
    const vms = [vm(A, "first", { residentOn: 1, otherConfig: { pci: "0/0000:06:00.0" } }), vm(B, "second", { residentOn: 1, otherConfig: { pci: "0/0000:06:00.0" } })];
    expect(() => initPool(dir, { profile: "xs62", size: 2, inventory: { vms, pcis: NIC } })).toThrow(
      `Unable to create the simulated pool: VM second (${B}) cannot run on member 1: Cannot_add(0000:06:00.0, Xenctrl.Error("16: Device or resource busy")). Give each device of a member to one VM running there in the inventory.`,
    );
  });
});
