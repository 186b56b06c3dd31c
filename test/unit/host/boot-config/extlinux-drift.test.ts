import { commitFailure } from "../../../../provider/host/boot-config/commit-exit";
import { extlinuxDrift } from "../../../../provider/host/boot-config/extlinux-drift";
import { pciFunctionsOfSysfsPath } from "../../../../provider/host/reads/root-disk";
import { extlinuxHideStatus } from "../../../../provider/model/extlinux-hide";

const CONF = [
  "default xe",
  "label xe",
  "  append /boot/xen.gz --- /boot/vmlinuz ro pciback.hide=(0000:01:00.0)(0b::00.1) --- /boot/initrd.img",
  "label xe-serial",
  "  append /boot/xen.gz --- /boot/vmlinuz ro --- /boot/initrd.img",
  "label safe",
  "  append /boot/xen.gz --- /boot/vmlinuz ro pciback.hide=(01:00.0) pciback.hide=(0000:01:00.0) --- /boot/initrd.img",
  "",
].join("\n");

describe("drift sentences for extlinux.conf", () => {
  test("a partial edit, a gone label, a duplicated and a malformed list are each one sentence", () => {
    const request = { labels: ["xe", "xe-serial", "safe", "old"], key: "pciback.hide" as const, address: "0000:01:00.0" };
    const status = extlinuxHideStatus(CONF, request);
    expect(extlinuxDrift(status, { address: "0000:01:00.0", key: "pciback.hide", requested: request.labels })).toEqual([
      'extlinux.conf has no Xen boot entry "old" any more.',
      '0000:01:00.0 is in pciback.hide of "xe", "safe" but not of "xe-serial".',
      'The pciback.hide list of boot entry "xe" holds malformed items "(0b::00.1)".',
      'Boot entry "safe" has pciback.hide 2 times; the kernel reads only the last.',
    ]);
  });

  test("a device hidden in a chosen label but not in the default one is reported", () => {
    const request = { labels: ["safe"], key: "pciback.hide" as const, address: "0000:01:00.0" };
    const status = extlinuxHideStatus(CONF.replace("(0000:01:00.0)(0b::00.1)", "(0000:06:00.0)"), request);
    expect(extlinuxDrift(status, { address: "0000:01:00.0", key: "pciback.hide", requested: ["safe"] })).toEqual([
      'Boot entry "safe" has pciback.hide 2 times; the kernel reads only the last.',
      'The default boot entry "xe" does not hide 0000:01:00.0, so the next boot will not either.',
    ]);
  });
});

describe("commit script failures", () => {
  test("the error names the failed step from the script's own lines and carries the hint", () => {
    const error = commitFailure(
      { exitCode: 70, stdout: "", stderr: "cp: cannot create regular file\nxspci: step backup: cannot copy /boot/extlinux.conf to /boot/extlinux.conf.xspci-backup\n" },
      { label: "the commit script", host: "10.0.0.5", hint: "Fix it." },
    );
    expect(error.code).toBe("BOOT_CONFIG_STEP_FAILED");
    expect(error.reason).toContain("the boot configuration on 10.0.0.5: step backup: cannot copy /boot/extlinux.conf to /boot/extlinux.conf.xspci-backup.");
    expect(error.reason).not.toContain("cp: cannot create");
    expect(error.hint).toBe("Fix it.");
  });

  test("a lock held by another run has its own code", () => {
    const error = commitFailure({ exitCode: 75, stdout: "", stderr: "xspci: step lock: busy\n" }, { label: "s", host: "h", hint: "Wait." });
    expect(error.code).toBe("BOOT_CONFIG_LOCKED");
  });
});

describe("the PCI functions of a sysfs path", () => {
  test("bridges come first and the controller last; non-PCI parts are ignored", () => {
    expect(pciFunctionsOfSysfsPath("/sys/devices/pci0000:00/0000:00:1c.0/0000:02:00.0/host0/target0:0:0/0:0:0:0/block/sda/sda1\n")).toEqual([
      "0000:00:1c.0",
      "0000:02:00.0",
    ]);
    expect(pciFunctionsOfSysfsPath("/sys/devices/virtual/block/dm-0")).toEqual([]);
  });
});
