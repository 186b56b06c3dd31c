import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { SimPool } from "../index";
import { attachSimPool, startSimPool } from "../index";
import { HOSTS } from "./pool.fixture";
import { opensshRun } from "./ssh-test-client";
import { NAS, TV } from "./tools.fixture";

const NIC_ONLY = {
  address: "0000:06:00.0",
  vendor: "0x1969",
  device: "0x1063",
  class: "0x020000",
  driver: "atl1c",
  vendorName: "Qualcomm Atheros",
  deviceName: "AR8131 Gigabit Ethernet",
};

describe("a simulated pool behind real sshd", () => {
  let work: string;
  let pool: SimPool;

  beforeAll(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "sim-ssh-pool-"));
    pool = await startSimPool({ dir: path.join(work, "pool"), size: 2, profile: "xcpng83", inventory: { vms: [{ uuid: TV, nameLabel: "TV", powerState: "halted", otherConfig: { pci: "0/0000:06:00.0" } }], pcis: [NIC_ONLY] } });
  });

  afterAll(async () => {
    await pool.stop();
    fs.rmSync(work, { recursive: true, force: true });
  });

  test("each member has its own sshd, host key, directory, uuid and name", () => {
    const [first, second] = pool.info.pool;
    expect(pool.info.dir).toBe(path.join(work, "pool"));
    expect(pool.info.pool.map((m) => [m.dir, m.hostUuid, m.nameLabel, m.user, m.host])).toEqual([
      [path.join(work, "pool", "host-0"), HOSTS[0], "xenserver-home-0", "root", "127.0.0.1"],
      [path.join(work, "pool", "host-1"), HOSTS[1], "xenserver-home-1", "root", "127.0.0.1"],
    ]);
    expect(first?.port).not.toBe(second?.port);
    expect(first?.hostKeyFingerprint).not.toBe(second?.hostKeyFingerprint);
    expect(pool.members.map((m) => opensshRun(m.info, "uname -n; grep INSTALLATION_UUID /etc/xensource-inventory").stdout)).toEqual([
      `xenserver-home-0\nINSTALLATION_UUID='${HOSTS[0]}'\n`,
      `xenserver-home-1\nINSTALLATION_UUID='${HOSTS[1]}'\n`,
    ]);
  });

  test("xe over SSH on any member acts on the whole pool, and xenstore holds the domain only where it runs", () => {
    const [master, other] = pool.members;
    if (master === undefined || other === undefined) throw new Error("two members expected");
    expect(opensshRun(master.info, `xe vm-start uuid=${TV} on=${HOSTS[1]}`)).toEqual({ stdout: "", stderr: "", exitCode: 0 });
    expect(opensshRun(other.info, `xe vm-list uuid=${TV} params=resident-on --minimal; xe vm-list uuid=${TV} params=dom-id --minimal`).stdout).toBe(`${HOSTS[1]}\n1\n`);
    expect(opensshRun(other.info, "xenstore-read /local/domain/0/backend/pci/1/0/dev-0")).toEqual({ stdout: "0000:06:00.0\n", stderr: "", exitCode: 0 });
    expect(opensshRun(master.info, "xenstore-read /local/domain/0/backend/pci/1/0/dev-0")).toEqual({
      stdout: "",
      stderr: "xenstore-read: couldn't read path /local/domain/0/backend/pci/1/0/dev-0\n",
      exitCode: 1,
    });
    expect(opensshRun(master.info, "readlink /sys/bus/pci/devices/0000:06:00.0/driver").stdout).toBe("../../drivers/atl1c\n");
    expect(opensshRun(other.info, "readlink /sys/bus/pci/devices/0000:06:00.0/driver").stdout).toBe("../../drivers/pciback\n");
    expect(pool.state().vms.find((vm) => vm.uuid === TV)).toEqual({
      uuid: TV,
      nameLabel: "TV",
      powerState: "running",
      otherConfig: { pci: "0/0000:06:00.0" },
      residentOn: HOSTS[1],
      affinity: "",
      attachedDevices: ["0000:06:00.0"],
    });
  });

  test("counters are kept per member and summed; direct xe calls are left out", () => {
    pool.resetCounters();
    const [master, other] = pool.members;
    if (master === undefined || other === undefined) throw new Error("two members expected");
    opensshRun(master.info, "xe host-list --minimal >/dev/null");
    opensshRun(other.info, "xe vm-list >/dev/null; xe pci-list >/dev/null");
    opensshRun(other.info, "true");
    expect(pool.xe(1, "vm-list", `uuid=${NAS}`, "--minimal").exitCode).toBe(0);
    expect(pool.xe(HOSTS[0], "host-list", "--minimal").stdout).toBe(`${HOSTS[0]},${HOSTS[1]}\n`);
    const state = pool.state();
    expect(state.hosts.map((h) => h.counters)).toEqual([
      { sshConnections: 1, execs: 1, xeCalls: 1 },
      { sshConnections: 2, execs: 2, xeCalls: 2 },
    ]);
    expect(state.counters).toEqual({ sshConnections: 3, execs: 3, xeCalls: 3 });
    pool.resetCounters();
    expect(pool.state().counters).toEqual({ sshConnections: 0, execs: 0, xeCalls: 0 });
  });

  test("rebooting a member by uuid halts its VMs while sshd keeps answering", () => {
    pool.rebootHost(HOSTS[1]);
    expect(pool.state().vms.map((vm) => [vm.powerState, vm.residentOn])).toEqual([["halted", ""]]);
    expect(opensshRun(pool.member(1).info, "xe vm-list params=power-state --minimal").stdout).toBe("running,running,halted\n");
  });

  test("a member named outside the pool is refused with the members it has", () => {
    expect(() => pool.member(2)).toThrow(`Unable to find member 2 of the simulated pool in ${pool.dir}: give an index from 0 to 1 or one of the host uuids ${HOSTS[0]}, ${HOSTS[1]}.`);
  });

  test("a running pool can be attached to by its directory, and not started again", async () => {
    const attached = await attachSimPool(pool.dir);
    expect(attached.info).toEqual(pool.info);
    await expect(startSimPool({ dir: pool.dir, size: 2 })).rejects.toThrow(`Unable to start the simulated pool in ${pool.dir}: one is already running there; stop it first.`);
  });
});

describe("stopping a simulated pool", () => {
  test("leaves no process of any member behind", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sim-ssh-pool-stop-"));
    const pool = await startSimPool({ dir, size: 3, legacySsh: true });
    expect(pool.members.map((m) => m.info.hostKeyFingerprint)).toEqual(pool.members.map((m) => m.hostKeyFingerprints().rsa));
    expect(spawnSync("pgrep", ["-f", dir], { encoding: "utf8" }).stdout).not.toBe("");
    await pool.stop();
    expect(spawnSync("pgrep", ["-f", dir], { encoding: "utf8" }).stdout).toBe("");
    await expect(attachSimPool(dir)).rejects.toThrow(`no sshd runs there`);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
