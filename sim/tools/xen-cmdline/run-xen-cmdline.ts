/**
 * `/opt/xensource/libexec/xen-cmdline`: reads the boot config with the
 * bootloader library, runs the operations of its command line in order on
 * the menu (`--get-*` read the default entry; `--set-*`/`--delete-*` edit the
 * `xe` and `xe-serial` entries only, a set appending its word at the end),
 * and when anything was edited writes the whole file back. Exit 0, even for
 * unknown options; an uncaught Python exception prints its traceback, exit 1.
 */
import * as path from "node:path";
import { hostFiles } from "../../host/files";
import { PROFILE_FACTS } from "../../host/profiles";
import type { Profile } from "../../host/types";
import { fail, succeed, type ToolResult } from "../tool-result";
import { cpuidMasks, dropArgs, keyOfAssignment, pickArgs } from "./arg-filters";
import { joinArgs, splitArgs, type BootMenu, type MenuEntry } from "./boot-menu";
import { commit, loadExisting } from "./load-existing";
import { parseArgv, type Operation } from "./parse-argv";
import { formatTraceback, PythonError, pyRepr } from "./python-error";
import { PYTHON_FLAVOURS, type PythonFlavour } from "./python-flavour";
import { libraryFrame, scriptFrames, type ScriptOp } from "./source-lines";

/** The entries set and delete edit. */
const EDITED_LABELS = ["xe", "xe-serial"];

type Part = "kernel" | "hypervisor";

/** `b.menu[label].get…Args()`, with the library's exceptions for a missing label, a placeholder or a None string. */
function entryArgs(flavour: PythonFlavour, op: ScriptOp, menu: BootMenu, label: string | undefined, part: Part): string[] {
  const frames = scriptFrames(flavour, op);
  if (label === undefined || !menu.menu.has(label)) throw new PythonError("KeyError", label === undefined ? "None" : pyRepr(label), frames);
  const entry = menu.menu.get(label);
  const method = part === "kernel" ? "getKernelArgs" : "getHypervisorArgs";
  if (entry === undefined) throw new PythonError("AttributeError", `'dict' object has no attribute '${method}'`, frames);
  const text = part === "kernel" ? entry.kernelArgs : entry.hypervisorArgs;
  if (text === undefined) {
    // unconfirmed: Python 3 also shows a frame inside re.py here.
    const detail = flavour.generation === "py3" ? "expected string or bytes-like object" : "expected string or buffer";
    throw new PythonError("TypeError", detail, [...frames, libraryFrame(flavour, method)]);
  }
  return splitArgs(text);
}

function setEntryArgs(entry: MenuEntry | undefined, part: Part, args: readonly string[]): void {
  if (entry === undefined) return;
  if (part === "kernel") entry.kernelArgs = joinArgs(args);
  else entry.hypervisorArgs = joinArgs(args);
}

function edit(flavour: PythonFlavour, op: ScriptOp, menu: BootMenu, part: Part, change: (args: string[]) => string[]): void {
  for (const label of menu.order.filter((l) => EDITED_LABELS.includes(l))) {
    setEntryArgs(menu.menu.get(label), part, change(entryArgs(flavour, op, menu, label, part)));
  }
}

interface OperationSpec {
  /** The script statement the option runs, for tracebacks. */
  op: ScriptOp;
  part: Part;
  kind: "get" | "list" | "set" | "delete";
}

const OPERATIONS: Readonly<Record<string, OperationSpec>> = {
  "--get-dom0": { op: "--get-dom0", part: "kernel", kind: "get" },
  "--set-dom0": { op: "--set-dom0", part: "kernel", kind: "set" },
  "--delete-dom0": { op: "--delete-dom0", part: "kernel", kind: "delete" },
  "--get-xen": { op: "--get-xen", part: "hypervisor", kind: "get" },
  "--set-xen": { op: "--set-xen", part: "hypervisor", kind: "set" },
  "--delete-xen": { op: "--delete-xen", part: "hypervisor", kind: "delete" },
  "--set-cpuid-masks": { op: "--set-xen", part: "hypervisor", kind: "set" },
  "--delete-cpuid-masks": { op: "--delete-xen", part: "hypervisor", kind: "delete" },
  "--list-cpuid-masks": { op: "--list-cpuid-masks", part: "hypervisor", kind: "list" },
};

/** Runs one operation; returns what it prints, or undefined when it edits. */
function runOperation(flavour: PythonFlavour, menu: BootMenu, { option, words }: Operation): string | undefined {
  const spec = OPERATIONS[option];
  if (spec === undefined) return "";
  const g = flavour.generation;
  if (spec.kind === "list") return `${cpuidMasks(g, entryArgs(flavour, spec.op, menu, menu.default, spec.part)).join("\n")}\n`;
  if (spec.kind === "get") return `${pickArgs(g, words, entryArgs(flavour, spec.op, menu, menu.default, spec.part)).join("\n")}\n`;
  const keys = spec.kind === "set" ? words.map(keyOfAssignment) : words;
  edit(flavour, spec.op, menu, spec.part, (args) => (spec.kind === "set" ? [...dropArgs(g, keys, args), ...words] : dropArgs(g, keys, args)));
  return undefined;
}

/** Runs `xen-cmdline ARGV...` on the boot config of the `profile` host in `dir`. */
export function runXenCmdline(dir: string, profile: Profile, argv: readonly string[]): ToolResult {
  const flavour = PYTHON_FLAVOURS[profile];
  let stdout = "";
  try {
    const menu = loadExisting(path.join(hostFiles(dir).root), flavour, PROFILE_FACTS[profile].brand);
    let modified = false;
    for (const operation of parseArgv(argv)) {
      const printed = runOperation(flavour, menu, operation);
      if (printed === undefined) modified = true;
      else stdout += printed;
    }
    if (modified) commit(menu, flavour);
    return succeed(stdout);
  } catch (error) {
    // Python flushes what was printed before the exception.
    if (error instanceof PythonError) return fail(formatTraceback(error), 1, stdout);
    throw error;
  }
}
