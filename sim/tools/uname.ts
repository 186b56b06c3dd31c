/** `uname` of the simulated dom0: the profile's kernel (xs62's dom0 is 32-bit CentOS 5). */
import { PROFILE_FACTS } from "../host/profiles";
import type { Profile } from "../host/types";
import { fail, succeed, type ToolResult } from "./tool-result";

const LETTERS = ["s", "n", "r", "v", "m", "p", "i", "o"] as const;
const LONG: Readonly<Record<string, (typeof LETTERS)[number]>> = {
  "--kernel-name": "s",
  "--nodename": "n",
  "--kernel-release": "r",
  "--kernel-version": "v",
  "--machine": "m",
  "--processor": "p",
  "--hardware-platform": "i",
  "--operating-system": "o",
};

/** Runs `uname ARGV...` for a `profile` host named `hostName`. */
export function runUname(profile: Profile, hostName: string, argv: readonly string[]): ToolResult {
  const old = profile === "xs62";
  const values: Record<(typeof LETTERS)[number], string> = {
    s: "Linux",
    n: hostName,
    r: PROFILE_FACTS[profile].kernelRelease,
    v: old ? "#1 SMP Wed May 29 18:06:30 EDT 2013" : "#1 SMP Tue Jan 23 14:12:55 CET 2024",
    m: old ? "i686" : "x86_64",
    p: old ? "i686" : "x86_64",
    i: old ? "i386" : "x86_64",
    o: "GNU/Linux",
  };
  const wanted = new Set<string>();
  for (const arg of argv) {
    if (arg === "-a" || arg === "--all") LETTERS.forEach((l) => wanted.add(l));
    else if (LONG[arg] !== undefined) wanted.add(LONG[arg]);
    else if (/^-[snrvmpio]+$/.test(arg)) arg.slice(1).split("").forEach((l) => wanted.add(l));
    else return fail(`uname: invalid option -- '${arg.replace(/^-+/, "")}'\nTry 'uname --help' for more information.\n`);
  }
  if (wanted.size === 0) wanted.add("s");
  return succeed(`${LETTERS.filter((l) => wanted.has(l)).map((l) => values[l]).join(" ")}\n`);
}
