import * as fs from "node:fs";
import * as path from "node:path";
import { DEFAULT_INVENTORY, readPoolState, type InventoryVm, type PoolInventory, type Profile } from "../host";
import { HOSTS, removeTempPools, tempPool, xeOn, type TempPool } from "./pool.fixture";
import { err, ok } from "./tools.fixture";
import { opaqueRef } from "../tools/xe/refs";

afterAll(removeTempPools);

const FILES = "55555555-0000-0000-0000-00000000000a";
const GPU_VM = "55555555-0000-0000-0000-00000000000b";
const BIG = "55555555-0000-0000-0000-00000000000c";
const WEB = "55555555-0000-0000-0000-00000000000d";
const HVM = "55555555-0000-0000-0000-00000000000e";

const GPU = DEFAULT_INVENTORY.pcis.filter((p) => p.address === "0000:07:00.0");

function vm(uuid: string, nameLabel: string, extra: Partial<InventoryVm> = {}): InventoryVm {
  return { uuid, nameLabel, powerState: "running", otherConfig: {}, ...extra };
}

function golden(name: string): string {
  return fs.readFileSync(path.join(__dirname, "golden", name), "utf8");
}

/**
 * On member 0: a VM on its local SR, one with the GPU, one bigger than member 1's free memory, a small one free to
 * move, an HVM guest without PV drivers. Member 1 has 6144 MiB for guests.
 */
function blockedPool(profile: Profile, extra: Partial<PoolInventory> = {}): TempPool {
  return tempPool(profile, 2, {
    hosts: [{}, { memoryMiB: 6144 }],
    vms: [
      vm(FILES, "files", { storage: "local" }),
      vm(GPU_VM, "gpu", { otherConfig: { pci: "0/0000:07:00.0" } }),
      vm(BIG, "big", { memoryMiB: 8192 }),
      vm(WEB, "web"),
      vm(HVM, "hvm", { hasPvDrivers: false }),
    ],
    pcis: GPU,
    ...extra,
  });
}

const VM_REF = (uuid: string): string => opaqueRef("VM", uuid);
const SR_REF = opaqueRef("SR", "031d3a0f-1abf-52f6-c198-21ef8860587b");

/** One record of host-get-vms-which-prevent-evacuation, as xe prints it. */
function blocker(uuid: string, name: string, reason: string): string {
  return `uuid ( RO)          : ${uuid}\n    name-label ( RW): ${name}\n        reason ( RO): ${reason}\n\n\n`;
}

function where(pool: TempPool): Record<string, string> {
  return Object.fromEntries(
    readPoolState(pool.dir).vms.map((v) => [v.nameLabel, v.powerState === "halted" ? "halted" : `${v.powerState} on ${HOSTS.indexOf(v.residentOn as (typeof HOSTS)[number])}`]),
  );
}

describe.each<Profile>(["xs82", "xcpng83"])("the evacuation plan on profile %s", (profile) => {
  test("host-get-vms-which-prevent-evacuation lists each blocker with its error and raw parameters, in xapi's layout", () => {
    const pool = blockedPool(profile);
    expect(xeOn(pool, 1, "host-get-vms-which-prevent-evacuation", `uuid=${HOSTS[0]}`)).toEqual(ok(golden("prevent-evacuation.blocked.txt")));
  });

  test("host-evacuate refuses with the first blocker's error before anything moves", () => {
    const pool = blockedPool(profile);
    const before = where(pool);
    expect(xeOn(pool, 1, "host-evacuate", `uuid=${HOSTS[0]}`)).toEqual(
      err(
        "You attempted to run a VM on a host which doesn't have access to an SR needed by the VM. The VM has at least one VBD attached to a VDI in the SR.\n" +
          `vm: ${FILES} (files)\nsr: 031d3a0f-1abf-52f6-c198-21ef8860587b (Local storage)\n`,
      ),
    );
    expect(where(pool)).toEqual(before);
  });

  test("the VM the binpack leaves out gets HOST_NOT_ENOUGH_FREE_MEMORY with the VM as its one parameter", () => {
    const pool = blockedPool(profile);
    for (const uuid of [FILES, GPU_VM]) expect(xeOn(pool, 0, "vm-shutdown", `uuid=${uuid}`)).toEqual(ok());
    expect(xeOn(pool, 0, "vm-shutdown", `uuid=${HVM}`, "--force")).toEqual(ok());
    expect(xeOn(pool, 0, "host-evacuate", `uuid=${HOSTS[0]}`)).toEqual(err(`Not enough server memory is available to perform this operation.\nneeded: ${BIG} (big)\navailable: <unknown>\n`));
    expect(xeOn(pool, 0, "vm-shutdown", `uuid=${BIG}`)).toEqual(ok());
    expect(xeOn(pool, 0, "host-get-vms-which-prevent-evacuation", `uuid=${HOSTS[0]}`)).toEqual(ok());
    expect(xeOn(pool, 0, "host-evacuate", `uuid=${HOSTS[0]}`)).toEqual(ok());
    expect(where(pool)).toMatchObject({ web: "running on 1" });
  });

  test("with HA on, every guest HA does not protect is HOST_NOT_ENOUGH_FREE_MEMORY, unless the migration check refuses it", () => {
    const pool = blockedPool(profile, { haEnabled: true });
    expect(xeOn(pool, 0, "pool-list", "params=ha-enabled", "--minimal")).toEqual(ok("true\n"));
    expect(xeOn(pool, 0, "host-get-vms-which-prevent-evacuation", `uuid=${HOSTS[0]}`)).toEqual(
      ok(
        blocker(FILES, "files", `HOST_NOT_ENOUGH_FREE_MEMORY,${VM_REF(FILES)}`) +
          blocker(GPU_VM, "gpu", `VM_HAS_PCI_ATTACHED,${VM_REF(GPU_VM)}`) +
          blocker(BIG, "big", `HOST_NOT_ENOUGH_FREE_MEMORY,${VM_REF(BIG)}`) +
          blocker(WEB, "web", `HOST_NOT_ENOUGH_FREE_MEMORY,${VM_REF(WEB)}`) +
          blocker(HVM, "hvm", `VM_LACKS_FEATURE,${VM_REF(HVM)}`),
      ),
    );
  });
});

describe("the evacuation plan on profile xs62", () => {
  test("adds the memory error to a guest that already has one: it is listed twice, and host-evacuate reports the later", () => {
    const pool = blockedPool("xs62");
    expect(xeOn(pool, 1, "host-get-vms-which-prevent-evacuation", `uuid=${HOSTS[0]}`)).toEqual(
      ok(
        blocker(FILES, "files", `VM_REQUIRES_SR,${VM_REF(FILES)},${SR_REF}`) +
          blocker(FILES, "files", `HOST_NOT_ENOUGH_FREE_MEMORY,${VM_REF(FILES)}`) +
          blocker(GPU_VM, "gpu", `VM_HAS_PCI_ATTACHED,${VM_REF(GPU_VM)}`) +
          blocker(BIG, "big", `HOST_NOT_ENOUGH_FREE_MEMORY,${VM_REF(BIG)}`) +
          blocker(HVM, "hvm", `VM_MISSING_PV_DRIVERS,${VM_REF(HVM)}`),
      ),
    );
    expect(xeOn(pool, 1, "host-evacuate", `uuid=${HOSTS[0]}`)).toEqual(
      err(`Not enough host memory is available to perform this operation\nneeded: ${FILES} (files)\navailable: <unknown>\n`),
    );
  });
});

describe.each<Profile>(["xs62", "xs82", "xcpng83"])("host-get-vms-which-prevent-evacuation on profile %s", (profile) => {
  test("prints nothing when nothing blocks, and NO_HOSTS_AVAILABLE per guest when no other member is enabled", () => {
    const pool = tempPool(profile, 2, { vms: [vm(WEB, "web"), vm(HVM, "other", { residentOn: 1 })] });
    expect(xeOn(pool, 0, "host-get-vms-which-prevent-evacuation", `uuid=${HOSTS[0]}`)).toEqual(ok());
    expect(xeOn(pool, 0, "host-get-vms-which-prevent-evacuation", `uuid=${HOSTS[0]}`, "--minimal")).toEqual(ok("\n"));
    expect(xeOn(pool, 0, "host-disable", `uuid=${HOSTS[1]}`)).toEqual(ok());
    expect(xeOn(pool, 0, "host-get-vms-which-prevent-evacuation", `uuid=${HOSTS[0]}`)).toEqual(ok(blocker(WEB, "web", `NO_HOSTS_AVAILABLE,${VM_REF(WEB)}`)));
  });

  test("params= picks the fields printed, --minimal prints the uuids", () => {
    const pool = blockedPool(profile);
    expect(xeOn(pool, 0, "host-get-vms-which-prevent-evacuation", `uuid=${HOSTS[0]}`, "params=reason,name-label", "--minimal")).toEqual(
      ok(profile === "xs62" ? "files,files,gpu,big,hvm\n" : "files,gpu,big,hvm\n"),
    );
    expect(xeOn(pool, 0, "host-get-vms-which-prevent-evacuation", `uuid=${HOSTS[0]}`, "params=power-state,reason").stdout.split("\n").slice(0, 2)).toEqual([
      "power-state ( RO)    : running",
      `         reason ( RO): VM_REQUIRES_SR,${VM_REF(FILES)},${SR_REF}`,
    ]);
  });

  test("needs uuid=, and an unknown host is UUID_INVALID", () => {
    const pool = blockedPool(profile);
    expect(xeOn(pool, 0, "host-get-vms-which-prevent-evacuation")).toEqual(err("Required parameter not found: uuid\nFor usage run: 'xe help'\n"));
    expect(xeOn(pool, 0, "host-get-vms-which-prevent-evacuation", "uuid=nope")).toEqual(err("The uuid you supplied was invalid.\ntype: host\nuuid: nope\n"));
  });
});

describe.each<Profile>(["xs62", "xs82", "xcpng83"])("memory in an evacuation on profile %s", (profile) => {
  test("the binpack fills the target with the most free memory first, biggest guest first, and the moves take their memory along", () => {
    const pool = tempPool(profile, 3, {
      hosts: [{}, { memoryMiB: 4096 }, { memoryMiB: 8192 }],
      vms: [vm(FILES, "x", { memoryMiB: 3072 }), vm(GPU_VM, "y", { memoryMiB: 2048 }), vm(BIG, "z", { memoryMiB: 2048 })],
    });
    expect(readPoolState(pool.dir).hosts.map((h) => h.freeMemoryMiB)).toEqual([65536 - 7168, 4096, 8192]);
    expect(xeOn(pool, 0, "host-evacuate", `uuid=${HOSTS[0]}`)).toEqual(ok());
    expect(where(pool)).toEqual({ x: "running on 2", y: "running on 2", z: "running on 1" });
    expect(readPoolState(pool.dir).hosts.map((h) => h.freeMemoryMiB)).toEqual([65536, 2048, 3072]);
  });
});
