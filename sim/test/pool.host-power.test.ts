import { DEFAULT_INVENTORY, readHostState, readPoolState, type InventoryVm, type Profile } from "../host";
import { HOSTS, memberDir, removeTempPools, tempPool, xeOn, type TempPool } from "./pool.fixture";
import { sshdStarted, takePowerStep } from "../power/power-steps";
import { err, ok } from "./tools.fixture";

afterAll(removeTempPools);

// A display controller: xapi makes a PCI object for it on every version (XS62 for display controllers only).
const GPU = DEFAULT_INVENTORY.pcis.filter((p) => p.address === "0000:07:00.0");

const PLAIN = "33333333-0000-0000-0000-00000000000a";
const PASSED = "33333333-0000-0000-0000-00000000000b";
const HVM = "33333333-0000-0000-0000-00000000000c";
const OTHER = "33333333-0000-0000-0000-00000000000d";
const SECOND = "33333333-0000-0000-0000-00000000000e";

const REFUSED = "Error: Connection refused (calling connect )\n";

function vm(uuid: string, nameLabel: string, extra: Partial<InventoryVm> = {}): InventoryVm {
  return { uuid, nameLabel, powerState: "running", otherConfig: {}, ...extra };
}

/** On member 0: two guests without devices, one with the GPU, an HVM guest without PV drivers; on member 1: one guest. */
function rebootPool(profile: Profile, size = 2): TempPool {
  return tempPool(profile, size, {
    vms: [
      vm(PLAIN, "plain"),
      vm(SECOND, "second"),
      vm(PASSED, "passed", { otherConfig: { pci: "0/0000:07:00.0" } }),
      vm(HVM, "hvm", { hasPvDrivers: false }),
      vm(OTHER, "other", { residentOn: 1 }),
    ],
    pcis: GPU,
  });
}

function where(pool: TempPool): Record<string, string> {
  return Object.fromEntries(
    readPoolState(pool.dir).vms.map((v) => [v.nameLabel, v.powerState === "halted" ? "halted" : `${v.powerState} on ${HOSTS.indexOf(v.residentOn as (typeof HOSTS)[number])}`]),
  );
}

function phase(pool: TempPool, index: number): string {
  return readHostState(memberDir(pool, index)).power.phase;
}

/** Takes member `index`'s autostart step, pending since its reboot ended, as the xapi process would. */
function autostartStep(pool: TempPool, index: number): void {
  const dir = memberDir(pool, index);
  const { autostartDue } = readHostState(dir).power;
  expect(autostartDue).toBeGreaterThan(0);
  takePowerStep(dir, autostartDue);
}

/** Takes member `index`'s reboot steps as the xapi process would, each when it is due, until it reaches `until`. */
function stepUntil(pool: TempPool, index: number, until: string): void {
  const dir = memberDir(pool, index);
  for (let i = 0; i < 10 && phase(pool, index) !== until; i++) {
    const { due } = readHostState(dir).power;
    if (takePowerStep(dir, Math.max(Date.now(), due)) === "start-sshd") sshdStarted(dir, Date.now());
  }
  expect(phase(pool, index)).toBe(until);
}

describe.each<Profile>(["xs62", "xs82", "xcpng83"])("host-evacuate in a pool on profile %s", (profile) => {
  test("a guest with a passed-through device fails the evacuation before anything moves", () => {
    const pool = rebootPool(profile);
    const before = where(pool);
    expect(xeOn(pool, 1, "host-evacuate", `uuid=${HOSTS[0]}`)).toEqual(
      err(`This operation could not be performed, because the VM has one or more PCI devices passed through.\nvm: ${PASSED} (passed)\n`),
    );
    expect(where(pool)).toEqual(before);
  });

  test("with every other member disabled, each guest has nowhere to go: NO_HOSTS_AVAILABLE", () => {
    const pool = rebootPool(profile);
    expect(xeOn(pool, 0, "host-disable", `uuid=${HOSTS[1]}`)).toEqual(ok());
    const word = profile === "xs62" ? "hosts" : "servers";
    expect(xeOn(pool, 0, "host-evacuate", `host=${HOSTS[0]}`)).toEqual(
      err(`There were no ${word} available to complete the specified operation.\n<extra>: ${PLAIN} (plain)\n`),
    );
    expect(where(pool).plain).toBe("running on 0");
  });

  test("once the guests that cannot move are off, every running guest migrates to the other enabled member", () => {
    const pool = rebootPool(profile, 3);
    expect(xeOn(pool, 0, "host-disable", `uuid=${HOSTS[2]}`)).toEqual(ok());
    expect(xeOn(pool, 0, "vm-shutdown", `uuid=${PASSED}`)).toEqual(ok());
    expect(xeOn(pool, 0, "vm-shutdown", `uuid=${HVM}`, "--force")).toEqual(ok());
    expect(xeOn(pool, 0, "host-evacuate", `uuid=${HOSTS[0]}`)).toEqual(ok());
    expect(where(pool)).toEqual({ plain: "running on 1", second: "running on 1", passed: "halted", hvm: "halted", other: "running on 1" });
    expect(xeOn(pool, 1, "vm-list", `uuid=${PLAIN}`, "params=dom-id", "--minimal")).toEqual(ok("2\n"));
  });

  test("several hosts selected need --multiple, and evacuation takes one host only", () => {
    const pool = rebootPool(profile);
    expect(xeOn(pool, 0, "host-disable")).toEqual(err("Multiple matching hosts found. --multiple required to complete the operation\n"));
    expect(xeOn(pool, 0, "host-evacuate", "--multiple")).toEqual(err("Multiple matching hosts found. Operation can only be performed on one host at a time\n"));
    expect(xeOn(pool, 0, "host-disable", "--multiple")).toEqual(ok());
    expect(xeOn(pool, 0, "host-list", "params=enabled", "--minimal")).toEqual(ok("false,false\n"));
    expect(xeOn(pool, 0, "host-enable", "name-label=xenserver-home-1")).toEqual(ok());
    expect(xeOn(pool, 0, "host-list", "params=enabled", "--minimal")).toEqual(ok("false,true\n"));
  });
});

describe.each<Profile>(["xs62", "xcpng83"])("host-reboot of a pool member on profile %s", (profile) => {
  test("the shutdown shuts down what cannot move, the guest without PV drivers at the deadline, and evacuates the rest", () => {
    const pool = rebootPool(profile);
    expect(xeOn(pool, 1, "host-disable", `uuid=${HOSTS[0]}`)).toEqual(ok());
    expect(xeOn(pool, 1, "host-reboot", `uuid=${HOSTS[0]}`)).toEqual(ok());
    stepUntil(pool, 0, "clearing");
    expect(where(pool)).toEqual({ plain: "running on 0", second: "running on 0", passed: "halted", hvm: "running on 0", other: "running on 1" });
    stepUntil(pool, 0, "down");
    expect(where(pool)).toEqual({ plain: "running on 1", second: "running on 1", passed: "halted", hvm: "halted", other: "running on 1" });
    stepUntil(pool, 0, "up");
    expect(readPoolState(pool.dir).hosts.map((h) => [h.boots, h.enabled, h.power])).toEqual([
      [1, true, "up"],
      [0, true, "up"],
    ]);
    expect(where(pool).plain).toBe("running on 1");
    // Each member's power history: member 0 went through every phase and back to up, member 1 never left up.
    expect(readPoolState(pool.dir).hosts.map((h) => h.powerHistory.map((t) => t.phase))).toEqual([
      ["reboot-pending", "clearing", "down", "booting", "xapi-starting", "xapi-initialising", "up"],
      [],
    ]);
  });

  test("while the master is down xe on any member is refused; while another member is down the master answers", () => {
    const pool = rebootPool(profile);
    expect(xeOn(pool, 0, "host-disable", "--multiple")).toEqual(ok());
    expect(xeOn(pool, 0, "host-reboot", `uuid=${HOSTS[1]}`)).toEqual(ok());
    stepUntil(pool, 1, "down");
    expect(xeOn(pool, 1, "vm-list")).toEqual(err(REFUSED));
    expect(xeOn(pool, 0, "host-list", "params=enabled", "--minimal")).toEqual(ok("false,false\n"));
    // The guest of member 1 had nowhere to go: member 0 is disabled.
    expect(where(pool).other).toBe("halted");
    stepUntil(pool, 1, "up");
    expect(xeOn(pool, 0, "host-reboot", `uuid=${HOSTS[0]}`)).toEqual(ok());
    stepUntil(pool, 0, "xapi-starting");
    expect(xeOn(pool, 1, "vm-list", "--minimal")).toEqual(err(REFUSED));
    stepUntil(pool, 0, "up");
    expect(xeOn(pool, 1, "vm-list", "params=uuid", "power-state=running", "is-control-domain=false", "--minimal").exitCode).toBe(0);
  });

  test("auto power-on at a member's boot places the marked VMs on enabled members of the pool", () => {
    const pool = rebootPool(profile);
    const poolUuid = xeOn(pool, 0, "pool-list", "--minimal").stdout.trim();
    expect(xeOn(pool, 0, "pool-param-set", `uuid=${poolUuid}`, "other-config:auto_poweron=true")).toEqual(ok());
    expect(xeOn(pool, 0, "vm-param-set", `uuid=${PASSED}`, "other-config:auto_poweron=true")).toEqual(ok());
    expect(xeOn(pool, 0, "host-disable", `uuid=${HOSTS[0]}`)).toEqual(ok());
    expect(xeOn(pool, 0, "host-reboot", `uuid=${HOSTS[0]}`)).toEqual(ok());
    stepUntil(pool, 0, "up");
    expect(where(pool).passed).toBe("halted");
    autostartStep(pool, 0);
    // Member 1 runs more guests after the evacuation: the marked VM starts on member 0, with its device.
    expect(where(pool).passed).toBe("running on 0");
    expect(readPoolState(pool.dir).vms.find((v) => v.uuid === PASSED)?.attachedDevices).toEqual(["0000:07:00.0"]);
  });
});
