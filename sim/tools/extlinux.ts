/**
 * The simulated `extlinux`: `-i`/`--install DIR` records the install with a
 * copy of the boot config at that moment, so a test can tell whether it ran
 * after the new file was renamed into place.
 */
import { readBootConfig } from "../host/boot/boot-file";
import { updateHostState } from "../host/state-store";
import { fail, succeed, type ToolResult } from "./tool-result";

const USAGE = "Usage: extlinux [options] directory\n  --install    -i  Install over the current bootsector\n  --update     -U  Update a previous EXTLINUX installation\n";

/** Runs `extlinux ARGV...` against the host in `dir`. */
export function runExtlinux(dir: string, argv: readonly string[]): ToolResult {
  const install = argv.some((a) => a === "-i" || a === "--install" || a === "-U" || a === "--update");
  const target = argv.find((a) => !a.startsWith("-"));
  if (!install || target === undefined) return fail(USAGE);
  updateHostState(dir, (state) => {
    state.extlinuxInstalls.push(readBootConfig(dir, state.profile));
  });
  return succeed(`${target} is device /dev/sda1\n`);
}
