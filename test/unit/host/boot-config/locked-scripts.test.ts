import * as fs from "node:fs";

import { BOOT_COMMIT_EXIT } from "../../../../provider/host/boot-config/commit-exit";
import { LOCKED_RUN_SCRIPT, XEN_CMDLINE_COMMIT_SCRIPT, lockedRunArgs, xenCmdlineCommitArgs } from "../../../../provider/host/boot-config/locked-scripts";
import { hostLockArgs } from "../../../../provider/host/boot-config/host-lock";
import { ScriptSandbox } from "./script-runner";

describe("the xen-cmdline and locked-run scripts run by a POSIX sh", () => {
  let box: ScriptSandbox;
  let lock: string;
  const vars = () => ({ lock, waitSeconds: 1, staleSeconds: 600, graceSeconds: 5, token: "t" });

  beforeEach(() => {
    box = new ScriptSandbox();
    lock = box.bootPath(".xspci.lock");
    // A stand-in xen-cmdline keeping the dom0 hide token in a file.
    fs.writeFileSync(`${box.root}/dom0`, "xen-pciback.hide=(0000:06:00.0)\n");
    box.stub(
      "xen-cmdline",
      [
        `state="${box.root}/dom0"`,
        'case "$1" in',
        '  --get-dom0) cat "$state" ;;',
        '  --set-dom0) printf \'%s\\n\' "$2" > "$state"; echo "$*" >> "$state.log" ;;',
        '  --delete-dom0) : > "$state"; echo "$*" >> "$state.log" ;;',
        "esac",
      ].join("\n"),
    );
  });

  afterEach(() => {
    box.remove();
  });

  const xenCmdlineArgs = (expected: string, action: "--set-dom0" | "--delete-dom0", arg: string): string[] => {
    const list = xenCmdlineCommitArgs({ ...vars(), key: "xen-pciback.hide", expected, action, arg });
    // Point the script at the stub instead of /opt/xensource/libexec/xen-cmdline.
    return list.map((word) => (word === "/opt/xensource/libexec/xen-cmdline" ? `${box.bin}/xen-cmdline` : word));
  };

  test("xen-cmdline is run under the lock when the list still reads as expected, and the list afterwards is printed", () => {
    const result = box.run(XEN_CMDLINE_COMMIT_SCRIPT, xenCmdlineArgs("xen-pciback.hide=(0000:06:00.0)", "--set-dom0", "xen-pciback.hide=(0000:06:00.0)(0000:01:00.0)"));
    expect(result).toEqual({ status: 0, stdout: "xen-pciback.hide=(0000:06:00.0)(0000:01:00.0)\n", stderr: "" });
    expect(fs.readFileSync(`${box.root}/dom0.log`, "utf8")).toBe("--set-dom0 xen-pciback.hide=(0000:06:00.0)(0000:01:00.0)\n");
    expect(fs.existsSync(lock)).toBe(false);
  });

  test("a list that changed since it was read is not written, with the conflict status", () => {
    const result = box.run(XEN_CMDLINE_COMMIT_SCRIPT, xenCmdlineArgs("", "--set-dom0", "xen-pciback.hide=(0000:01:00.0)"));
    expect(result).toEqual({ status: BOOT_COMMIT_EXIT.conflict, stdout: "", stderr: "xspci: step check: xen-pciback.hide changed since it was read\n" });
    expect(fs.existsSync(`${box.root}/dom0.log`)).toBe(false);
    expect(fs.existsSync(lock)).toBe(false);
  });

  test("the locked run passes the command's words through untouched and exits with its status", () => {
    const result = box.run(LOCKED_RUN_SCRIPT, lockedRunArgs(vars(), ["sh", "-c", 'printf "%s|" "$@"; exit 3', "x", "a b", "'q'"]));
    expect(result).toEqual({ status: 3, stdout: "a b|'q'|", stderr: "" });
    expect(fs.existsSync(lock)).toBe(false);
  });

  test("the lock parameters come first, in the order the scripts read them", () => {
    expect(hostLockArgs(vars())).toEqual([lock, "1", "600", "5", "t"]);
  });
});
