import { rebootHost, readSimState, runTool } from "./host";
import { err, ok, removeTempHosts, tempHost, xe } from "./tools.fixture";

afterAll(removeTempHosts);

const INTERNAL =
  "The server failed to handle your request, due to an internal error. The given message may give details useful for debugging the problem.\n";

function pciUuid(dir: string, address: string): string {
  return xe(dir, "pci-list", `pci-id=${address}`, "--minimal").stdout.trim();
}

function hideList(dir: string): string {
  return runTool(dir, "xen-cmdline", ["--get-dom0", "xen-pciback.hide"]).stdout;
}

describe("XCP-ng 8.3 dom0 access commands", () => {
  test("a device goes enabled → disable_on_reboot → disabled → enable_on_reboot → enabled", () => {
    const dir = tempHost("xcpng83");
    const nic = pciUuid(dir, "0000:06:00.0");
    expect(xe(dir, "pci-get-dom0-access-status", `uuid=${nic}`)).toEqual(ok("enabled\n"));
    expect(xe(dir, "pci-disable-dom0-access", `uuid=${nic}`)).toEqual(ok("disable_on_reboot\n"));
    expect(hideList(dir)).toBe("xen-pciback.hide=(0000:06:00.0)\n");
    rebootHost(dir);
    expect(xe(dir, "pci-get-dom0-access-status", `uuid=${nic}`)).toEqual(ok("disabled\n"));
    expect(readSimState(dir).pcis.find((p) => p.address === "0000:06:00.0")?.driver).toBe("pciback");
    expect(xe(dir, "pci-enable-dom0-access", `uuid=${nic}`)).toEqual(ok("enable_on_reboot\n"));
    expect(hideList(dir)).toBe("\n");
    rebootHost(dir);
    expect(xe(dir, "pci-get-dom0-access-status", `uuid=${nic}`)).toEqual(ok("enabled\n"));
  });

  // Corrected to xapi-notes.md: xapi puts the new device first, then the list it read in reverse
  // (the earlier expectation appended it).
  test("disabling a second device puts it first in the full form", () => {
    const dir = tempHost("xcpng83");
    xe(dir, "pci-disable-dom0-access", `uuid=${pciUuid(dir, "0000:06:00.0")}`);
    xe(dir, "pci-disable-dom0-access", `uuid=${pciUuid(dir, "0000:01:00.0")}`);
    expect(hideList(dir)).toBe("xen-pciback.hide=(0000:01:00.0)(0000:06:00.0)\n");
    expect(xe(dir, "pci-enable-dom0-access", `uuid=${pciUuid(dir, "0000:06:00.0")}`)).toEqual(ok("enabled\n"));
    expect(hideList(dir)).toBe("xen-pciback.hide=(0000:01:00.0)\n");
  });

  // Corrected to xapi-notes.md: BOOT_DEVICE_PASSTHROUGH_DISALLOWED exists only from xen-api v26.16.0,
  // not in XCP-ng 8.3's xapi 26.1 (the earlier expectation refused the change).
  test("hiding the root disk's controller is accepted", () => {
    const dir = tempHost("xcpng83");
    expect(xe(dir, "pci-disable-dom0-access", `uuid=${pciUuid(dir, "0000:00:1f.2")}`)).toEqual(ok("disable_on_reboot\n"));
    expect(hideList(dir)).toBe("xen-pciback.hide=(0000:00:1f.2)\n");
  });

  // Corrected to xapi-notes.md: the failure is OCaml's Scanf.Scan_failure as xapi renders an escaped
  // exception (the earlier expectation had an invented Failure text).
  test("a hand-written short form in the hide list breaks the status computation", () => {
    const dir = tempHost("xcpng83");
    runTool(dir, "xen-cmdline", ["--set-dom0", "xen-pciback.hide=(06:00.0)"]);
    expect(xe(dir, "pci-get-dom0-access-status", `uuid=${pciUuid(dir, "0000:06:00.0")}`)).toEqual(
      err(`${INTERNAL}message: Stdlib.Scanf.Scan_failure("scanf: bad input at char number 6: looking for ':', found '.'")\n`),
    );
  });

  test("an unknown PCI uuid is UUID_INVALID", () => {
    const dir = tempHost("xcpng83");
    expect(xe(dir, "pci-get-dom0-access-status", "uuid=nope")).toEqual(err("The uuid you supplied was invalid.\ntype: PCI\nuuid: nope\n"));
  });
});
