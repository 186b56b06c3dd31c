/** `/proc/cmdline` of the simulated dom0: the dom0 arguments it booted with. */
import * as fs from "node:fs";
import { cmdlineValue, parseHideList } from "./boot/hide-list";
import { hostFiles } from "./files";
import { PROFILE_FACTS } from "./profiles";
import type { Profile } from "./types";

/** `/proc/cmdline` as a reader gets it: one line ending in a newline. */
export function readCmdlineText(dir: string): string {
  return fs.readFileSync(hostFiles(dir).procCmdline, "utf8");
}

/** The booted dom0 arguments. */
export function readCmdline(dir: string): string[] {
  return readCmdlineText(dir)
    .split(/\s+/)
    .filter((t) => t !== "");
}

/** Writes `/proc/cmdline` as the kernel shows it: one line. */
export function writeCmdline(dir: string, args: readonly string[]): void {
  fs.writeFileSync(hostFiles(dir).procCmdline, `${args.join(" ")}\n`);
}

/** Devices the booted kernel hid with the profile's hide parameter (none when the list is malformed). */
export function hiddenByCmdline(args: readonly string[], profile: Profile): Set<string> {
  const value = cmdlineValue(args, PROFILE_FACTS[profile].hideKey);
  if (value === undefined) return new Set();
  const parsed = parseHideList(value);
  return new Set(parsed.malformed ? [] : parsed.addresses);
}
