import * as fs from "node:fs";
import * as path from "node:path";
import { defaultInventory, readSimState, rebootHost, runTool, type InventoryPci, type Profile } from "../host";
import { splitDeviceNumber } from "../host/sysfs";
import { SimHostDir } from "../host-dir";
import { GAMING, NAS, ok, removeTempHosts, tempHost, TV, xe } from "./tools.fixture";

afterAll(removeTempHosts);

/** Intel's 82574L on an Intel card: what went into slot 06 instead of the Atheros NIC. */
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

/** A second SAS HBA in a new slot. */
const NEW_HBA: InventoryPci = {
  address: "0000:08:00.0",
  vendor: "0x1000",
  device: "0x0072",
  class: "0x010700",
  driver: "mpt3sas",
  vendorName: "LSI Logic / Symbios Logic",
  deviceName: "SAS2008 PCI-Express Fusion-MPT SAS-2 [Falcon]",
  subsystemVendor: "0x1000",
  subsystemDevice: "0x3020",
  subsystemName: "9211-8i",
  revision: "0x03",
};

/** The seed machine of `profile` with the GPU taken out, the NIC swapped and an HBA added. */
function movedCards(profile: Profile): InventoryPci[] {
  const keep = ["0000:00:19.0", "0000:00:1f.2", "0000:01:00.0"];
  return [...defaultInventory(profile).pcis.filter((p) => keep.includes(p.address)), SWAPPED_NIC, NEW_HBA];
}

function sysfsEntries(dir: string): string[] {
  return fs.readdirSync(path.join(dir, "root/sys/bus/pci/devices")).sort();
}

function sysfsIds(dir: string, address: string): string[] {
  const device = path.join(dir, "root/sys/bus/pci/devices", address);
  return ["vendor", "device", "subsystem_vendor", "subsystem_device", "class", "revision"].map((f) => fs.readFileSync(path.join(device, f), "utf8"));
}

function rootDiskController(dir: string): string | undefined {
  const { major, minor } = splitDeviceNumber(fs.statSync("/", { bigint: true }).dev);
  return fs.realpathSync(path.join(dir, "root/sys/dev/block", `${major}:${minor}`)).split("/").at(-7);
}

function pciUuid(dir: string, address: string): string {
  return xe(dir, "pci-list", `pci-id=${address}`, "params=uuid", "--minimal").stdout.trim();
}

describe("reboot-host with the cards moved while the host was off", () => {
  test("sysfs holds exactly the new functions, each with its own ids", () => {
    const dir = tempHost("xcpng83");
    rebootHost(dir, { pcis: movedCards("xcpng83") });
    expect(sysfsEntries(dir)).toEqual(["0000:00:19.0", "0000:00:1f.2", "0000:01:00.0", "0000:06:00.0", "0000:08:00.0"]);
    expect(sysfsIds(dir, "0000:06:00.0")).toEqual(["0x8086\n", "0x10d3\n", "0x8086\n", "0xa01f\n", "0x020000\n", "0x00\n"]);
    expect(sysfsIds(dir, "0000:08:00.0")).toEqual(["0x1000\n", "0x0072\n", "0x1000\n", "0x3020\n", "0x010700\n", "0x03\n"]);
    expect(fs.readlinkSync(path.join(dir, "root/sys/bus/pci/devices/0000:08:00.0/driver"))).toBe("../../drivers/mpt3sas");
  });

  test("the state shows each function's driver and sysfs ids", () => {
    const dir = tempHost("xcpng83");
    rebootHost(dir, { pcis: movedCards("xcpng83") });
    expect(readSimState(dir).pcis).toEqual([
      { address: "0000:00:19.0", driver: "e1000e", vendor: "0x8086", device: "0x1502" },
      { address: "0000:00:1f.2", driver: "ahci", vendor: "0x8086", device: "0x1c02" },
      { address: "0000:01:00.0", driver: "mpt3sas", vendor: "0x1000", device: "0x0072" },
      { address: "0000:06:00.0", driver: "e1000e", vendor: "0x8086", device: "0x10d3" },
      { address: "0000:08:00.0", driver: "mpt3sas", vendor: "0x1000", device: "0x0072" },
    ]);
    expect(new SimHostDir(dir).state().pcis).toEqual(readSimState(dir).pcis);
  });

  test("a hidden address binds whatever card is there now to pciback", () => {
    const dir = tempHost("xcpng83");
    expect(runTool(dir, "xen-cmdline", ["--set-dom0", "xen-pciback.hide=(0000:06:00.0)"]).exitCode).toBe(0);
    rebootHost(dir, { pcis: movedCards("xcpng83") });
    expect(readSimState(dir).pcis.find((p) => p.address === "0000:06:00.0")).toEqual({ address: "0000:06:00.0", driver: "pciback", vendor: "0x8086", device: "0x10d3" });
    expect(runTool(dir, "lspci", ["-nnk", "-s", "06:00.0"])).toEqual(
      ok(
        "06:00.0 Ethernet controller [0200]: Intel Corporation 82574L Gigabit Network Connection [8086:10d3]\n" +
          "\tSubsystem: Intel Corporation Gigabit CT Desktop Adapter [8086:a01f]\n" +
          "\tKernel driver in use: pciback\n" +
          "\tKernel modules: e1000e\n",
      ),
    );
  });

  test("xapi's PCI objects follow the new set: unchanged functions keep their uuid, a swapped card gets a new one", () => {
    const dir = tempHost("xcpng83");
    const before = { onboard: pciUuid(dir, "0000:00:19.0"), nic: pciUuid(dir, "0000:06:00.0") };
    rebootHost(dir, { pcis: movedCards("xcpng83") });
    expect(xe(dir, "pci-list", "params=pci-id,vendor-name,device-name,driver-name,dependencies")).toEqual(
      ok(
        [
          ["0000:00:19.0", "Intel Corporation", "82579LM Gigabit Network Connection", "e1000e"],
          ["0000:00:1f.2", "Intel Corporation", "6 Series/C200 Series Chipset Family SATA AHCI Controller", "ahci"],
          ["0000:01:00.0", "LSI Logic / Symbios Logic", "SAS2008 PCI-Express Fusion-MPT SAS-2 [Falcon]", "mpt3sas"],
          ["0000:06:00.0", "Intel Corporation", "82574L Gigabit Network Connection", "e1000e"],
          ["0000:08:00.0", "LSI Logic / Symbios Logic", "SAS2008 PCI-Express Fusion-MPT SAS-2 [Falcon]", "mpt3sas"],
        ]
          .map(
            ([id, vendor, device, driver]) =>
              `vendor-name ( RO)     : ${vendor}\n     device-name ( RO): ${device}\n     driver-name ( RO): ${driver}\n          pci-id ( RO): ${id}\n    dependencies (SRO): \n\n\n`,
          )
          .join(""),
      ),
    );
    expect(pciUuid(dir, "0000:00:19.0")).toBe(before.onboard);
    expect(pciUuid(dir, "0000:06:00.0")).not.toBe(before.nic);
    expect(pciUuid(dir, "0000:06:00.0")).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(xe(dir, "pci-list", "pci-id=0000:07:00.0", "--minimal")).toEqual(ok("\n"));
  });

  test("VMs' pci keys still name the old addresses; a VM naming a removed one cannot start", () => {
    const dir = tempHost("xcpng83");
    expect(xe(dir, "vm-param-set", `uuid=${TV}`, "other-config:pci=0/0000:07:00.0,1/0000:07:00.1")).toEqual(ok());
    expect(xe(dir, "vm-param-set", `uuid=${GAMING}`, "other-config:pci=0/0000:06:00.0")).toEqual(ok());
    rebootHost(dir, { pcis: movedCards("xcpng83") });
    const vms = readSimState(dir).vms;
    expect(vms.map((vm) => [vm.nameLabel, vm.powerState, vm.otherConfig.pci])).toEqual([
      ["NAS", "halted", undefined],
      ["Gaming", "halted", "0/0000:06:00.0"],
      ["TV", "halted", "0/0000:07:00.0,1/0000:07:00.1"],
    ]);
    expect(xe(dir, "vm-start", `uuid=${TV}`).stderr).toBe(
      "The server failed to handle your request, due to an internal error. The given message may give details useful for debugging the problem.\n" +
        'message: xenopsd internal error: Cannot_add(0000:07:00.0, Xenctrl.Error("19: No such device"))\n',
    );
    expect(xe(dir, "vm-start", `uuid=${GAMING}`)).toEqual(ok());
    expect(readSimState(dir).vms.find((vm) => vm.uuid === GAMING)?.attachedDevices).toEqual(["0000:06:00.0"]);
    expect(xe(dir, "vm-start", `uuid=${NAS}`)).toEqual(ok());
  });

  test("bootDisk moves the root disk chain, and stays when not given", () => {
    const dir = tempHost("xs82");
    rebootHost(dir, { pcis: movedCards("xs82"), bootDisk: "0000:08:00.0" });
    expect(rootDiskController(dir)).toBe("0000:08:00.0");
    expect(fs.readdirSync(path.join(dir, "root/sys/devices/pci0000:00"))).toEqual(["0000:08:00.0"]);
    rebootHost(dir, { pcis: movedCards("xs82") });
    expect(rootDiskController(dir)).toBe("0000:08:00.0");
    rebootHost(dir, { bootDisk: "0000:00:1F.2" });
    expect(rootDiskController(dir)).toBe("0000:00:1f.2");
  });

  test("a plain reboot keeps the functions, their ids and their PCI objects", () => {
    const dir = tempHost("xcpng83");
    const before = xe(dir, "pci-list", "params=uuid,pci-id");
    rebootHost(dir);
    expect(xe(dir, "pci-list", "params=uuid,pci-id")).toEqual(before);
    expect(sysfsEntries(dir)).toEqual(["0000:00:19.0", "0000:00:1f.2", "0000:01:00.0", "0000:06:00.0", "0000:07:00.0", "0000:07:00.1"]);
  });

  test("a bad card list is refused before anything changes", () => {
    const dir = tempHost("xcpng83");
    const context = `Unable to reboot the simulated host in ${dir}`;
    expect(() => {
      rebootHost(dir, { pcis: [{ ...SWAPPED_NIC, vendor: "intel" }] });
    }).toThrow(`${context}: the vendor of PCI function 0000:06:00.0 is "intel"; give a hex number of at most 4 digits, as sysfs prints it (0x1969).`);
    expect(() => {
      rebootHost(dir, { pcis: [SWAPPED_NIC], bootDisk: "1f.2" });
    }).toThrow(`${context}: bootDisk is "1f.2"; give a full PCI address, dddd:bb:dd.f (0000:06:00.0).`);
    expect(() => {
      rebootHost(dir, { pcis: [{ address: "0000:06:00.0" } as InventoryPci] });
    }).toThrow(
      `${context}: PCI function 0 ({"address":"0000:06:00.0"}) needs vendor, device, class, driver as strings; give address, vendor, device, class and driver, e.g. {"address":"0000:06:00.0","vendor":"0x1969","device":"0x1063","class":"0x020000","driver":"atl1c"}.`,
    );
    expect(readSimState(dir).vms.map((vm) => vm.powerState)).toEqual(["running", "running", "halted"]);
    expect(sysfsEntries(dir)).toHaveLength(6);
  });
});
