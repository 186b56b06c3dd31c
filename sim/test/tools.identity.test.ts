import * as fs from "node:fs";
import * as path from "node:path";
import { defaultInventory, initHost, readSimState, runTool, type Inventory, type InventoryPci, type Profile } from "../host";
import { splitDeviceNumber } from "../host/sysfs";
import { err, ok, removeTempHosts, tempHost, TV, xe } from "./tools.fixture";

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

const HOST = "5f0c7a3e-2b9d-4e61-a8f4-1d6c93b0e27a";
/** xenopsd's refusal as xe prints it: INTERNAL_ERROR, whose description has two spaces between its sentences on 6.2. */
function iommuUnavailable(profile: Profile): string {
  const gap = profile === "xs62" ? "  " : " ";
  return `The server failed to handle your request, due to an internal error.${gap}The given message may give details useful for debugging the problem.\nmessage: xenopsd internal error: Invalid_argument("IOMMU unavailable")\n`;
}

/** The seed machine of `profile`, with or without an IOMMU. */
function seedHost(profile: Profile, iommu: boolean): string {
  return tempHost(profile, { ...defaultInventory(profile), host: { iommu } });
}

describe.each<Profile>(["xs62", "xs82", "xcpng83"])("chipset-info on profile %s", (profile) => {
  test("host-list shows chipset-info (MRO) in the record's field order", () => {
    expect(xe(seedHost(profile, true), "host-list", "params=uuid,name-label,chipset-info")).toEqual(
      ok(`uuid ( RO)            : ${HOST}\n      name-label ( RW): xenserver-home\n    chipset-info (MRO): iommu: true\n\n\n`),
    );
    expect(xe(seedHost(profile, false), "host-list", "params=chipset-info,uuid")).toEqual(
      ok(`uuid ( RO)            : ${HOST}\n    chipset-info (MRO): iommu: false\n\n\n`),
    );
  });

  test("params=all puts chipset-info after enabled and other-config and before hostname", () => {
    expect(xe(tempHost(profile), "host-list", "params=all").stdout.split("\n").map((l) => l.split(":")[0]?.trim())).toEqual([
      "uuid ( RO)",
      "name-label ( RW)",
      "name-description ( RW)",
      "enabled ( RO)",
      "other-config (MRW)",
      "chipset-info (MRO)",
      "hostname ( RO)",
      "address ( RO)",
      "",
      "",
      "",
    ]);
  });

  test("host-param-get prints the map, or one key's raw value", () => {
    const dir = seedHost(profile, false);
    expect(xe(dir, "host-param-get", `uuid=${HOST}`, "param-name=chipset-info")).toEqual(ok("iommu: false\n"));
    expect(xe(dir, "host-param-get", `uuid=${HOST}`, "param-name=chipset-info", "param-key=iommu")).toEqual(ok("false\n"));
    expect(xe(seedHost(profile, true), "host-param-get", `uuid=${HOST}`, "param-name=chipset-info", "param-key=iommu")).toEqual(ok("true\n"));
    expect(xe(dir, "host-param-get", `uuid=${HOST}`, "param-name=name-label")).toEqual(ok("xenserver-home\n"));
  });

  test("host-param-get fails like vm-param-get", () => {
    const dir = tempHost(profile);
    expect(xe(dir, "host-param-get", `uuid=${HOST}`, "param-name=chipset-info", "param-key=vtd")).toEqual(err("Key vtd not found in map\n"));
    expect(xe(dir, "host-param-get", "uuid=00000000-0000-0000-0000-000000000000", "param-name=chipset-info")).toEqual(
      err("The uuid you supplied was invalid.\ntype: host\nuuid: 00000000-0000-0000-0000-000000000000\n"),
    );
    expect(xe(dir, "host-param-get", "param-name=chipset-info")).toEqual(err("Required parameter not found: uuid\nFor usage run: 'xe help'\n"));
    expect(xe(dir, "host-param-get", `uuid=${HOST}`)).toEqual(err("Required parameter not found: param-name\nFor usage run: 'xe help'\n"));
    expect(xe(dir, "host-param-get", `uuid=${HOST}`, "param-name=iommu")).toEqual(err("Error code: Missing parameter\nError parameters: iommu\n"));
  });
});

describe.each<Profile>(["xs62", "xs82", "xcpng83"])("a host without IOMMU on profile %s", (profile) => {
  test("vm-start of a VM with PCI devices fails with xenopsd's internal error and the VM stays halted", () => {
    const dir = seedHost(profile, false);
    expect(xe(dir, "vm-param-set", `uuid=${TV}`, "other-config:pci=0/0000:06:00.0")).toEqual(ok());
    expect(xe(dir, "vm-start", `uuid=${TV}`)).toEqual(err(iommuUnavailable(profile)));
    expect(readSimState(dir).vms.find((vm) => vm.uuid === TV)).toMatchObject({ powerState: "halted", attachedDevices: [] });
    expect(xe(dir, "vm-list", `uuid=${TV}`, "params=dom-id", "--minimal")).toEqual(ok("-1\n"));
    expect(readSimState(dir).pcis.find((p) => p.address === "0000:06:00.0")?.driver).toBe("atl1c");
    expect(runTool(dir, "xenstore-read", ["/local/domain/3/name"])).toEqual(err("xenstore-read: couldn't read path /local/domain/3/name\n"));
    expect(runTool(dir, "xenstore-ls", ["/local/domain/0/backend/pci"])).toEqual(err("xenstore-ls: xs_directory (/local/domain/0/backend/pci): No such file or directory\n"));
  });

  test("the IOMMU is missing before any device is: a device the host lacks fails the same way", () => {
    const dir = seedHost(profile, false);
    xe(dir, "vm-param-set", `uuid=${TV}`, "other-config:pci=0/0000:0b:00.0");
    expect(xe(dir, "vm-start", `uuid=${TV}`)).toEqual(err(iommuUnavailable(profile)));
  });

  test("a VM without PCI devices, or whose pci key names none, starts normally", () => {
    const dir = seedHost(profile, false);
    expect(xe(dir, "vm-start", `uuid=${TV}`)).toEqual(ok());
    expect(xe(dir, "vm-shutdown", `uuid=${TV}`)).toEqual(ok());
    xe(dir, "vm-param-set", `uuid=${TV}`, "other-config:pci=0/06:00.0");
    expect(xe(dir, "vm-start", `uuid=${TV}`)).toEqual(ok());
    expect(readSimState(dir).vms.find((vm) => vm.uuid === TV)).toMatchObject({ powerState: "running", attachedDevices: [] });
  });

  test("the same VM starts on a host with an IOMMU", () => {
    const dir = seedHost(profile, true);
    xe(dir, "vm-param-set", `uuid=${TV}`, "other-config:pci=0/0000:06:00.0");
    expect(xe(dir, "vm-start", `uuid=${TV}`)).toEqual(ok());
    expect(readSimState(dir).vms.find((vm) => vm.uuid === TV)).toMatchObject({ powerState: "running", attachedDevices: ["0000:06:00.0"] });
  });

  test("an inventory running a VM with devices on it is refused", () => {
    const dir = tempHost(profile);
    const inventory: Inventory = { vms: [{ uuid: "a", nameLabel: "nas", powerState: "running", otherConfig: { pci: "0/0000:06:00.0" } }], pcis: [NIC], host: { iommu: false } };
    expect(() => {
      initHost(dir, { profile, inventory });
    }).toThrow('Unable to create the simulated host: VM nas (a) cannot run: Invalid_argument("IOMMU unavailable"). Halt the VM in the inventory, or give its host an IOMMU (iommu: true).');
  });
});

/** Where `/sys/dev/block/<maj>:<min>` of `/` leads, relative to the host's simulated root. */
function rootDiskPath(dir: string): string {
  const { major, minor } = splitDeviceNumber(fs.statSync("/", { bigint: true }).dev);
  const resolved = fs.realpathSync(path.join(dir, "root/sys/dev/block", `${major}:${minor}`));
  return path.relative(fs.realpathSync(path.join(dir, "root")), resolved);
}

describe("bootDisk: the controller of dom0's root disk", () => {
  test("defaults to the seed's SATA controller", () => {
    expect(rootDiskPath(tempHost("xcpng83"))).toBe("sys/devices/pci0000:00/0000:00:1f.2/host0/target0:0:0/0:0:0:0/block/sda/sda1");
  });

  test("follows the inventory's bootDisk, written in lower case", () => {
    const dir = tempHost("xs82", { ...defaultInventory("xs82"), bootDisk: "0000:01:00.0" });
    expect(rootDiskPath(dir)).toBe("sys/devices/pci0000:00/0000:01:00.0/host0/target0:0:0/0:0:0:0/block/sda/sda1");
    expect(fs.readdirSync(path.join(dir, "root/sys/devices"))).toEqual(["pci0000:00"]);
    expect(fs.readdirSync(path.join(dir, "root/sys/devices/pci0000:00"))).toEqual(["0000:01:00.0"]);
    expect(rootDiskPath(tempHost("xs82", { vms: [], pcis: [NIC], bootDisk: "0000:0A:00.0" }))).toBe(
      "sys/devices/pci0000:00/0000:0a:00.0/host0/target0:0:0/0:0:0:0/block/sda/sda1",
    );
  });

  test("a controller in another PCI domain sits under that domain's root bus", () => {
    expect(rootDiskPath(tempHost("xs82", { vms: [], pcis: [NIC], bootDisk: "0001:00:1f.2" }))).toBe(
      "sys/devices/pci0001:00/0001:00:1f.2/host0/target0:0:0/0:0:0:0/block/sda/sda1",
    );
  });

  test("a bootDisk that is not a full address is refused", () => {
    const dir = tempHost("xs82");
    expect(() => {
      initHost(dir, { profile: "xs82", inventory: { vms: [], pcis: [NIC], bootDisk: "00:1f.2" } });
    }).toThrow('Unable to create the simulated host: bootDisk is "00:1f.2"; give a full PCI address, dddd:bb:dd.f (0000:06:00.0).');
  });
});
