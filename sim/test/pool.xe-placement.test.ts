import { DEFAULT_INVENTORY, readPoolState, type InventoryVm, type PoolInventory, type Profile } from "../host";
import { HOSTS, removeTempPools, tempPool, toolOn, xeOn, type TempPool } from "./pool.fixture";
import { err, ok } from "./tools.fixture";

afterAll(removeTempPools);

/** INTERNAL_ERROR's description on 6.2: two spaces between its sentences. */
const INTERNAL_62 =
  "The server failed to handle your request, due to an internal error.  The given message may give details useful for debugging the problem.\n";

const LOCAL = "66666666-0000-0000-0000-00000000000a";
const BIG = "66666666-0000-0000-0000-00000000000b";
const WEB = "66666666-0000-0000-0000-00000000000c";
const NIC_VM = "66666666-0000-0000-0000-00000000000d";

/** The local SR of member 0, as xe prints it in an error. */
const SR0 = "031d3a0f-1abf-52f6-c198-21ef8860587b (Local storage)";

const NIC = DEFAULT_INVENTORY.pcis.filter((p) => p.address === "0000:06:00.0");

function vm(uuid: string, nameLabel: string, extra: Partial<InventoryVm> = {}): InventoryVm {
  return { uuid, nameLabel, powerState: "halted", otherConfig: {}, ...extra };
}

/** A halted VM on member 0's local SR, a halted VM of 8 GiB, a running small one on member 0; member 1 has 4096 MiB for guests. */
const INVENTORY: PoolInventory = {
  hosts: [{}, { memoryMiB: 4096 }],
  vms: [vm(LOCAL, "local", { storage: "local" }), vm(BIG, "big", { memoryMiB: 8192 }), vm(WEB, "web", { powerState: "running" })],
};

function place(pool: TempPool, uuid: string): string {
  const found = readPoolState(pool.dir).vms.find((v) => v.uuid === uuid);
  return found === undefined || found.powerState !== "running" ? (found?.powerState ?? "?") : `running on ${HOSTS.indexOf(found.residentOn as (typeof HOSTS)[number])}`;
}

function word(profile: Profile): string {
  return profile === "xs62" ? "host" : "server";
}

function requiresSr(name: string, uuid: string): string {
  return `You attempted to run a VM on a host which doesn't have access to an SR needed by the VM. The VM has at least one VBD attached to a VDI in the SR.\nvm: ${uuid} (${name})\nsr: ${SR0}\n`;
}

function notEnoughMemory(profile: Profile, needed: number, available: number): string {
  const sentence = profile === "xs62" ? "Not enough host memory is available to perform this operation" : "Not enough server memory is available to perform this operation.";
  return `${sentence}\nneeded: ${needed * 1048576}\navailable: ${available * 1048576}\n`;
}

describe.each<Profile>(["xs62", "xs82", "xcpng83"])("vm-start's refusals in a pool on profile %s", (profile) => {
  test("on= a disabled member is HOST_DISABLED with that member", () => {
    const pool = tempPool(profile, 2, INVENTORY);
    expect(xeOn(pool, 0, "host-disable", `uuid=${HOSTS[1]}`)).toEqual(ok());
    expect(xeOn(pool, 0, "vm-start", `uuid=${BIG}`, "on=xenserver-home-1")).toEqual(err(`The specified ${word(profile)} is disabled.\nhost: ${HOSTS[1]} (xenserver-home-1)\n`));
    expect(place(pool, BIG)).toBe("halted");
  });

  test("on= a member without the VM's local SR is VM_REQUIRES_SR; on= one without the memory is HOST_NOT_ENOUGH_FREE_MEMORY in bytes", () => {
    const pool = tempPool(profile, 2, INVENTORY);
    expect(xeOn(pool, 0, "vm-start", `uuid=${LOCAL}`, `on=${HOSTS[1]}`)).toEqual(err(requiresSr("local", LOCAL)));
    expect(xeOn(pool, 0, "vm-start", `uuid=${BIG}`, `on=${HOSTS[1]}`)).toEqual(err(notEnoughMemory(profile, 8192, 4096)));
    expect(xeOn(pool, 0, "vm-start", `uuid=${LOCAL}`, `on=${HOSTS[0]}`)).toEqual(ok());
    expect(place(pool, LOCAL)).toBe("running on 0");
  });

  test("without on= a VM on a local SR starts on its own member, even when another runs fewer guests", () => {
    const pool = tempPool(profile, 2, INVENTORY);
    expect(xeOn(pool, 1, "vm-start", `uuid=${LOCAL}`)).toEqual(ok());
    expect(place(pool, LOCAL)).toBe("running on 0");
  });

  test("with no member able to take it: NO_HOSTS_AVAILABLE, after the per-host report on stdout", () => {
    const pool = tempPool(profile, 2, INVENTORY);
    expect(xeOn(pool, 0, "host-disable", `uuid=${HOSTS[0]}`)).toEqual(ok());
    expect(xeOn(pool, 1, "vm-start", `uuid=${LOCAL}`)).toEqual({
      stdout:
        "There are no suitable hosts to start this VM on.\n" +
        "The following table provides per-host reasons for why the VM could not be started:\n" +
        "\n" +
        "xenserver-home-0    : Cannot start here [Host disabled (use 'xe host-enable' to re-enable)]\n" +
        `    xenserver-home-1: Cannot start here [VM requires access to SR: ${SR0}]\n` +
        "\n\n",
      stderr: `There were no ${word(profile)}s available to complete the specified operation.\n`,
      exitCode: 1,
    });
    expect(place(pool, LOCAL)).toBe("halted");
  });

  test("when only a member short of memory is left, the start goes there and fails on memory", () => {
    const pool = tempPool(profile, 2, INVENTORY);
    expect(xeOn(pool, 0, "host-disable", `uuid=${HOSTS[0]}`)).toEqual(ok());
    expect(xeOn(pool, 0, "vm-start", `uuid=${BIG}`)).toEqual(err(notEnoughMemory(profile, 8192, 4096)));
    expect(place(pool, BIG)).toBe("halted");
  });

  test("a start takes the VM's memory from its member, a shutdown gives it back", () => {
    const pool = tempPool(profile, 2, INVENTORY);
    const free = (): number[] => readPoolState(pool.dir).hosts.map((h) => h.freeMemoryMiB);
    expect(free()).toEqual([65536 - 1024, 4096]);
    expect(xeOn(pool, 0, "vm-start", `uuid=${BIG}`, `on=${HOSTS[0]}`)).toEqual(ok());
    expect(free()).toEqual([65536 - 1024 - 8192, 4096]);
    expect(xeOn(pool, 0, "vm-shutdown", `uuid=${BIG}`)).toEqual(ok());
    expect(free()).toEqual([65536 - 1024, 4096]);
  });
});

describe.each<Profile>(["xs62", "xs82", "xcpng83"])("vm-migrate's refusals in a pool on profile %s", (profile) => {
  test("a VM on a local SR cannot leave its member: VM_REQUIRES_SR", () => {
    const pool = tempPool(profile, 2, INVENTORY);
    expect(xeOn(pool, 0, "vm-start", `uuid=${LOCAL}`)).toEqual(ok());
    expect(xeOn(pool, 0, "vm-migrate", `uuid=${LOCAL}`, `host=${HOSTS[1]}`)).toEqual(err(requiresSr("local", LOCAL)));
    expect(place(pool, LOCAL)).toBe("running on 0");
  });

  test("to a disabled member: HOST_DISABLED; to one without the memory: HOST_NOT_ENOUGH_FREE_MEMORY; the move takes the memory along", () => {
    const pool = tempPool(profile, 2, { ...INVENTORY, vms: [...INVENTORY.vms, vm(NIC_VM, "mid", { powerState: "running", memoryMiB: 3072 })] });
    expect(xeOn(pool, 0, "host-disable", `uuid=${HOSTS[1]}`)).toEqual(ok());
    expect(xeOn(pool, 0, "vm-migrate", `uuid=${WEB}`, `host=${HOSTS[1]}`)).toEqual(err(`The specified ${word(profile)} is disabled.\nhost: ${HOSTS[1]} (xenserver-home-1)\n`));
    expect(xeOn(pool, 0, "host-enable", `uuid=${HOSTS[1]}`)).toEqual(ok());
    expect(xeOn(pool, 0, "vm-migrate", `uuid=${NIC_VM}`, `host=${HOSTS[1]}`)).toEqual(ok());
    expect(xeOn(pool, 0, "vm-migrate", `uuid=${WEB}`, `host=${HOSTS[1]}`)).toEqual(ok());
    expect(readPoolState(pool.dir).hosts.map((h) => h.freeMemoryMiB)).toEqual([65536, 0]);
    expect(xeOn(pool, 0, "vm-migrate", `uuid=${WEB}`, `host=${HOSTS[1]}`)).toEqual(ok());
    expect(xeOn(pool, 0, "vm-start", `uuid=${LOCAL}`)).toEqual(ok());
    expect(xeOn(pool, 0, "vm-migrate", `uuid=${NIC_VM}`, `host=${HOSTS[0]}`)).toEqual(ok());
    expect(xeOn(pool, 1, "vm-migrate", `uuid=${NIC_VM}`, `host=${HOSTS[1]}`)).toEqual(ok());
    expect(xeOn(pool, 0, "vm-start", `uuid=${BIG}`, `on=${HOSTS[0]}`)).toEqual(ok());
    expect(xeOn(pool, 0, "vm-migrate", `uuid=${BIG}`, `host=${HOSTS[1]}`)).toEqual(err(notEnoughMemory(profile, 8192, 0)));
  });
});

describe.each<Profile>(["xs62", "xs82", "xcpng83"])("a migration to the VM's own disabled member on profile %s", (profile) => {
  test(profile === "xcpng83" ? "is allowed: xapi v26 skips the enabled check for a localhost migration" : "is HOST_DISABLED", () => {
    const pool = tempPool(profile, 2, INVENTORY);
    expect(xeOn(pool, 0, "host-disable", `uuid=${HOSTS[0]}`)).toEqual(ok());
    expect(xeOn(pool, 0, "vm-migrate", `uuid=${WEB}`, `host=${HOSTS[0]}`)).toEqual(
      profile === "xcpng83" ? ok() : err(`The specified ${word(profile)} is disabled.\nhost: ${HOSTS[0]} (xenserver-home-0)\n`),
    );
  });
});

describe("a passed-through device without a PCI object", () => {
  const nicPool = (profile: Profile, hosts?: PoolInventory["hosts"]): TempPool =>
    tempPool(profile, 2, { ...(hosts === undefined ? {} : { hosts }), vms: [vm(NIC_VM, "nic", { powerState: "running", otherConfig: { pci: "0/0000:06:00.0" } })], pcis: NIC });

  test("xs62 (PCI objects for display controllers only) lets a VM with the NIC migrate: the target's function at that address is plugged", () => {
    const pool = nicPool("xs62");
    expect(xeOn(pool, 0, "vm-migrate", `uuid=${NIC_VM}`, `host=${HOSTS[1]}`)).toEqual(ok());
    expect(readPoolState(pool.dir).vms.find((v) => v.uuid === NIC_VM)).toMatchObject({ residentOn: HOSTS[1], attachedDevices: ["0000:06:00.0"] });
    expect(readPoolState(pool.dir).hosts.map((h) => h.pcis.find((p) => p.address === "0000:06:00.0")?.driver)).toEqual(["atl1c", "pciback"]);
    expect(toolOn(pool, 1, "xenstore-read", "/local/domain/0/backend/pci/1/0/dev-0")).toEqual(ok("0000:06:00.0\n"));
  });

  test("xs62: a target without a function at that address fails the migration with xenopsd's error, and the VM stays", () => {
    const pool = nicPool("xs62", [{}, { pcis: [] }]);
    expect(xeOn(pool, 0, "vm-migrate", `uuid=${NIC_VM}`, `host=${HOSTS[1]}`)).toEqual(
      err(`${INTERNAL_62}message: xenopsd internal error: Cannot_add(0000:06:00.0, Xenctrl.Error("19: No such device"))\n`),
    );
    expect(place(pool, NIC_VM)).toBe("running on 0");
  });

  test.each<Profile>(["xs82", "xcpng83"])("%s has a PCI object for the NIC: VM_HAS_PCI_ATTACHED", (profile) => {
    const pool = nicPool(profile);
    expect(xeOn(pool, 0, "vm-migrate", `uuid=${NIC_VM}`, `host=${HOSTS[1]}`)).toEqual(
      err(`This operation could not be performed, because the VM has one or more PCI devices passed through.\nvm: ${NIC_VM} (nic)\n`),
    );
  });
});

describe.each<Profile>(["xs62", "xs82", "xcpng83"])("vm-suspend and vm-resume on profile %s", (profile) => {
  test("a suspended VM has no host and no memory; it resumes where placement puts it; one with a PCI object attached refuses", () => {
    const pool = tempPool(profile, 2, {
      ...INVENTORY,
      vms: [...INVENTORY.vms, vm(NIC_VM, "gpu", { powerState: "running", otherConfig: { pci: "0/0000:07:00.0" } })],
      pcis: DEFAULT_INVENTORY.pcis.filter((p) => p.address === "0000:07:00.0"),
    });
    expect(xeOn(pool, 0, "vm-suspend", `uuid=${WEB}`)).toEqual(ok());
    expect(readPoolState(pool.dir).vms.find((v) => v.uuid === WEB)).toMatchObject({ powerState: "suspended", residentOn: "" });
    expect(readPoolState(pool.dir).hosts[0]?.freeMemoryMiB).toBe(65536 - 1024);
    expect(xeOn(pool, 0, "vm-resume", `uuid=${WEB}`, "on=xenserver-home-1")).toEqual(ok());
    expect(place(pool, WEB)).toBe("running on 1");
    expect(xeOn(pool, 0, "vm-suspend", `uuid=${NIC_VM}`)).toEqual(
      err(`This operation could not be performed, because the VM has one or more PCI devices passed through.\nvm: ${NIC_VM} (gpu)\n`),
    );
  });
});
