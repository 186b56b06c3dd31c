import * as fs from "node:fs";
import * as path from "node:path";
import { runTool, type Inventory, type InventoryPci, type Profile, type ToolResult } from "../host";
import { ok, removeTempHosts, tempHost } from "./tools.fixture";

afterAll(removeTempHosts);

function golden(name: string): string {
  return fs.readFileSync(path.join(__dirname, "golden", name), "utf8");
}

function lspci(dir: string, ...argv: string[]): ToolResult {
  return runTool(dir, "lspci", argv);
}

/** lspci's failure: nothing on stdout, `stderr`, exit 1. */
function failed(stderr: string): ToolResult {
  return { stdout: "", stderr, exitCode: 1 };
}

describe("lspci on the seed machine (golden outputs)", () => {
  test.each<[Profile, string[], string]>([
    ["xcpng83", [], "lspci.xcpng83.txt"],
    ["xcpng83", ["-D"], "lspci.xcpng83.D.txt"],
    ["xcpng83", ["-n"], "lspci.xcpng83.n.txt"],
    ["xcpng83", ["-nn"], "lspci.xcpng83.nn.txt"],
    ["xcpng83", ["-k"], "lspci.xcpng83.k.txt"],
    ["xcpng83", ["-nnk"], "lspci.xcpng83.nnk.txt"],
    ["xcpng83", ["-n", "-n", "-k"], "lspci.xcpng83.nnk.txt"],
    ["xcpng83", ["-mm"], "lspci.xcpng83.mm.txt"],
    ["xcpng83", ["-D", "-mm", "-n"], "lspci.xcpng83.D-mm-n.txt"],
    ["xcpng83", ["-Dmmn"], "lspci.xcpng83.D-mm-n.txt"],
    ["xcpng83", ["-mm", "-nn"], "lspci.xcpng83.mm-nn.txt"],
    ["xcpng83", ["-vmm"], "lspci.xcpng83.vmm.txt"],
    ["xcpng83", ["-vmm", "-nn", "-k"], "lspci.xcpng83.vmm-nn-k.txt"],
    ["xs62", ["-nnk"], "lspci.xs62.nnk.txt"],
    ["xs62", ["-mm"], "lspci.xs62.mm.txt"],
  ])("on %s, lspci %j prints %s", (profile, argv, file) => {
    expect(lspci(tempHost(profile), ...argv)).toEqual(ok(golden(file)));
  });

  test("the exact lines of the seed NIC in every form", () => {
    const dir = tempHost("xcpng83");
    const nic = (...argv: string[]): string => lspci(dir, "-s", "06:00.0", ...argv).stdout;
    expect(nic()).toBe("06:00.0 Ethernet controller: Qualcomm Atheros AR8131 Gigabit Ethernet (rev c0)\n");
    expect(nic("-D")).toBe("0000:06:00.0 Ethernet controller: Qualcomm Atheros AR8131 Gigabit Ethernet (rev c0)\n");
    expect(nic("-n")).toBe("06:00.0 0200: 1969:1063 (rev c0)\n");
    expect(nic("-nn")).toBe("06:00.0 Ethernet controller [0200]: Qualcomm Atheros AR8131 Gigabit Ethernet [1969:1063] (rev c0)\n");
    expect(nic("-k")).toBe(
      "06:00.0 Ethernet controller: Qualcomm Atheros AR8131 Gigabit Ethernet (rev c0)\n" +
        "\tSubsystem: Gigabyte Technology Co., Ltd GA-G31M-ES2L Motherboard\n" +
        "\tKernel driver in use: atl1c\n" +
        "\tKernel modules: atl1c\n",
    );
    expect(nic("-nk")).toBe("06:00.0 0200: 1969:1063 (rev c0)\n\tSubsystem: 1458:e000\n\tKernel driver in use: atl1c\n\tKernel modules: atl1c\n");
    expect(nic("-mm")).toBe('06:00.0 "Ethernet controller" "Qualcomm Atheros" "AR8131 Gigabit Ethernet" -rc0 "Gigabyte Technology Co., Ltd" "GA-G31M-ES2L Motherboard"\n');
    expect(nic("-D", "-mm", "-n")).toBe('0000:06:00.0 "0200" "1969" "1063" -rc0 "1458" "e000"\n');
    expect(nic("-vmm", "-nn", "-k")).toBe(
      "Slot:\t06:00.0\nClass:\tEthernet controller [0200]\nVendor:\tQualcomm Atheros [1969]\nDevice:\tAR8131 Gigabit Ethernet [1063]\n" +
        "SVendor:\tGigabyte Technology Co., Ltd [1458]\nSDevice:\tGA-G31M-ES2L Motherboard [e000]\nRev:\tc0\nDriver:\tatl1c\nModule:\tatl1c\n\n",
    );
    expect(nic("-vm")).toBe(
      "Device:\t06:00.0\nClass:\tEthernet controller\nVendor:\tQualcomm Atheros\nDevice:\tAR8131 Gigabit Ethernet\n" +
        "SVendor:\tGigabyte Technology Co., Ltd\nSDevice:\tGA-G31M-ES2L Motherboard\nRev:\tc0\n\n",
    );
  });

  test("lspci is on the dom0 PATH, wired like the other simulated tools", () => {
    const dir = tempHost("xs62");
    const wrapper = fs.readFileSync(path.join(dir, "xsbin", "lspci"), "utf8");
    expect(wrapper).toMatch(/^#!\/bin\/sh\nexec '[^']+' '[^']+\/dist\/sim\/tools\/main\.js' 'lspci' '[^']+' "\$@"\n$/);
    expect(fs.statSync(path.join(dir, "xsbin", "lspci")).mode & 0o111).toBe(0o111);
  });

  test("--version alone prints the pciutils version of the profile", () => {
    expect(lspci(tempHost("xcpng83"), "--version")).toEqual(ok("lspci version 3.5.1\n"));
    expect(lspci(tempHost("xs62"), "--version")).toEqual(ok("lspci version 3.1.7\n"));
  });
});

describe("lspci -s slot forms", () => {
  test.each<[string, string[]]>([
    ["06:00.0", ["06:00.0"]],
    ["0000:06:00.0", ["06:00.0"]],
    ["0000:00:1F.2", ["00:1f.2"]],
    ["07:00", ["07:00.0", "07:00.1"]],
    ["07:", ["07:00.0", "07:00.1"]],
    ["1f", ["00:1f.2"]],
    ["1f.2", ["00:1f.2"]],
    [".1", ["07:00.1"]],
    ["*:00.1", ["07:00.1"]],
    ["0000:07:*.*", ["07:00.0", "07:00.1"]],
    ["*:*:*.*", ["00:19.0", "00:1f.2", "01:00.0", "06:00.0", "07:00.0", "07:00.1"]],
    ["0x06:0.0", ["06:00.0"]],
    ["0001:06:00.0", []],
    ["08:00.0", []],
  ])("-s %s selects %j", (slot, slots) => {
    const out = lspci(tempHost("xcpng83"), "-s", slot);
    expect(out.exitCode).toBe(0);
    expect(out.stdout.split("\n").filter((l) => l !== "").map((l) => l.slice(0, 7))).toEqual(slots);
  });

  test("the slot may be glued to -s, and later -s words add to earlier ones", () => {
    const dir = tempHost("xcpng83");
    expect(lspci(dir, "-s07:00.1", "-n")).toEqual(ok("07:00.1 0403: 10de:0e0b (rev a1)\n"));
    expect(lspci(dir, "-s", "07:", "-s", ".1", "-n")).toEqual(ok("07:00.1 0403: 10de:0e0b (rev a1)\n"));
  });

  test.each([
    ["100:00.0", "lspci: -s: Invalid bus number\n"],
    ["00:20", "lspci: -s: Invalid slot number\n"],
    ["00:1f.8", "lspci: -s: Invalid function number\n"],
    ["g:00:1f.2", "lspci: -s: Invalid domain number\n"],
    ["06:00.0x", "lspci: -s: Invalid function number\n"],
    ["-1", "lspci: -s: Invalid slot number\n"],
  ])("-s %s dies with %j", (slot, stderr) => {
    expect(lspci(tempHost("xcpng83"), "-s", slot)).toEqual(failed(stderr));
  });
});

describe("lspci -d id filter", () => {
  test("vendor, vendor and device, and class select functions", () => {
    const dir = tempHost("xcpng83");
    expect(lspci(dir, "-n", "-d", "10de:")).toEqual(ok("07:00.0 0300: 10de:11c0 (rev a1)\n07:00.1 0403: 10de:0e0b (rev a1)\n"));
    expect(lspci(dir, "-n", "-d", "1969:1063")).toEqual(ok("06:00.0 0200: 1969:1063 (rev c0)\n"));
    expect(lspci(dir, "-n", "-d", "::0200")).toEqual(ok("00:19.0 0200: 8086:1502 (rev 04)\n06:00.0 0200: 1969:1063 (rev c0)\n"));
    expect(lspci(dir, "-n", "-d", "8086:*:0200")).toEqual(ok("00:19.0 0200: 8086:1502 (rev 04)\n00:1f.2 0106: 8086:1c02 (rev 05)\n"));
  });

  test("a bad -d dies; pciutils 3.1.7 has no class part", () => {
    expect(lspci(tempHost("xcpng83"), "-d", "10de")).toEqual(failed("lspci: -d: ':' expected\n"));
    expect(lspci(tempHost("xcpng83"), "-d", "10de0:")).toEqual(failed("lspci: -d: Invalid vendor ID\n"));
    expect(lspci(tempHost("xs62"), "-d", "10de:11c0:0300")).toEqual(failed("lspci: -d: Invalid device ID\n"));
  });
});

describe("lspci's option errors", () => {
  test("an unknown option prints getopt's message and the usage on stderr, exit 1", () => {
    expect(lspci(tempHost("xcpng83"), "-Z")).toEqual(failed(`lspci: invalid option -- 'Z'\n${golden("lspci.usage.3.5.1.txt")}`));
    expect(lspci(tempHost("xs62"), "-nZ")).toEqual(failed(`lspci: invalid option -- Z\n${golden("lspci.usage.3.1.7.txt")}`));
  });

  test("a long option is the invalid option -", () => {
    expect(lspci(tempHost("xcpng83"), "--help")).toEqual(failed(`lspci: invalid option -- '-'\n${golden("lspci.usage.3.5.1.txt")}`));
  });

  test("-s without its argument", () => {
    expect(lspci(tempHost("xcpng83"), "-n", "-s")).toEqual(failed(`lspci: option requires an argument -- 's'\n${golden("lspci.usage.3.5.1.txt")}`));
  });

  test("a word that is not an option, before or after the options, prints the usage alone", () => {
    const dir = tempHost("xcpng83");
    expect(lspci(dir, "06:00.0")).toEqual(failed(golden("lspci.usage.3.5.1.txt")));
    expect(lspci(dir, "-n", "06:00.0", "-k")).toEqual(failed(golden("lspci.usage.3.5.1.txt")));
    expect(lspci(dir, "-g")).toEqual(failed(golden("lspci.usage.3.5.1.txt")));
  });

  test("options after -- are words, and a bad -s dies before a later bad option is seen", () => {
    const dir = tempHost("xcpng83");
    expect(lspci(dir, "--", "-n")).toEqual(failed(golden("lspci.usage.3.5.1.txt")));
    expect(lspci(dir, "-s", "zz", "-Z")).toEqual(failed("lspci: -s: Invalid slot number\n"));
  });

  test("display modes that need config space fail as not simulated, exit 2", () => {
    const dir = tempHost("xcpng83");
    expect(lspci(dir, "-v")).toEqual({ stdout: "", stderr: "lspci: simulator: -v without -m is not simulated (see sim/tools/lspci/lspci.ts)\n", exitCode: 2 });
    expect(lspci(dir, "-x", "-t")).toEqual({ stdout: "", stderr: "lspci: simulator: -x, -t is not simulated (see sim/tools/lspci/lspci.ts)\n", exitCode: 2 });
  });
});

const INTEL_NIC: InventoryPci = {
  address: "0000:00:19.0",
  vendor: "0x8086",
  device: "0x1502",
  class: "0x020000",
  driver: "e1000e",
  vendorName: "Intel Corporation",
  deviceName: "82579LM Gigabit Network Connection",
};

function hostWith(profile: Profile, pcis: InventoryPci[], vms: Inventory["vms"] = []): string {
  return tempHost(profile, { vms, pcis });
}

describe("lspci names when the host's pci.ids has none", () => {
  const unknowns: InventoryPci[] = [
    INTEL_NIC,
    // A known vendor (another function names it) with an unknown device.
    { address: "0000:0a:00.0", vendor: "0x8086", device: "0x10d3", class: "0x020000", driver: "e1000e" },
    // Nothing known, an unknown class, and a subsystem whose vendor is unknown too.
    { address: "0000:0b:00.0", vendor: "0x1234", device: "0x5678", class: "0xff0000", driver: "", subsystemVendor: "0x1af4", subsystemDevice: "0x1100" },
    // A known class whose subclass pci.ids lacks.
    { address: "0000:0c:00.0", vendor: "0x8086", device: "0x1234", class: "0x0d8000", driver: "iwlwifi" },
    // A subsystem equal to the device: libpci names it after the device.
    { address: "0000:0d:00.0", vendor: "0x1969", device: "0x1063", class: "0x020000", driver: "atl1c", vendorName: "Qualcomm Atheros", deviceName: "AR8131 Gigabit Ethernet", subsystemVendor: "0x1969", subsystemDevice: "0x1063" },
  ];

  test("terse and -k lines fall back to Device, Class and the numbers", () => {
    expect(lspci(hostWith("xcpng83", unknowns), "-k", "-s", "0a:")).toEqual(
      ok("0a:00.0 Ethernet controller: Intel Corporation Device 10d3\n\tKernel driver in use: e1000e\n\tKernel modules: e1000e\n"),
    );
    const dir = hostWith("xcpng83", unknowns);
    expect(lspci(dir, "-k", "-s", "0b:")).toEqual(ok("0b:00.0 Class ff00: Device 1234:5678\n\tSubsystem: Device 1af4:1100\n"));
    expect(lspci(dir, "-s", "0c:")).toEqual(ok("0c:00.0 Wireless controller [0d80]: Intel Corporation Device 1234\n"));
    expect(lspci(dir, "-nn", "-s", "0c:")).toEqual(ok("0c:00.0 Wireless controller [0d80]: Intel Corporation Device [8086:1234]\n"));
    expect(lspci(dir, "-n", "-s", "0c:")).toEqual(ok("0c:00.0 0d80: 8086:1234\n"));
    expect(lspci(dir, "-nn", "-s", "0b:")).toEqual(ok("0b:00.0 Class [ff00]: Device [1234:5678]\n"));
    expect(lspci(dir, "-k", "-s", "0d:")).toEqual(
      ok("0d:00.0 Ethernet controller: Qualcomm Atheros AR8131 Gigabit Ethernet\n\tSubsystem: Qualcomm Atheros AR8131 Gigabit Ethernet\n\tKernel driver in use: atl1c\n\tKernel modules: atl1c\n"),
    );
  });

  test("-mm fields fall back to Vendor, Device, Unknown vendor and Class", () => {
    const dir = hostWith("xcpng83", unknowns);
    expect(lspci(dir, "-mm", "-s", "0b:")).toEqual(ok('0b:00.0 "Class ff00" "Vendor 1234" "Device 5678" "Unknown vendor 1af4" "Device 1100"\n'));
    expect(lspci(dir, "-mm", "-nn", "-s", "0b:")).toEqual(ok('0b:00.0 "Class [ff00]" "Vendor [1234]" "Device [5678]" "Unknown vendor [1af4]" "Device [1100]"\n'));
    expect(lspci(dir, "-mm", "-s", "0a:")).toEqual(ok('0a:00.0 "Ethernet controller" "Intel Corporation" "Device 10d3" "" ""\n'));
  });

  test("-mm escapes quotes and backslashes in names", () => {
    const dir = hostWith("xcpng83", [{ ...INTEL_NIC, deviceName: 'Say "hi" \\ there' }]);
    expect(lspci(dir, "-mm")).toEqual(ok('00:19.0 "Ethernet controller" "Intel Corporation" "Say \\"hi\\" \\\\ there" "" ""\n'));
  });

  test("a name longer than lspci's buffer is cut with ... from pciutils 3.1.8, and fails the lookup before", () => {
    const long = "X".repeat(200);
    const cut = `Intel Corporation ${long}`.slice(0, 124);
    expect(lspci(hostWith("xcpng83", [{ ...INTEL_NIC, deviceName: long }]))).toEqual(ok(`00:19.0 Ethernet controller: ${cut}...\n`));
    expect(lspci(hostWith("xs62", [{ ...INTEL_NIC, deviceName: long }]))).toEqual(ok("00:19.0 Ethernet controller: <pci_lookup_name: buffer too small>\n"));
  });
});

describe("lspci reads the host as it is now", () => {
  test("a function given to a running VM is in use by pciback; its modules stay its own", () => {
    const vms: Inventory["vms"] = [{ uuid: "11111111-1111-1111-1111-111111111111", nameLabel: "nas", powerState: "running", otherConfig: { pci: "0/0000:00:19.0" } }];
    expect(lspci(hostWith("xs82", [INTEL_NIC], vms), "-k")).toEqual(
      ok("00:19.0 Ethernet controller: Intel Corporation 82579LM Gigabit Network Connection\n\tKernel driver in use: pciback\n\tKernel modules: e1000e\n"),
    );
  });

  test("a function outside domain 0 makes lspci show every domain; -mm shows it only where it is not 0", () => {
    const dir = hostWith("xcpng83", [INTEL_NIC, { ...INTEL_NIC, address: "0001:02:00.0" }]);
    expect(lspci(dir, "-n")).toEqual(ok("0000:00:19.0 0200: 8086:1502\n0001:02:00.0 0200: 8086:1502\n"));
    expect(lspci(dir, "-n", "-s", "02:")).toEqual(ok("0001:02:00.0 0200: 8086:1502\n"));
    expect(lspci(dir, "-mm", "-n")).toEqual(ok('00:19.0 "0200" "8086" "1502" "" ""\n0001:02:00.0 "0200" "8086" "1502" "" ""\n'));
  });
});
