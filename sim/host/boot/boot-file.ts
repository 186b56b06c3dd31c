/** Locates and reads the simulated host's boot loader config. */
import * as fs from "node:fs";
import * as path from "node:path";
import { hostFiles } from "../files";
import { PROFILE_FACTS } from "../profiles";
import type { Profile } from "../types";
import { defaultBootEntry, readEntryArgs, type BootFormat } from "./entries";

/** Absolute path of the boot config of a `profile` host in `dir`. */
export function bootConfigFile(dir: string, profile: Profile): string {
  return path.join(hostFiles(dir).root, PROFILE_FACTS[profile].bootConfigPath);
}

/** The dom0 arguments of the default boot entry: what `/proc/cmdline` holds after a boot. */
export function defaultEntryDom0Args(format: BootFormat, content: string): string[] {
  const lines = content.split("\n");
  const entry = defaultBootEntry(format, lines);
  const line = entry?.dom0Line === undefined ? undefined : lines[entry.dom0Line];
  return line === undefined ? [] : (readEntryArgs(format, line, "dom0") ?? []);
}

/** Reads the boot config of the host in `dir`. */
export function readBootConfig(dir: string, profile: Profile): string {
  return fs.readFileSync(bootConfigFile(dir, profile), "utf8");
}
