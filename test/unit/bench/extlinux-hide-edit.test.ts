import { execFileSync } from "node:child_process";
import { BASELINE_LOCK_DIR, extlinuxHideEditCommand, extlinuxHideSedScript } from "../../../scripts/bench/extlinux-hide-edit";

const A = "0000:5c:00.0";

/** Runs the sed script with the system's GNU sed, as the host's PATH has it. */
function edit(text: string, address = A): string {
  return execFileSync("sed", [extlinuxHideSedScript(address)], { input: text, encoding: "utf8" });
}

describe("extlinuxHideSedScript", () => {
  it("appends a hide parameter to the dom0 part when it has none", () => {
    expect(edit("  append /boot/xen.gz dom0_mem=752M --- /boot/vmlinuz-2.6-xen root=LABEL=root-x ro quiet --- /boot/initrd-2.6-xen.img\n")).toBe(
      `  append /boot/xen.gz dom0_mem=752M --- /boot/vmlinuz-2.6-xen root=LABEL=root-x ro quiet pciback.hide=(${A}) --- /boot/initrd-2.6-xen.img\n`,
    );
  });

  it("adds the address first in an existing dom0 hide list", () => {
    expect(edit("  append /boot/xen.gz --- /boot/vmlinuz ro pciback.hide=(0000:01:00.0) quiet --- /boot/initrd.img\n")).toBe(
      `  append /boot/xen.gz --- /boot/vmlinuz ro pciback.hide=(${A})(0000:01:00.0) quiet --- /boot/initrd.img\n`,
    );
  });

  it("edits only the text between the first and second separator, even with a hide parameter elsewhere", () => {
    expect(edit("append /xen.gz pciback.hide=(x) --- /vmlinuz ro --- /initrd.img --- /ucode pciback.hide=(y)\n")).toBe(
      `append /xen.gz pciback.hide=(x) --- /vmlinuz ro pciback.hide=(${A}) --- /initrd.img --- /ucode pciback.hide=(y)\n`,
    );
  });

  it("leaves labels, kernel lines and append lines without the three-part form alone", () => {
    const text = "default xe\nlabel xe\n  # XenServer\n  kernel mboot.c32\n  append /boot/vmlinuz ro quiet\n";
    expect(edit(text)).toBe(text);
  });

  it("edits every append line of the file", () => {
    const line = "  append /xen.gz --- /vmlinuz ro --- /initrd.img";
    expect(edit(`label xe\n${line}\nlabel safe\n${line}\n`)).toBe(
      `label xe\n  append /xen.gz --- /vmlinuz ro pciback.hide=(${A}) --- /initrd.img\nlabel safe\n  append /xen.gz --- /vmlinuz ro pciback.hide=(${A}) --- /initrd.img\n`,
    );
  });
});

describe("extlinuxHideEditCommand", () => {
  it("runs sed in place under a mkdir lock in /boot and exits with sed's status", () => {
    expect(extlinuxHideEditCommand(A)).toBe(
      [
        "while ! mkdir /boot/.bench-per-command.lock 2>/dev/null; do sleep 0.1; done",
        `sed -i '${extlinuxHideSedScript(A)}' /boot/extlinux.conf`,
        "status=$?",
        "rmdir /boot/.bench-per-command.lock",
        'exit "$status"',
      ].join("\n"),
    );
    expect(BASELINE_LOCK_DIR).toBe("/boot/.bench-per-command.lock");
  });
});
