/**
 * `/opt/xensource/libexec/xen-cmdline`: reads and edits the Xen and dom0
 * arguments of the `xe` and `xe-serial` entries only, rewrites the whole file
 * through a temp file and a rename, never validates, exits 0 even on typos.
 */
import * as fs from "node:fs";
import { writeFileAtomic } from "../host/atomic-write";
import { bootConfigFile } from "../host/boot/boot-file";
import { listBootEntries, readEntryArgs, writeEntryArgs, type ArgsPart, type BootEntry } from "../host/boot/entries";
import { PROFILE_FACTS } from "../host/profiles";
import type { Profile } from "../host/types";
import { succeed, type ToolResult } from "./tool-result";

const EDITED_LABELS = ["xe", "xe-serial"];

function keyOf(token: string): string {
  const eq = token.indexOf("=");
  return eq < 0 ? token : token.slice(0, eq);
}

function lineOf(entry: BootEntry, part: ArgsPart): number | undefined {
  return part === "xen" ? entry.xenLine : entry.dom0Line;
}

function editedEntries(profile: Profile, lines: readonly string[]): BootEntry[] {
  return listBootEntries(PROFILE_FACTS[profile].bootFormat, lines).filter((e) => EDITED_LABELS.includes(e.label));
}

/** The `key=value` (or bare `key`) tokens of the `xe` entry for `keys`, space-joined. */
export function getArgs(dir: string, profile: Profile, part: ArgsPart, keys: readonly string[]): string {
  const lines = fs.readFileSync(bootConfigFile(dir, profile), "utf8").split("\n");
  const entry = editedEntries(profile, lines)[0];
  const index = entry === undefined ? undefined : lineOf(entry, part);
  const line = index === undefined ? undefined : lines[index];
  const args = line === undefined ? [] : (readEntryArgs(PROFILE_FACTS[profile].bootFormat, line, part) ?? []);
  return args.filter((token) => keys.includes(keyOf(token))).join(" ");
}

function editArgs(dir: string, profile: Profile, part: ArgsPart, edit: (args: string[]) => string[]): void {
  const file = bootConfigFile(dir, profile);
  const format = PROFILE_FACTS[profile].bootFormat;
  const lines = fs.readFileSync(file, "utf8").split("\n");
  for (const entry of editedEntries(profile, lines)) {
    const index = lineOf(entry, part);
    const line = index === undefined ? undefined : lines[index];
    const args = line === undefined ? undefined : readEntryArgs(format, line, part);
    if (index === undefined || line === undefined || args === undefined) continue;
    lines[index] = writeEntryArgs(format, line, part, edit(args));
  }
  writeFileAtomic(file, lines.join("\n"));
}

/** Sets each `key=value` of `assignments`: replaces the key's first token in place, or appends it. */
export function setArgs(dir: string, profile: Profile, part: ArgsPart, assignments: readonly string[]): void {
  editArgs(dir, profile, part, (args) => {
    let result = [...args];
    for (const assignment of assignments) {
      const key = keyOf(assignment);
      const at = result.findIndex((t) => keyOf(t) === key);
      if (at < 0) result.push(assignment);
      else result = result.flatMap((t, i) => (i === at ? [assignment] : keyOf(t) === key ? [] : [t]));
    }
    return result;
  });
}

/** Removes every token of each key. */
export function deleteArgs(dir: string, profile: Profile, part: ArgsPart, keys: readonly string[]): void {
  editArgs(dir, profile, part, (args) => args.filter((t) => !keys.includes(keyOf(t))));
}

const OPTIONS: Readonly<Record<string, { part: ArgsPart; action: "get" | "set" | "delete" }>> = {
  "--get-dom0": { part: "dom0", action: "get" },
  "--set-dom0": { part: "dom0", action: "set" },
  "--delete-dom0": { part: "dom0", action: "delete" },
  "--get-xen": { part: "xen", action: "get" },
  "--set-xen": { part: "xen", action: "set" },
  "--delete-xen": { part: "xen", action: "delete" },
};

/** Runs `xen-cmdline <option> ARGS...` on the boot config of the `profile` host in `dir`. */
export function runXenCmdline(dir: string, profile: Profile, argv: readonly string[]): ToolResult {
  const [option = "", ...rest] = argv;
  const spec = OPTIONS[option];
  if (spec === undefined) return succeed();
  if (spec.action === "get") return succeed(`${getArgs(dir, profile, spec.part, rest)}\n`);
  if (spec.action === "set") setArgs(dir, profile, spec.part, rest);
  else deleteArgs(dir, profile, spec.part, rest);
  return succeed();
}
