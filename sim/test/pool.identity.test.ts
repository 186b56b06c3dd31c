import * as fs from "node:fs";
import * as path from "node:path";
import { DEFAULT_INVENTORY, readPoolState, type InventoryPci, type InventoryVm, type PoolInventory, type Profile } from "../host";
import { splitDeviceNumber } from "../host/sysfs";
import { SimPoolDir } from "../pool-dir";
import { HOSTS, memberDir, removeTempPools, tempPool, toolOn, xeOn, type TempPool } from "./pool.fixture";
import { err, ok } from "./tools.fixture";

afterAll(removeTempPools);

const NIC = DEFAULT_INVENTORY.pcis.filter((p) => p.address === "0000:06:00.0");
const V = "22222222-0000-0000-0000-00000000000a";
/** xenopsd's refusal as xe prints it: INTERNAL_ERROR, whose description has two spaces between its sentences on 6.2. */
function iommuUnavailable(profile: Profile): string {
  const gap = profile === "xs62" ? "  " : " ";
  return (
    `The server failed to handle your request, due to an internal error.${gap}The given message may give details useful for debugging the problem.\n` +
    'message: xenopsd internal error: Invalid_argument("IOMMU unavailable")\n'
  );
}

function vmWithNic(extra: Partial<InventoryVm> = {}): InventoryVm {
  return { uuid: V, nameLabel: "nas", powerState: "halted", otherConfig: { pci: "0/0000:06:00.0" }, ...extra };
}

function vmOf(pool: TempPool): { powerState: string; residentOn: string; attachedDevices: string[] } | undefined {
  const found = readPoolState(pool.dir).vms.find((v) => v.uuid === V);
  return found === undefined ? undefined : { powerState: found.powerState, residentOn: found.residentOn, attachedDevices: found.attachedDevices };
}

/** Member 0 has an IOMMU, member 1 has none. */
function mixedPool(profile: Profile, vm: InventoryVm = vmWithNic()): TempPool {
  const inventory: PoolInventory = { hosts: [{ iommu: true }, { iommu: false }], vms: [vm], pcis: NIC };
  return tempPool(profile, 2, inventory);
}

describe.each<Profile>(["xs62", "xs82", "xcpng83"])("pool members with and without an IOMMU on profile %s", (profile) => {
  test("host-list on any member shows each member's chipset-info", () => {
    const expected = HOSTS.slice(0, 2)
      .map((uuid, i) => `uuid ( RO)            : ${uuid}\n    chipset-info (MRO): iommu: ${i === 0 ? "true" : "false"}\n\n\n`)
      .join("");
    const pool = mixedPool(profile);
    expect(xeOn(pool, 0, "host-list", "params=uuid,chipset-info")).toEqual(ok(expected));
    expect(xeOn(pool, 1, "host-list", "params=uuid,chipset-info")).toEqual(ok(expected));
  });

  test("host-param-get reads any member's chipset-info from any member", () => {
    const pool = mixedPool(profile);
    expect(xeOn(pool, 0, "host-param-get", `uuid=${HOSTS[1]}`, "param-name=chipset-info", "param-key=iommu")).toEqual(ok("false\n"));
    expect(xeOn(pool, 1, "host-param-get", `uuid=${HOSTS[0]}`, "param-name=chipset-info", "param-key=iommu")).toEqual(ok("true\n"));
  });

  test("a VM with devices fails to start on the member without IOMMU, stays halted, and starts on the other", () => {
    const pool = mixedPool(profile);
    expect(xeOn(pool, 0, "vm-start", `uuid=${V}`, `on=${HOSTS[1]}`)).toEqual(err(iommuUnavailable(profile)));
    expect(vmOf(pool)).toEqual({ powerState: "halted", residentOn: "", attachedDevices: [] });
    expect(xeOn(pool, 1, "vm-start", `uuid=${V}`, `on=${HOSTS[0]}`)).toEqual(ok());
    expect(vmOf(pool)).toEqual({ powerState: "running", residentOn: HOSTS[0], attachedDevices: ["0000:06:00.0"] });
  });

  test("placement does not look at the IOMMU: a VM with affinity to the member without one fails there", () => {
    const pool = mixedPool(profile, vmWithNic({ affinity: 1 }));
    expect(xeOn(pool, 0, "vm-start", `uuid=${V}`)).toEqual(err(iommuUnavailable(profile)));
    expect(vmOf(pool)).toEqual({ powerState: "halted", residentOn: "", attachedDevices: [] });
  });

  test("the top-level host.iommu is the default of members that give none", () => {
    const pool = tempPool(profile, 2, { host: { iommu: false }, hosts: [{}, { iommu: true }], vms: [], pcis: NIC });
    expect(xeOn(pool, 0, "host-list", "params=chipset-info", "--minimal")).toEqual(ok("iommu: false,iommu: true\n"));
  });

  test("members have an IOMMU by default", () => {
    const pool = tempPool(profile, 2, { vms: [], pcis: NIC });
    expect(xeOn(pool, 1, "host-list", "params=chipset-info", "--minimal")).toEqual(ok("iommu: true,iommu: true\n"));
  });
});

/** The controller at the top of member `index`'s root disk chain. */
function bootDiskOf(pool: TempPool, index: number): string | undefined {
  const { major, minor } = splitDeviceNumber(fs.statSync("/", { bigint: true }).dev);
  return fs.realpathSync(path.join(memberDir(pool, index), "root/sys/dev/block", `${major}:${minor}`)).split("/").at(-7);
}

describe("bootDisk per pool member", () => {
  test("each member's chain follows its own bootDisk, else the top-level one, else the seed's", () => {
    expect([0, 1].map((i) => bootDiskOf(tempPool("xcpng83", 2, { vms: [], pcis: NIC }), i))).toEqual(["0000:00:1f.2", "0000:00:1f.2"]);
    const pool = tempPool("xcpng83", 3, { bootDisk: "0000:01:00.0", hosts: [{}, { bootDisk: "0000:00:1f.2" }, { bootDisk: "0000:02:00.0" }], vms: [], pcis: NIC });
    expect([0, 1, 2].map((i) => bootDiskOf(pool, i))).toEqual(["0000:01:00.0", "0000:00:1f.2", "0000:02:00.0"]);
  });
});

describe("a pool member whose cards moved while it was off", () => {
  const R = "22222222-0000-0000-0000-00000000000b";
  const INTEL_NIC: InventoryPci = { address: "0000:06:00.0", vendor: "0x8086", device: "0x10d3", class: "0x020000", driver: "e1000e", vendorName: "Intel Corporation", deviceName: "82574L Gigabit Network Connection" };

  function running(): PoolInventory {
    return { vms: [{ uuid: R, nameLabel: "r", powerState: "running", otherConfig: { pci: "0/0000:06:00.0" } }, vmWithNic({ affinity: 1 })], pcis: NIC };
  }

  test("reboots with its new functions; the other member and its VMs are untouched", () => {
    const pool = tempPool("xcpng83", 2, running());
    new SimPoolDir(pool.dir).rebootHost(1, { pcis: [INTEL_NIC], bootDisk: "0000:06:00.0" });
    const state = new SimPoolDir(pool.dir).state();
    expect(state.hosts.map((h) => h.pcis)).toEqual([
      [{ address: "0000:06:00.0", driver: "pciback", vendor: "0x1969", device: "0x1063" }],
      [{ address: "0000:06:00.0", driver: "e1000e", vendor: "0x8086", device: "0x10d3" }],
    ]);
    expect(state.vms.map((v) => [v.nameLabel, v.powerState, v.residentOn, v.otherConfig.pci])).toEqual([
      ["r", "running", HOSTS[0], "0/0000:06:00.0"],
      ["nas", "halted", "", "0/0000:06:00.0"],
    ]);
    expect([0, 1].map((i) => bootDiskOf(pool, i))).toEqual(["0000:00:1f.2", "0000:06:00.0"]);
    expect(fs.readFileSync(path.join(memberDir(pool, 1), "root/sys/bus/pci/devices/0000:06:00.0/vendor"), "utf8")).toBe("0x8086\n");
    expect(fs.readFileSync(path.join(memberDir(pool, 0), "root/sys/bus/pci/devices/0000:06:00.0/vendor"), "utf8")).toBe("0x1969\n");
  });

  test("pci-list on any member shows each member's own objects, the rebooted one's new card included", () => {
    const pool = tempPool("xcpng83", 2, running());
    new SimPoolDir(pool.dir).rebootHost(HOSTS[1], { pcis: [INTEL_NIC] });
    expect(xeOn(pool, 0, "pci-list", "pci-id=0000:06:00.0", "params=host-uuid,device-name")).toEqual(
      ok(
        `device-name ( RO)    : AR8131 Gigabit Ethernet\n      host-uuid ( RO): ${HOSTS[0]}\n\n\n` +
          `device-name ( RO)    : 82574L Gigabit Network Connection\n      host-uuid ( RO): ${HOSTS[1]}\n\n\n`,
      ),
    );
  });

  test("a VM with affinity to the rebooted member starts there with whatever card its key's address holds now", () => {
    const pool = tempPool("xcpng83", 2, running());
    new SimPoolDir(pool.dir).rebootHost(1, { pcis: [INTEL_NIC] });
    expect(xeOn(pool, 1, "vm-start", `uuid=${V}`)).toEqual(ok());
    expect(vmOf(pool)).toEqual({ powerState: "running", residentOn: HOSTS[1], attachedDevices: ["0000:06:00.0"] });
    expect(toolOn(pool, 1, "lspci", "-n", "-k")).toEqual(ok("06:00.0 0200: 8086:10d3\n\tKernel driver in use: pciback\n\tKernel modules: e1000e\n"));
  });
});
