import * as fs from "node:fs";
import * as path from "node:path";
import { DEFAULT_INVENTORY, DEFAULT_REBOOT_TIMINGS, initHost, readHostConfig, readSimState, runTool, setXeLatency, simMounts, type Inventory } from "../host";
import { splitDeviceNumber } from "../host/sysfs";
import { err, ok, removeTempHosts, rootFile, tempHost, xe } from "./tools.fixture";

afterAll(removeTempHosts);

describe("initHost", () => {
  test("writes the shell-quoted xensource-inventory of each profile", () => {
    const lines = (profile: "xs62" | "xcpng83"): string[] =>
      rootFile(tempHost(profile), "etc/xensource-inventory")
        .split("\n")
        .filter((l) => /^(PRODUCT_BRAND|PRODUCT_VERSION|INSTALLATION_UUID|KERNEL_VERSION)=/.test(l));
    expect(lines("xs62")).toEqual([
      "PRODUCT_VERSION='6.2.0'",
      "KERNEL_VERSION='2.6.32.43-0.4.1.xs1.8.0.835.170778xen'",
      "PRODUCT_BRAND='XenServer'",
      "INSTALLATION_UUID='5f0c7a3e-2b9d-4e61-a8f4-1d6c93b0e27a'",
    ]);
    expect(lines("xcpng83")).toEqual([
      "PRODUCT_VERSION='8.3.0'",
      "KERNEL_VERSION='4.19.0+1'",
      "PRODUCT_BRAND='XCP-ng'",
      "INSTALLATION_UUID='5f0c7a3e-2b9d-4e61-a8f4-1d6c93b0e27a'",
    ]);
  });

  test("writes sysfs entries with ids and a driver link per function", () => {
    const dir = tempHost("xs62");
    const device = path.join(dir, "root/sys/bus/pci/devices/0000:06:00.0");
    expect(["vendor", "device", "class"].map((f) => fs.readFileSync(path.join(device, f), "utf8"))).toEqual(["0x1969\n", "0x1063\n", "0x020000\n"]);
    expect(fs.readlinkSync(path.join(device, "driver"))).toBe("../../drivers/atl1c");
    expect(fs.statSync(path.join(device, "driver")).isDirectory()).toBe(true);
  });

  test("links /sys/dev/block/<maj>:<min> of this machine's root to the SATA controller", () => {
    const dir = tempHost("xs82");
    const { major, minor } = splitDeviceNumber(fs.statSync("/", { bigint: true }).dev);
    const resolved = fs.realpathSync(path.join(dir, "root/sys/dev/block", `${major}:${minor}`));
    expect(resolved).toBe(path.join(fs.realpathSync(dir), "root/sys/devices/pci0000:00/0000:00:1f.2/host0/target0:0:0/0:0:0:0/block/sda/sda1"));
  });

  test("builds a PATH without base64, sha256sum, python3 or flock", () => {
    const dir = tempHost("xs62");
    const entries = fs.readdirSync(path.join(dir, "xsbin"));
    expect(entries).toEqual(expect.arrayContaining(["sh", "md5sum", "readlink", "xe", "extlinux", "xenstore-ls", "xenstore-read", "uname"]));
    expect(entries.filter((e) => ["base64", "sha256sum", "python3", "flock"].includes(e))).toEqual([]);
  });

  test("writes tool wrappers that exec node on the compiled entry with the host directory", () => {
    const dir = tempHost("xs62");
    const wrapper = rootFile(dir, "opt/xensource/libexec/xen-cmdline");
    expect(wrapper).toMatch(/^#!\/bin\/sh\nexec '[^']+' '[^']+\/dist\/sim\/tools\/main\.js' 'xen-cmdline' '[^']+' "\$@"\n$/);
    expect(wrapper).toContain(`'${path.resolve(dir)}'`);
    expect(fs.statSync(path.join(dir, "root/opt/xensource/bin/xe")).mode & 0o111).toBe(0o111);
  });

  test("seeds a custom inventory and starts its running VMs with their devices", () => {
    const inventory: Inventory = {
      vms: [{ uuid: "11111111-1111-1111-1111-111111111111", nameLabel: "solo", powerState: "running", otherConfig: { pci: "0/0000:06:00.0" } }],
      pcis: DEFAULT_INVENTORY.pcis.filter((p) => p.address === "0000:06:00.0"),
    };
    const dir = tempHost("xcpng83", inventory);
    const state = readSimState(dir);
    expect(state.vms).toEqual([
      { uuid: "11111111-1111-1111-1111-111111111111", nameLabel: "solo", powerState: "running", otherConfig: { pci: "0/0000:06:00.0" }, attachedDevices: ["0000:06:00.0"] },
    ]);
    expect(state.pcis).toEqual([{ address: "0000:06:00.0", driver: "pciback", vendor: "0x1969", device: "0x1063" }]);
  });
});

describe("host settings", () => {
  test("initHost writes the profile, no latency and the default reboot timings, and setXeLatency changes only the latency", () => {
    const dir = tempHost("xs82");
    expect(readHostConfig(dir)).toEqual({ profile: "xs82", xeLatencyMs: 0, reboot: DEFAULT_REBOOT_TIMINGS });
    expect(DEFAULT_REBOOT_TIMINGS).toEqual({ rebootDelayMs: 1000, shutdownTimeoutMs: 1000, rebootDownMs: 3000, xapiStartMs: 500, xapiInitMs: 500, autostartDelayMs: 2000 });
    setXeLatency(dir, 250);
    expect(readHostConfig(dir)).toEqual({ profile: "xs82", xeLatencyMs: 250, reboot: DEFAULT_REBOOT_TIMINGS });
  });

  test("an inventory giving one device to two running VMs is refused", () => {
    const dir = tempHost("xs62");
    const vm = (uuid: string, nameLabel: string): Inventory["vms"][number] => ({ uuid, nameLabel, powerState: "running", otherConfig: { pci: "0/0000:06:00.0" } });
    const inventory: Inventory = { vms: [vm("a", "first"), vm("b", "second")], pcis: DEFAULT_INVENTORY.pcis };
    expect(() => {
      initHost(dir, { profile: "xs62", inventory });
    }).toThrow(
      'Unable to create the simulated host: VM second (b) cannot run: Cannot_add(0000:06:00.0, Xenctrl.Error("16: Device or resource busy")). Give each device to one running VM in the inventory.',
    );
  });
});

describe("simMounts", () => {
  test("maps the host's files onto the real paths", () => {
    expect(simMounts("/h").map((m) => `${m.source} -> ${m.target}`)).toEqual([
      "/h/root/boot -> /boot",
      "/h/root/opt/xensource -> /opt/xensource",
      "/h/root/etc/xensource-inventory -> /etc/xensource-inventory",
      "/h/root/proc/cmdline -> /proc/cmdline",
      "/h/root/sys/bus/pci/devices -> /sys/bus/pci/devices",
      "/h/root/sys/bus/pci/drivers -> /sys/bus/pci/drivers",
      "/h/root/sys/dev -> /sys/dev",
      "/h/root/sys/devices -> /sys/devices",
    ]);
  });

  test("every source exists after initHost", () => {
    const dir = tempHost("xs62");
    expect(simMounts(dir).filter((m) => !fs.existsSync(m.source))).toEqual([]);
  });
});

describe("splitDeviceNumber", () => {
  test("splits like glibc's major() and minor()", () => {
    expect(splitDeviceNumber(0x0801)).toEqual({ major: 8, minor: 1 });
    expect(splitDeviceNumber(0x10302)).toEqual({ major: 259, minor: 2 });
    expect(splitDeviceNumber(0x00100000n | 0x1_0000_0000n * 0x1000n)).toEqual({ major: 0x1000, minor: 0x100 });
  });
});

describe("uname", () => {
  test.each([
    ["xs62", ["-r"], "2.6.32.43-0.4.1.xs1.8.0.835.170778xen\n"],
    ["xs82", ["-r"], "4.19.0+1\n"],
    ["xcpng83", ["-r"], "4.19.0+1\n"],
    ["xs62", [], "Linux\n"],
    ["xs62", ["-m"], "i686\n"],
    ["xcpng83", ["-sr"], "Linux 4.19.0+1\n"],
    ["xs82", ["-n"], "xenserver-home\n"],
  ] as const)("on %s, uname %j prints %j", (profile, argv, expected) => {
    expect(runTool(tempHost(profile), "uname", [...argv])).toEqual(ok(expected));
  });

  test("-a prints every field", () => {
    expect(runTool(tempHost("xcpng83"), "uname", ["-a"])).toEqual(
      ok("Linux xenserver-home 4.19.0+1 #1 SMP Tue Jan 23 14:12:55 CET 2024 x86_64 x86_64 x86_64 GNU/Linux\n"),
    );
  });
});

describe("xenstore tools", () => {
  test("xenstore-read of a missing path fails like the real tool", () => {
    expect(runTool(tempHost("xs62"), "xenstore-read", ["/local/domain/0/backend/pci/9/0/dev-0"])).toEqual(
      err("xenstore-read: couldn't read path /local/domain/0/backend/pci/9/0/dev-0\n"),
    );
  });

  test("xenstore-ls nests children one space per level", () => {
    const dir = tempHost("xs62");
    expect(runTool(dir, "xenstore-ls", ["/local/domain/1"])).toEqual(ok('domid = "1"\nname = "NAS"\nvm = "/vm/db4c64e1-44ce-f9f3-3236-0d86df260249"\n'));
    expect(runTool(dir, "xenstore-ls", ["/local/domain/0"]).stdout.split("\n").slice(0, 3)).toEqual(["backend = \"\"", "domid = \"0\"", "name = \"Domain-0\""]);
  });
});

describe("xe fault injection", () => {
  test("the planned call fails without effect and the others run", () => {
    const dir = tempHost("xs62");
    fs.writeFileSync(path.join(dir, "faults.json"), JSON.stringify({ xe: [{ failCall: 2, stderr: "boom\n", exitCode: 1 }] }));
    expect(xe(dir, "vm-param-set", "uuid=3e5b9d70-1f2c-4a8e-b6d4-90c1e7f2a845", "name-label=one")).toEqual(ok());
    expect(xe(dir, "vm-param-set", "uuid=3e5b9d70-1f2c-4a8e-b6d4-90c1e7f2a845", "name-label=two")).toEqual(err("boom\n"));
    expect(readSimState(dir).vms.find((v) => v.uuid === "3e5b9d70-1f2c-4a8e-b6d4-90c1e7f2a845")?.nameLabel).toBe("one");
    expect(xe(dir, "vm-param-set", "uuid=3e5b9d70-1f2c-4a8e-b6d4-90c1e7f2a845", "name-label=three")).toEqual(ok());
  });

  test("a fault planned after the command lets it take effect, then reports failure", () => {
    const dir = tempHost("xs62");
    fs.writeFileSync(path.join(dir, "faults.json"), JSON.stringify({ xe: { failCall: 1, when: "after" } }));
    expect(xe(dir, "vm-param-set", "uuid=3e5b9d70-1f2c-4a8e-b6d4-90c1e7f2a845", "name-label=done")).toEqual(err("Lost connection to the server.\n"));
    expect(readSimState(dir).vms.find((v) => v.uuid === "3e5b9d70-1f2c-4a8e-b6d4-90c1e7f2a845")?.nameLabel).toBe("done");
  });
});
