import { bootSnapshotArgvs, bootSnapshotFrom } from "../../../../provider/host/boot-config/boot-snapshot";
import type { CommandResult } from "../../../../provider/remote/ssh";
import { errorWith } from "../../../support/error-match";

const ok = (stdout: string): CommandResult => ({ stdout, stderr: "", exitCode: 0 });
const status = (exitCode: number): CommandResult => ({ stdout: "", stderr: "", exitCode });
const INVENTORY = "PRODUCT_BRAND='XenServer'\nPRODUCT_VERSION='6.2.0'\nINSTALLATION_UUID='5f0c7a3e-2b9d-4e61-a8f4-1d6c93b0e27a'\n";

describe("bootSnapshotFrom", () => {
  test("the batch reads the inventory first, then the kernel, the boot tools and sysfs", () => {
    expect(bootSnapshotArgvs().slice(0, 4)).toEqual([
      ["cat", "/etc/xensource-inventory"],
      ["uname", "-r"],
      ["test", "-f", "/boot/extlinux.conf"],
      ["test", "-x", "/opt/xensource/libexec/xen-cmdline"],
    ]);
  });

  test("reads the host's UUID, the facts that decide the hide method and the PCI functions with their drivers", () => {
    const results = [ok(INVENTORY), ok("2.6.32.43-0.4.1.xs1.8.0.835.170778xen\n"), status(0), status(1), ok("pci 0000:01:00.0 - - - - -\npci 0000:06:00.0 0x1969 0x1063 0x1043 0x8468 0x020000\ndriver 0000:01:00.0 pciback\ndriver 0000:06:00.0 atl1c\n")];
    expect(bootSnapshotFrom("h", results)).toEqual({
      hostUuid: "5f0c7a3e-2b9d-4e61-a8f4-1d6c93b0e27a",
      facts: {
        productBrand: "XenServer",
        productVersion: "6.2.0",
        kernelRelease: "2.6.32.43-0.4.1.xs1.8.0.835.170778xen",
        hasExtlinuxConf: true,
        hasXenCmdline: false,
      },
      pciDevices: [
        { address: "0000:01:00.0", driver: "pciback", ids: undefined, vendorName: "", deviceName: "" },
        { address: "0000:06:00.0", driver: "atl1c", ids: { vendorId: "1969", deviceId: "1063", subsystemVendorId: "1043", subsystemId: "8468", classCode: "020000" }, vendorName: "", deviceName: "" },
      ],
    });
  });

  test("a host without the inventory is not a XenServer dom0", () => {
    const missing = { stdout: "", stderr: "cat: /etc/xensource-inventory: No such file or directory\n", exitCode: 1 };
    expect(() => bootSnapshotFrom("h", [missing, ok("6.1.0\n"), status(1), status(1), ok("")])).toThrow(
      errorWith("NOT_A_XEN_HOST", "/etc/xensource-inventory on h: `cat` exited with code 1: cat: /etc/xensource-inventory: No such file or directory"),
    );
  });
});
