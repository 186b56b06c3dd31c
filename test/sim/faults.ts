/**
 * Fault injection for a simulated host, with no test hooks in provider code.
 *
 * `DIR/faults.json` holds `{"ssh": [the list as set], "xe": [XeFault...]}`:
 * the simulated `xe` (host/faults.ts) reads its `xe` entries, whose
 * `failCall` is absolute, so `xe-fail` faults are translated when set. From
 * the list this module also derives:
 * - exec faults: one file pair per absolute exec number, which the session
 *   wrapper checks before running a command;
 * - tool faults: the tool's entry in `DIR/xsbin` is replaced by a shim
 *   (tool-shim.ts) for as long as the faults are set, and restored on clear.
 *
 * Numbers count from the moment the faults are set: `exec: 1` is the next exec
 * request, `occurrence: 1` the next invocation of the tool, `call: 1` the
 * next `xe` call.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { z } from "zod";
import { totalExecs } from "./counters";
import type { SimPaths } from "./paths";
import type { ToolFaultStep } from "./tool-shim";
import { renderToolShim } from "./tool-shim";

const toolName = z.string().regex(/^[A-Za-z0-9_+-][A-Za-z0-9._+-]*$/, "a tool name such as mv or xe");
const count = z.number().int().positive();
const exitCode = z.number().int().min(1).max(255);

const toolFault = z.object({
  kind: z.enum(["drop-connection", "kill-script", "fail-exec"]),
  tool: toolName,
  occurrence: count,
  when: z.enum(["before", "after"]).default("before"),
  exitCode: exitCode.default(1),
  stderr: z.string().default(""),
});

const execFault = z.object({
  kind: z.literal("fail-exec"),
  exec: count,
  exitCode: exitCode.default(1),
  stderr: z.string().default(""),
});

/** Applied by the simulated `xe`; what it leaves out takes xe's defaults (stderr "Lost connection to the server."). */
const xeFault = z.object({
  kind: z.literal("xe-fail"),
  call: count,
  exitCode: exitCode.optional(),
  stderr: z.string().optional(),
  stdout: z.string().optional(),
  when: z.enum(["before", "after"]).optional(),
});

/**
 * One fault. Tool faults act at the `occurrence`th invocation of `tool`
 * (`when` it starts, the default, or after it finished): `drop-connection`
 * cuts the SSH connection (the client sees it close without an exit status)
 * and kills the script, `kill-script` kills the remote script's process group
 * (SIGKILL), `fail-exec` makes the call exit with `exitCode` and `stderr`.
 * An exec fault fails the `exec`th exec request before its command runs.
 * An `xe-fail` fault fails the `call`th `xe` call, before it acts or `after`
 * it took effect, with `stderr`, `stdout` and `exitCode` (see host/faults.ts).
 */
export type Fault = z.input<typeof toolFault> | z.input<typeof execFault> | z.input<typeof xeFault>;

type ToolFault = z.output<typeof toolFault>;
type ExecFault = z.output<typeof execFault>;

/** A validated fault, tagged with the mechanism that applies it. */
type ClassifiedFault =
  | { readonly by: "tool-shim"; readonly fault: ToolFault }
  | { readonly by: "session-wrapper"; readonly fault: ExecFault }
  | { readonly by: "xe"; readonly fault: z.output<typeof xeFault> };

const EXAMPLE = `{"kind":"drop-connection","tool":"mv","occurrence":1} or {"kind":"fail-exec","exec":3,"exitCode":1,"stderr":"..."}`;

function classify(entry: unknown, index: number): ClassifiedFault {
  const object = typeof entry === "object" && entry !== null ? entry : {};
  if ("kind" in object && object.kind === "xe-fail") return { by: "xe", fault: check(xeFault, entry, index) };
  if ("exec" in object) return { by: "session-wrapper", fault: check(execFault, entry, index) };
  return { by: "tool-shim", fault: check(toolFault, entry, index) };
}

function check<T extends z.ZodTypeAny>(schema: T, entry: unknown, index: number): z.output<T> {
  const result = schema.safeParse(entry);
  if (result.success) return result.data as z.output<T>;
  const issue = result.error.issues[0];
  const field = issue?.path.join(".") ?? "";
  const message = issue?.message ?? "invalid";
  throw new Error(`Unable to set faults: faults[${index}]${field === "" ? "" : `.${field}`}: ${message}. Expected entries like ${EXAMPLE}.`);
}

function classifyAll(value: unknown): ClassifiedFault[] {
  if (!Array.isArray(value)) throw new Error(`Unable to set faults: expected a JSON array of entries like ${EXAMPLE}.`);
  return value.map((entry: unknown, index) => classify(entry, index));
}

/** Validates a fault list (e.g. the CLI's `--json`), naming the bad entry and field; fills in defaults. */
export function parseFaults(value: unknown): Fault[] {
  return classifyAll(value).map((entry) => entry.fault);
}

/**
 * Replaces the host's faults with `faults`; takes effect for the next exec.
 * `xeCallsSoFar` is the host's total of `xe` calls, to number `xe-fail` faults from now.
 */
export function setFaults(paths: SimPaths, faults: readonly Fault[], xeCallsSoFar: number): void {
  const classified = classifyAll(faults);
  const steps = toolSteps(classified);
  for (const tool of steps.keys()) {
    const present = fs.existsSync(path.join(paths.xsbin, tool)) || fs.existsSync(path.join(paths.shimOriginalsDir, tool));
    if (!present) throw new Error(`Unable to set a fault on ${tool}: the simulated host has no ${tool} in ${paths.xsbin}.`);
  }
  clearFaults(paths);
  fs.mkdirSync(paths.execFaultsDir, { recursive: true });
  fs.mkdirSync(paths.shimOriginalsDir, { recursive: true });
  fs.mkdirSync(paths.toolLogsDir, { recursive: true });
  const execsSoFar = totalExecs(paths);
  for (const { by, fault } of classified) {
    if (by === "session-wrapper") {
      const file = path.join(paths.execFaultsDir, String(execsSoFar + fault.exec));
      fs.writeFileSync(`${file}.stderr`, fault.stderr);
      fs.writeFileSync(`${file}.code`, `${fault.exitCode}\n`);
    }
  }
  for (const [tool, toolFaults] of steps) installShim(paths, tool, toolFaults);
  writeFaultsFile(paths, {
    ssh: classified.map((entry) => entry.fault),
    xe: classified.flatMap(({ by, fault }) => (by === "xe" ? [toXeToolFault(fault, xeCallsSoFar)] : [])),
  });
}

/** Removes every fault and puts the real tools back on the remote PATH. */
export function clearFaults(paths: SimPaths): void {
  if (fs.existsSync(paths.shimOriginalsDir)) {
    for (const entry of fs.readdirSync(paths.shimOriginalsDir)) {
      if (!entry.endsWith(".link")) restoreTool(paths, entry);
    }
  }
  fs.rmSync(paths.faultsDir, { recursive: true, force: true });
  writeFaultsFile(paths, { ssh: [], xe: [] });
}

/** The content of `DIR/faults.json`. */
export interface FaultsFile {
  /** The faults as set, defaults filled in. */
  ssh: Fault[];
  /** The `xe-fail` faults in the simulated `xe`'s format (host/faults.ts `XeFault`). */
  xe: { failCall: number; stderr?: string; stdout?: string; exitCode?: number; when?: "before" | "after" }[];
}

function writeFaultsFile(paths: SimPaths, content: FaultsFile): void {
  fs.writeFileSync(paths.faultsFile, `${JSON.stringify(content, null, 2)}\n`);
}

function toXeToolFault(fault: z.output<typeof xeFault>, xeCallsSoFar: number): FaultsFile["xe"][number] {
  const { kind: _kind, call, ...rest } = fault;
  return { failCall: xeCallsSoFar + call, ...rest };
}

function toolSteps(faults: readonly ClassifiedFault[]): Map<string, ToolFaultStep[]> {
  const byTool = new Map<string, ToolFaultStep[]>();
  for (const { by, fault } of faults) {
    if (by !== "tool-shim") continue;
    const action =
      fault.kind === "fail-exec"
        ? { kind: fault.kind, exitCode: fault.exitCode, stderr: fault.stderr }
        : { kind: fault.kind };
    const steps = byTool.get(fault.tool) ?? [];
    steps.push({ occurrence: fault.occurrence, when: fault.when, action });
    byTool.set(fault.tool, steps);
  }
  return byTool;
}

/**
 * Moves the tool out of xsbin (a relative symlink is re-pointed absolutely and
 * its text kept beside it, for an exact restore) and writes the shim in its place.
 */
function installShim(paths: SimPaths, tool: string, steps: readonly ToolFaultStep[]): void {
  const entry = path.join(paths.xsbin, tool);
  const original = path.join(paths.shimOriginalsDir, tool);
  const stat = fs.lstatSync(entry, { throwIfNoEntry: false });
  if (stat === undefined) {
    throw new Error(`Unable to set a fault on ${tool}: the simulated host has no ${tool} in ${paths.xsbin}.`);
  }
  if (stat.isSymbolicLink()) {
    const linkText = fs.readlinkSync(entry);
    fs.symlinkSync(path.resolve(paths.xsbin, linkText), original);
    fs.writeFileSync(`${original}.link`, linkText);
    fs.unlinkSync(entry);
  } else {
    fs.renameSync(entry, original);
  }
  const callLog = path.join(paths.toolLogsDir, `${tool}.log`);
  fs.writeFileSync(callLog, "");
  const shim = renderToolShim({ tool, originalPath: original, callLog, steps });
  fs.writeFileSync(entry, shim, { mode: 0o755 });
}

function restoreTool(paths: SimPaths, tool: string): void {
  const entry = path.join(paths.xsbin, tool);
  const original = path.join(paths.shimOriginalsDir, tool);
  fs.rmSync(entry, { force: true });
  if (fs.existsSync(`${original}.link`)) {
    fs.symlinkSync(fs.readFileSync(`${original}.link`, "utf8"), entry);
  } else {
    fs.renameSync(original, entry);
  }
}
