import * as fs from "node:fs";
import * as path from "node:path";
import { initHost, type Inventory, type InventoryPci } from "./host";
import { removeTempHosts, tempHost } from "./tools.fixture";

afterAll(removeTempHosts);

const ID_FILES = ["vendor", "device", "subsystem_vendor", "subsystem_device", "class", "revision"] as const;

/** The id files of one function's sysfs directory, by name. */
function sysfsIds(dir: string, address: string): Record<string, string> {
  const device = path.join(dir, "root/sys/bus/pci/devices", address);
  return Object.fromEntries(ID_FILES.map((name) => [name, fs.readFileSync(path.join(device, name), "utf8")]));
}

const NIC: InventoryPci = { address: "0000:06:00.0", vendor: "0x1969", device: "0x1063", class: "0x020000", driver: "atl1c" };

describe("PCI ids in sysfs", () => {
  test("every function of the seed machine has its ids as Linux prints them", () => {
    const dir = tempHost("xcpng83");
    const all = Object.fromEntries(["0000:00:19.0", "0000:00:1f.2", "0000:01:00.0", "0000:06:00.0", "0000:07:00.0", "0000:07:00.1"].map((a) => [a, sysfsIds(dir, a)]));
    expect(all).toEqual({
      "0000:00:19.0": { vendor: "0x8086\n", device: "0x1502\n", subsystem_vendor: "0x17aa\n", subsystem_device: "0x3070\n", class: "0x020000\n", revision: "0x04\n" },
      "0000:00:1f.2": { vendor: "0x8086\n", device: "0x1c02\n", subsystem_vendor: "0x17aa\n", subsystem_device: "0x3070\n", class: "0x010601\n", revision: "0x05\n" },
      "0000:01:00.0": { vendor: "0x1000\n", device: "0x0072\n", subsystem_vendor: "0x1000\n", subsystem_device: "0x3020\n", class: "0x010700\n", revision: "0x03\n" },
      "0000:06:00.0": { vendor: "0x1969\n", device: "0x1063\n", subsystem_vendor: "0x1458\n", subsystem_device: "0xe000\n", class: "0x020000\n", revision: "0xc0\n" },
      "0000:07:00.0": { vendor: "0x10de\n", device: "0x11c0\n", subsystem_vendor: "0x1043\n", subsystem_device: "0x842e\n", class: "0x030000\n", revision: "0xa1\n" },
      "0000:07:00.1": { vendor: "0x10de\n", device: "0x0e0b\n", subsystem_vendor: "0x1043\n", subsystem_device: "0x842e\n", class: "0x040300\n", revision: "0xa1\n" },
    });
  });

  test("XenServer 6.2's SATA controller runs in IDE mode with the same subsystem", () => {
    expect(sysfsIds(tempHost("xs62"), "0000:00:1f.2")).toEqual({
      vendor: "0x8086\n",
      device: "0x1c00\n",
      subsystem_vendor: "0x17aa\n",
      subsystem_device: "0x3070\n",
      class: "0x01018f\n",
      revision: "0x05\n",
    });
  });

  test("a function without subsystem ids or revision gets zeros", () => {
    const dir = tempHost("xs82", { vms: [], pcis: [NIC] });
    expect(sysfsIds(dir, "0000:06:00.0")).toEqual({
      vendor: "0x1969\n",
      device: "0x1063\n",
      subsystem_vendor: "0x0000\n",
      subsystem_device: "0x0000\n",
      class: "0x020000\n",
      revision: "0x00\n",
    });
  });

  test("ids given without 0x or in upper case are written in sysfs's form", () => {
    const pci: InventoryPci = { ...NIC, address: "0000:0A:00.0", vendor: "8086", device: "0x10D3", class: "20000", subsystemVendor: "0x17AA", subsystemDevice: "21ce", revision: "6" };
    const dir = tempHost("xs82", { vms: [], pcis: [pci] });
    expect(sysfsIds(dir, "0000:0a:00.0")).toEqual({
      vendor: "0x8086\n",
      device: "0x10d3\n",
      subsystem_vendor: "0x17aa\n",
      subsystem_device: "0x21ce\n",
      class: "0x020000\n",
      revision: "0x06\n",
    });
  });

  test.each<[string, Partial<InventoryPci>, string]>([
    ["a vendor id that is not hex", { vendor: "0xzz" }, 'Unable to create the simulated host: the vendor of PCI function 0000:06:00.0 is "0xzz"; give a hex number of at most 4 digits, as sysfs prints it (0x1969).'],
    ["a class wider than 6 digits", { class: "0x1020000" }, 'Unable to create the simulated host: the class of PCI function 0000:06:00.0 is "0x1020000"; give a hex number of at most 6 digits, as sysfs prints it (0x020000).'],
    ["a revision wider than 2 digits", { revision: "0x100" }, 'Unable to create the simulated host: the revision of PCI function 0000:06:00.0 is "0x100"; give a hex number of at most 2 digits, as sysfs prints it (0x01).'],
    ["a short address", { address: "06:00.0" }, 'Unable to create the simulated host: a PCI function\'s address is "06:00.0"; give a full PCI address, dddd:bb:dd.f (0000:06:00.0).'],
  ])("an inventory with %s is refused", (_, change, message) => {
    const dir = tempHost("xs82");
    const inventory: Inventory = { vms: [], pcis: [{ ...NIC, ...change }] };
    expect(() => {
      initHost(dir, { profile: "xs82", inventory });
    }).toThrow(message);
  });

  test("an inventory listing one address twice is refused", () => {
    const dir = tempHost("xs82");
    expect(() => {
      initHost(dir, { profile: "xs82", inventory: { vms: [], pcis: [NIC, { ...NIC, device: "0x1062" }] } });
    }).toThrow("Unable to create the simulated host: PCI function 0000:06:00.0 is listed twice; give each address once.");
  });
});
