import { readPoolState, rebootHost, type ToolResult } from "../host";
import { HOSTS, memberDir, removeTempPools, tempPool, toolOn, xeOn, type TempPool } from "./pool.fixture";
import { err, ok } from "./tools.fixture";

afterAll(removeTempPools);

function nicOf(pool: TempPool, member: number): string {
  return xeOn(pool, 0, "pci-list", "pci-id=0000:06:00.0", `host-uuid=${HOSTS[member] ?? ""}`, "--minimal").stdout.trim();
}

function hideList(pool: TempPool, member: number): ToolResult {
  return toolOn(pool, member, "xen-cmdline", "--get-dom0", "xen-pciback.hide");
}

describe("XCP-ng 8.3 dom0 access commands in a pool", () => {
  test("act on the PCI object's own host's boot config, whichever member xe runs on", () => {
    const pool = tempPool("xcpng83", 3);
    expect(xeOn(pool, 0, "pci-disable-dom0-access", `uuid=${nicOf(pool, 2)}`)).toEqual(ok("disable_on_reboot\n"));
    expect([0, 1, 2].map((member) => hideList(pool, member))).toEqual([ok("\n"), ok("\n"), ok("xen-pciback.hide=(0000:06:00.0)\n")]);
    expect(xeOn(pool, 1, "pci-get-dom0-access-status", `uuid=${nicOf(pool, 2)}`)).toEqual(ok("disable_on_reboot\n"));
    expect(xeOn(pool, 2, "pci-get-dom0-access-status", `uuid=${nicOf(pool, 0)}`)).toEqual(ok("enabled\n"));
  });

  test("read the PCI object's own host's /proc/cmdline for the status now", () => {
    const pool = tempPool("xcpng83", 2);
    xeOn(pool, 0, "pci-disable-dom0-access", `uuid=${nicOf(pool, 1)}`);
    rebootHost(memberDir(pool, 1));
    expect(xeOn(pool, 0, "pci-get-dom0-access-status", `uuid=${nicOf(pool, 1)}`)).toEqual(ok("disabled\n"));
    expect(xeOn(pool, 1, "pci-get-dom0-access-status", `uuid=${nicOf(pool, 0)}`)).toEqual(ok("enabled\n"));
    expect(readPoolState(pool.dir).hosts.map((h) => h.pcis.find((p) => p.address === "0000:06:00.0")?.driver)).toEqual(["atl1c", "pciback"]);
    expect(xeOn(pool, 0, "pci-enable-dom0-access", `uuid=${nicOf(pool, 1)}`)).toEqual(ok("enable_on_reboot\n"));
    expect(hideList(pool, 1)).toEqual(ok("\n"));
  });

  test("a member whose hide list xapi cannot read fails only for its own devices", () => {
    const pool = tempPool("xcpng83", 2);
    toolOn(pool, 1, "xen-cmdline", "--set-dom0", "xen-pciback.hide=(06:00.0)");
    expect(xeOn(pool, 0, "pci-get-dom0-access-status", `uuid=${nicOf(pool, 1)}`).stderr).toContain("Scan_failure");
    expect(xeOn(pool, 1, "pci-get-dom0-access-status", `uuid=${nicOf(pool, 0)}`)).toEqual(ok("enabled\n"));
  });

  test("an unknown PCI uuid is UUID_INVALID on every member", () => {
    const pool = tempPool("xcpng83", 2);
    expect(xeOn(pool, 1, "pci-get-dom0-access-status", "uuid=00000000-0000-0000-0000-000000000000")).toEqual(
      err("The uuid you supplied was invalid.\ntype: PCI\nuuid: 00000000-0000-0000-0000-000000000000\n"),
    );
  });
});
