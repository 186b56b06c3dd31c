import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import type { SimPool } from "../index";
import { startSimPool } from "../index";
import { HOSTS } from "./pool.fixture";
import { opensshRun } from "./ssh-test-client";

const PLAIN = "44444444-0000-0000-0000-00000000000a";
const PASSED = "44444444-0000-0000-0000-00000000000b";
const OTHER = "44444444-0000-0000-0000-00000000000c";

const REFUSED = "Error: Connection refused (calling connect )\n";

const NIC = {
  address: "0000:06:00.0",
  vendor: "0x1969",
  device: "0x1063",
  class: "0x020000",
  driver: "atl1c",
  vendorName: "Qualcomm Atheros",
  deviceName: "AR8131 Gigabit Ethernet",
};

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function portAccepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => {
      resolve(false);
    });
  });
}

describe("a reboot through xapi of a pool member behind real sshd", () => {
  let work: string;
  let pool: SimPool;

  beforeAll(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "sim-ssh-pool-reboot-"));
    pool = await startSimPool({
      dir: path.join(work, "pool"),
      size: 2,
      profile: "xcpng83",
      inventory: {
        vms: [
          { uuid: PLAIN, nameLabel: "plain", powerState: "running", otherConfig: {} },
          { uuid: PASSED, nameLabel: "passed", powerState: "running", otherConfig: { pci: "0/0000:06:00.0" } },
          { uuid: OTHER, nameLabel: "other", powerState: "running", otherConfig: {}, residentOn: 1 },
        ],
        pcis: [NIC],
      },
      rebootDelayMs: 200,
      shutdownTimeoutMs: 300,
      rebootDownMs: 1500,
      xapiStartMs: 300,
      xapiInitMs: 300,
    });
  });

  afterAll(async () => {
    await pool.stop();
    fs.rmSync(work, { recursive: true, force: true });
  });

  function placement(): Record<string, string> {
    return Object.fromEntries(pool.state().vms.map((vm) => [vm.nameLabel, vm.powerState === "halted" ? "halted" : `on ${HOSTS.indexOf(vm.residentOn as (typeof HOSTS)[number])}`]));
  }

  test("evacuation refuses the guest with a device; the master's reboot shuts it down, moves the other guest and keeps member 1 serving SSH", async () => {
    const [master, member] = pool.members;
    if (master === undefined || member === undefined) throw new Error("two members expected");
    expect(opensshRun(member.info, `xe host-evacuate uuid=${HOSTS[0]}`)).toEqual({
      stdout: "",
      stderr: `This operation could not be performed, because the VM has one or more PCI devices passed through.\nvm: ${PASSED} (passed)\n`,
      exitCode: 1,
    });
    expect(placement()).toEqual({ plain: "on 0", passed: "on 0", other: "on 1" });

    expect(opensshRun(member.info, `xe host-disable host=xenserver-home-0 && xe host-reboot uuid=${HOSTS[0]}`)).toEqual({ stdout: "", stderr: "", exitCode: 0 });
    for (let i = 0; i < 500 && (await portAccepts(master.info.port)); i++) await sleep(20);
    expect(await portAccepts(master.info.port)).toBe(false);
    expect(placement()).toEqual({ plain: "on 1", passed: "halted", other: "on 1" });
    // Member 1's dom0 runs on; its xe cannot reach the pool's master.
    expect(opensshRun(member.info, "echo up; xe vm-list --minimal")).toEqual({ stdout: "up\n", stderr: REFUSED, exitCode: 1 });

    await pool.waitUntilUp(0, 15000);
    expect(pool.state().hosts.map((h) => [h.boots, h.enabled, h.power])).toEqual([
      [1, true, "up"],
      [0, true, "up"],
    ]);
    expect(opensshRun(master.info, "xe host-list params=enabled --minimal")).toEqual({ stdout: "true,true\n", stderr: "", exitCode: 0 });
    expect(opensshRun(member.info, `xe vm-list uuid=${PLAIN} params=resident-on --minimal`)).toEqual({ stdout: `${HOSTS[1]}\n`, stderr: "", exitCode: 0 });
    expect(opensshRun(master.info, "readlink /sys/bus/pci/devices/0000:06:00.0/driver").stdout).toBe("../../drivers/atl1c\n");
  });
});
