import { DEFAULT_INVENTORY, readPoolState, type InventoryVm, type Profile } from "../host";
import { DOM0S, HOSTS, removeTempPools, tempPool, toolOn, xeOn, type TempPool } from "./pool.fixture";
import { err, ok } from "./tools.fixture";

afterAll(removeTempPools);

// The NIC and the GPU: the GPU, a display controller, has a PCI object on every version; the NIC not on XS62.
const CARDS = DEFAULT_INVENTORY.pcis.filter((p) => p.address === "0000:06:00.0" || p.address === "0000:07:00.0");

const PLAIN = "22222222-0000-0000-0000-00000000000a";
const PASSED = "22222222-0000-0000-0000-00000000000b";
const HVM = "22222222-0000-0000-0000-00000000000c";
const OFF = "22222222-0000-0000-0000-00000000000d";
const DROPPED = "22222222-0000-0000-0000-00000000000e";

function vm(uuid: string, nameLabel: string, extra: Partial<InventoryVm> = {}): InventoryVm {
  return { uuid, nameLabel, powerState: "running", otherConfig: {}, ...extra };
}

/** Every VM runs on the master: one without devices, one with the GPU, an HVM guest without PV drivers, a halted one, one whose pci key scans to nothing. */
function migrationPool(profile: Profile, size = 2): TempPool {
  return tempPool(profile, size, {
    vms: [
      vm(PLAIN, "plain"),
      vm(PASSED, "passed", { otherConfig: { pci: "0/0000:07:00.0" } }),
      vm(HVM, "hvm", { hasPvDrivers: false }),
      vm(OFF, "off", { powerState: "halted" }),
      vm(DROPPED, "dropped", { otherConfig: { pci: "06:00.0" } }),
    ],
    pcis: CARDS,
  });
}

function placement(pool: TempPool, uuid: string): { residentOn: string; domId: string; powerState: string } {
  const found = readPoolState(pool.dir).vms.find((v) => v.uuid === uuid);
  const domId = xeOn(pool, 0, "vm-list", `uuid=${uuid}`, "params=dom-id", "--minimal").stdout.trim();
  return { residentOn: found?.residentOn ?? "?", domId, powerState: found?.powerState ?? "?" };
}

function badPowerState(profile: Profile, handle: string): string {
  const gap = profile === "xs62" ? "  " : " ";
  return (
    `You attempted an operation on a VM that was not in an appropriate power state at the time; for example, you attempted to start a VM that was already running.${gap}` +
    `The parameters returned are the VM's handle, and the expected and actual VM state at the time of the call.\nvm: ${handle}\nexpected: running\nactual: halted\n`
  );
}

describe.each<Profile>(["xs62", "xs82", "xcpng83"])("vm-migrate in a pool on profile %s", (profile) => {
  test("a VM with a passed-through device is refused with VM_HAS_PCI_ATTACHED and stays where it is", () => {
    const pool = migrationPool(profile);
    expect(xeOn(pool, 1, "vm-migrate", `uuid=${PASSED}`, `host-uuid=${HOSTS[1]}`)).toEqual(
      err(`This operation could not be performed, because the VM has one or more PCI devices passed through.\nvm: ${PASSED} (passed)\n`),
    );
    expect(placement(pool, PASSED)).toEqual({ residentOn: HOSTS[0], domId: "2", powerState: "running" });
    expect(toolOn(pool, 0, "xenstore-read", "/local/domain/0/backend/pci/2/0/dev-0")).toEqual(ok("0000:07:00.0\n"));
  });

  test("a VM without devices moves to the destination, taking that member's next domain id and leaving the source's xenstore", () => {
    const pool = migrationPool(profile);
    expect(xeOn(pool, 0, "vm-migrate", `uuid=${PLAIN}`, `host-uuid=${HOSTS[1]}`)).toEqual(ok());
    expect(placement(pool, PLAIN)).toEqual({ residentOn: HOSTS[1], domId: "1", powerState: "running" });
    expect(toolOn(pool, 1, "xenstore-ls", "/local/domain/1")).toEqual(ok(`domid = "1"\nname = "plain"\nvm = "/vm/${PLAIN}"\n`));
    expect(toolOn(pool, 0, "xenstore-ls", "/local/domain/1")).toEqual(err("xenstore-ls: xs_directory (/local/domain/1): No such file or directory\n"));
  });

  test("host= takes a uuid or a name-label; host-name= is the same parameter", () => {
    const pool = migrationPool(profile, 3);
    expect(xeOn(pool, 2, "vm-migrate", `uuid=${PLAIN}`, `host=${HOSTS[2]}`)).toEqual(ok());
    expect(placement(pool, PLAIN).residentOn).toBe(HOSTS[2]);
    expect(xeOn(pool, 2, "vm-migrate", `uuid=${PLAIN}`, "host=xenserver-home-1", "--live")).toEqual(ok());
    expect(placement(pool, PLAIN).residentOn).toBe(HOSTS[1]);
    expect(xeOn(pool, 0, "vm-migrate", "vm=plain", "host-name=xenserver-home-0")).toEqual(ok());
    expect(placement(pool, PLAIN)).toEqual({ residentOn: HOSTS[0], domId: "5", powerState: "running" });
  });

  test("a migration to the VM's own member is a localhost migration: a new domain there", () => {
    const pool = migrationPool(profile);
    expect(xeOn(pool, 0, "vm-migrate", `uuid=${PLAIN}`, `host-uuid=${HOSTS[0]}`)).toEqual(ok());
    expect(placement(pool, PLAIN)).toEqual({ residentOn: HOSTS[0], domId: "5", powerState: "running" });
  });

  test("a VM whose pci key attached nothing migrates", () => {
    const pool = migrationPool(profile);
    expect(xeOn(pool, 0, "vm-migrate", `uuid=${DROPPED}`, `host-uuid=${HOSTS[1]}`)).toEqual(ok());
    expect(placement(pool, DROPPED).residentOn).toBe(HOSTS[1]);
  });

  test("a halted VM is VM_BAD_POWER_STATE (expected running)", () => {
    const pool = migrationPool(profile);
    expect(xeOn(pool, 0, "vm-migrate", `uuid=${OFF}`, `host-uuid=${HOSTS[1]}`)).toEqual(err(badPowerState(profile, `${OFF} (off)`)));
  });

  test("without a destination, with an unknown one, or with no such VM, the CLI's own failures", () => {
    const pool = migrationPool(profile);
    expect(xeOn(pool, 0, "vm-migrate", `uuid=${PLAIN}`)).toEqual(err("No destination host specified\n"));
    expect(xeOn(pool, 0, "vm-migrate", `uuid=${PLAIN}`, "host=nowhere")).toEqual(err("Host nowhere not found\n"));
    expect(xeOn(pool, 0, "vm-migrate", "uuid=00000000-0000-0000-0000-000000000000", `host=${HOSTS[1]}`)).toEqual(err("No matching VMs found\n"));
  });

  test("a control domain cannot be migrated", () => {
    const pool = migrationPool(profile);
    const reason = profile === "xs62" ? "Operations on domain 0 are not allowed" : "This operation is not allowed on a control domain";
    expect(xeOn(pool, 0, "vm-migrate", `uuid=${DOM0S[0]}`, `host=${HOSTS[1]}`)).toEqual(err(`You attempted an operation that was not allowed.\nreason: ${reason}\n`));
  });
});

describe("vm-migrate of an HVM guest without PV drivers", () => {
  test("xs62 refuses with VM_MISSING_PV_DRIVERS, --force or not", () => {
    const pool = migrationPool("xs62");
    const expected = err(`You attempted an operation on a VM which requires PV drivers to be installed but the drivers were not detected.\nvm: ${HVM} (hvm)\n`);
    expect(xeOn(pool, 0, "vm-migrate", `uuid=${HVM}`, `host=${HOSTS[1]}`)).toEqual(expected);
    expect(xeOn(pool, 0, "vm-migrate", `uuid=${HVM}`, `host=${HOSTS[1]}`, "--force")).toEqual(expected);
  });

  test.each<Profile>(["xs82", "xcpng83"])("%s refuses with VM_LACKS_FEATURE unless --force", (profile) => {
    const pool = migrationPool(profile);
    expect(xeOn(pool, 0, "vm-migrate", `uuid=${HVM}`, `host=${HOSTS[1]}`)).toEqual(err(`You attempted an operation on a VM which lacks the feature.\nvm: ${HVM} (hvm)\n`));
    expect(xeOn(pool, 0, "vm-migrate", `uuid=${HVM}`, `host=${HOSTS[1]}`, "--force")).toEqual(ok());
    expect(placement(pool, HVM).residentOn).toBe(HOSTS[1]);
  });
});
