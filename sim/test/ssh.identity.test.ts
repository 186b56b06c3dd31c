import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { defaultInventory, type InventoryPci } from "../host";
import { splitDeviceNumber } from "../host/sysfs";
import type { SimHostInfo, SimState } from "../index";
import { opensshRun } from "./ssh-test-client";

// The CLI as `npm run sim` runs it: compiled by the jest global setup.
const CLI = path.resolve(__dirname, "..", "..", "dist", "sim", "cli.js");
const HOST = "5f0c7a3e-2b9d-4e61-a8f4-1d6c93b0e27a";

function sim(...args: string[]): { stdout: string; stderr: string; status: number | null } {
  const result = spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8", timeout: 60000 });
  return { stdout: result.stdout, stderr: result.stderr, status: result.status };
}

const SWAPPED_NIC: InventoryPci = {
  address: "0000:06:00.0",
  vendor: "0x8086",
  device: "0x10d3",
  class: "0x020000",
  driver: "e1000e",
  vendorName: "Intel Corporation",
  deviceName: "82574L Gigabit Network Connection",
  subsystemVendor: "0x8086",
  subsystemDevice: "0xa01f",
  subsystemName: "Gigabit CT Desktop Adapter",
};

describe("device identity on a simulated host over SSH and through the CLI", () => {
  let work: string;
  let dir: string;
  let info: SimHostInfo;
  const { major, minor } = splitDeviceNumber(fs.statSync("/", { bigint: true }).dev);

  beforeAll(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "sim-ssh-identity-"));
    dir = path.join(work, "host");
    const inventory = path.join(work, "inventory.json");
    fs.writeFileSync(inventory, JSON.stringify({ ...defaultInventory("xcpng83"), host: { iommu: false }, bootDisk: "0000:01:00.0" }));
    const started = sim("start", "--dir", dir, "--profile", "xcpng83", "--inventory", inventory);
    expect(started.stderr).toBe("");
    info = JSON.parse(started.stdout) as SimHostInfo;
  });

  afterAll(() => {
    sim("stop", "--dir", dir);
    fs.rmSync(work, { recursive: true, force: true });
  });

  test("the inventory's ids, IOMMU and boot disk are what dom0 shows", () => {
    expect(opensshRun(info, "cat /sys/bus/pci/devices/0000:06:00.0/subsystem_vendor /sys/bus/pci/devices/0000:06:00.0/subsystem_device")).toEqual({
      stdout: "0x1458\n0xe000\n",
      stderr: "",
      exitCode: 0,
    });
    expect(opensshRun(info, "lspci -D -n -s 06:00.0")).toEqual({ stdout: "0000:06:00.0 0200: 1969:1063 (rev c0)\n", stderr: "", exitCode: 0 });
    expect(opensshRun(info, `xe host-param-get uuid=${HOST} param-name=chipset-info param-key=iommu`)).toEqual({ stdout: "false\n", stderr: "", exitCode: 0 });
    expect(opensshRun(info, `readlink /sys/dev/block/${major}:${minor}`)).toEqual({
      stdout: "../../devices/pci0000:00/0000:01:00.0/host0/target0:0:0/0:0:0:0/block/sda/sda1\n",
      stderr: "",
      exitCode: 0,
    });
  });

  test("reboot-host --pcis replaces the cards under the running sshd's mounts, and state shows their ids", () => {
    const file = path.join(work, "cards.json");
    const pcis = [...defaultInventory("xcpng83").pcis.filter((p) => !p.address.startsWith("0000:07:") && p.address !== "0000:06:00.0"), SWAPPED_NIC];
    fs.writeFileSync(file, JSON.stringify({ pcis, bootDisk: "0000:00:1f.2" }));
    expect(sim("reboot-host", "--dir", dir, "--pcis", file)).toEqual({ stdout: "", stderr: "", status: 0 });
    expect(opensshRun(info, "ls /sys/bus/pci/devices")).toEqual({ stdout: "0000:00:19.0\n0000:00:1f.2\n0000:01:00.0\n0000:06:00.0\n", stderr: "", exitCode: 0 });
    expect(opensshRun(info, "lspci -nn -s 06:00.0")).toEqual({
      stdout: "06:00.0 Ethernet controller [0200]: Intel Corporation 82574L Gigabit Network Connection [8086:10d3]\n",
      stderr: "",
      exitCode: 0,
    });
    expect(opensshRun(info, `readlink /sys/dev/block/${major}:${minor}`).stdout).toBe("../../devices/pci0000:00/0000:00:1f.2/host0/target0:0:0/0:0:0:0/block/sda/sda1\n");
    expect(opensshRun(info, "xe pci-list pci-id=0000:06:00.0 params=device-name --minimal").stdout).toBe("82574L Gigabit Network Connection\n");
    const state = JSON.parse(sim("state", "--dir", dir).stdout) as SimState;
    expect(Object.keys(state)).toEqual(["vms", "pcis", "bootConfig", "cmdline", "boots", "enabled", "power", "powerHistory", "freeMemoryMiB", "counters"]);
    expect(state.pcis).toEqual([
      { address: "0000:00:19.0", driver: "e1000e", vendor: "0x8086", device: "0x1502" },
      { address: "0000:00:1f.2", driver: "ahci", vendor: "0x8086", device: "0x1c02" },
      { address: "0000:01:00.0", driver: "mpt3sas", vendor: "0x1000", device: "0x0072" },
      { address: "0000:06:00.0", driver: "e1000e", vendor: "0x8086", device: "0x10d3" },
    ]);
  });

  test("reboot-host --pcis with a file of the wrong shape is a usage error, and a bad card a failure, both leaving the host as it was", () => {
    const file = path.join(work, "bad.json");
    fs.writeFileSync(file, JSON.stringify([SWAPPED_NIC]));
    expect(sim("reboot-host", "--dir", dir, "--pcis", file)).toEqual({
      stdout: "",
      stderr: `sim reboot-host: --pcis ${file} must hold {"pcis":[{"address","vendor","device","class","driver",…}…],"bootDisk":"0000:00:1f.2"} (bootDisk optional)\n`,
      status: 2,
    });
    fs.writeFileSync(file, JSON.stringify({ pcis: [{ ...SWAPPED_NIC, class: "network" }] }));
    expect(sim("reboot-host", "--dir", dir, "--pcis", file)).toEqual({
      stdout: "",
      stderr: `Unable to reboot the simulated host in ${dir}: the class of PCI function 0000:06:00.0 is "network"; give a hex number of at most 6 digits, as sysfs prints it (0x020000).\n`,
      status: 1,
    });
    expect(opensshRun(info, "ls /sys/bus/pci/devices").stdout.split("\n")).toHaveLength(5);
  });
});
