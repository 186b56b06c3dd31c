/**
 * Fault injection for a simulated host, with no test hooks in provider code.
 *
 * `DIR/faults.json` holds `{"ssh": [the list as set], "xe": [XeFault...]}`:
 * the simulated `xe` (host/faults.ts) reads its `xe` entries, whose call
 * numbers (`failCall`, `commandCall`) are absolute, so the `xe-fail`,
 * `xe-drop-connection` and `xapi-unreachable` faults are translated when set.
 * From the list this module also derives:
 * - exec faults: one file pair per absolute exec number, which the session
 *   wrapper checks before running a command;
 * - tool faults: the tool's entry in `DIR/xsbin` is replaced by a shim
 *   (tool-shim.ts) for as long as the faults are set, and restored on clear.
 *
 * Numbers count from the moment the faults are set: `exec: 1` is the next exec
 * request, `occurrence: 1` the next invocation of the tool (or, with
 * `command`, the next `xe` call of that command), `call: 1` the next `xe`
 * call. Setting or clearing faults also ends an unreachable xapi a fired
 * `xapi-unreachable` fault left.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { z } from "zod";
import { totalExecs } from "./counters";
import { clearXeFaultState, type XeFault } from "./host";
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

/** An xe command name as the xe command line spells it (`host-evacuate`). */
const xeCommand = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "an xe command name such as host-evacuate");
const when = z.enum(["before", "after"]);

/**
 * Applied by the simulated `xe`; what it leaves out takes xe's defaults
 * (stderr "Lost connection to the server."). It fails the `call`th `xe`
 * call, or the `occurrence`th call of `command` (default the first): one of
 * the two.
 */
const xeFault = z
  .object({
    kind: z.literal("xe-fail"),
    call: count.optional(),
    command: xeCommand.optional(),
    occurrence: count.optional(),
    exitCode: exitCode.optional(),
    stderr: z.string().optional(),
    stdout: z.string().optional(),
    when: when.optional(),
  })
  .superRefine((fault, ctx) => {
    if ((fault.call === undefined) === (fault.command === undefined)) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["call"], message: "give either call or command, not both" });
    }
    if (fault.call !== undefined && fault.occurrence !== undefined) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["occurrence"], message: "occurrence goes with command, not call" });
    }
  });

/** Cuts the SSH connection of the session running the `occurrence`th `xe <command>` call, before it acts or after it took effect. */
const xeDropFault = z.object({
  kind: z.literal("xe-drop-connection"),
  command: xeCommand,
  occurrence: count.default(1),
  when: when.default("before"),
});

/**
 * From the `occurrence`th `xe <command>` call on, every `xe` on the host
 * prints `Error: Connection refused (calling connect )` and exits 1, as when
 * xapi does not listen: that call already (`before`) or only after it took
 * effect and answered (`after`); for `forMs` ms, or until the faults are
 * cleared or set again.
 */
const xapiUnreachableFault = z.object({
  kind: z.literal("xapi-unreachable"),
  command: xeCommand,
  occurrence: count.default(1),
  when: when.default("before"),
  forMs: z.number().int().positive().optional(),
});

/**
 * One fault. Tool faults act at the `occurrence`th invocation of `tool`
 * (`when` it starts, the default, or after it finished): `drop-connection`
 * cuts the SSH connection (the client sees it close without an exit status)
 * and kills the script, `kill-script` kills the remote script's process group
 * (SIGKILL), `fail-exec` makes the call exit with `exitCode` and `stderr`.
 * An exec fault fails the `exec`th exec request before its command runs.
 * An `xe-fail` fault fails the `call`th `xe` call, or the `occurrence`th
 * `xe <command>` call (`{"kind":"xe-fail","command":"host-evacuate"}`),
 * before it acts or `after` it took effect, with `stderr`, `stdout` and
 * `exitCode` (see host/faults.ts). An `xe-drop-connection` fault cuts the SSH
 * connection when the `occurrence`th `xe <command>` runs, `before` it acts
 * (nothing changed) or `after` it took effect
 * (`{"kind":"xe-drop-connection","command":"host-reboot","when":"after"}`).
 * An `xapi-unreachable` fault makes every `xe` of the host fail as xe does
 * when xapi does not listen, from the `occurrence`th `xe <command>` on
 * (`{"kind":"xapi-unreachable","command":"host-disable","when":"after","forMs":5000}`).
 */
export type Fault =
  | z.input<typeof toolFault>
  | z.input<typeof execFault>
  | z.input<typeof xeFault>
  | z.input<typeof xeDropFault>
  | z.input<typeof xapiUnreachableFault>;

type ToolFault = z.output<typeof toolFault>;
type ExecFault = z.output<typeof execFault>;

/** The faults the simulated `xe` applies, validated. */
type XeSideFault = z.output<typeof xeFault> | z.output<typeof xeDropFault> | z.output<typeof xapiUnreachableFault>;

/** A validated fault, tagged with the mechanism that applies it. */
type ClassifiedFault =
  | { readonly by: "tool-shim"; readonly fault: ToolFault }
  | { readonly by: "session-wrapper"; readonly fault: ExecFault }
  | { readonly by: "xe"; readonly fault: XeSideFault };

const EXAMPLE = `{"kind":"drop-connection","tool":"mv","occurrence":1}, {"kind":"fail-exec","exec":3,"exitCode":1,"stderr":"..."} or {"kind":"xe-fail","command":"host-evacuate"}`;

function classify(entry: unknown, index: number): ClassifiedFault {
  const object = typeof entry === "object" && entry !== null ? entry : {};
  const kind = "kind" in object ? object.kind : undefined;
  if (kind === "xe-fail") return { by: "xe", fault: check(xeFault, entry, index) };
  if (kind === "xe-drop-connection") return { by: "xe", fault: check(xeDropFault, entry, index) };
  if (kind === "xapi-unreachable") return { by: "xe", fault: check(xapiUnreachableFault, entry, index) };
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

/** How many `xe` calls the host has served so far, in all and by command: `xe` faults are numbered from there. */
export interface XeCallCounts {
  xeCalls: number;
  xeCommandCalls: Readonly<Record<string, number>>;
}

/**
 * Replaces the host's faults with `faults`; takes effect for the next exec.
 * `counts` are the host's totals of `xe` calls, to number `xe` faults from now.
 */
export function setFaults(paths: SimPaths, faults: readonly Fault[], counts: XeCallCounts): void {
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
    xe: classified.flatMap(({ by, fault }) => (by === "xe" ? [toXeToolFault(fault, counts)] : [])),
  });
}

/** Removes every fault, puts the real tools back on the remote PATH and makes xapi reachable again. */
export function clearFaults(paths: SimPaths): void {
  if (fs.existsSync(paths.shimOriginalsDir)) {
    for (const entry of fs.readdirSync(paths.shimOriginalsDir)) {
      if (!entry.endsWith(".link")) restoreTool(paths, entry);
    }
  }
  fs.rmSync(paths.faultsDir, { recursive: true, force: true });
  writeFaultsFile(paths, { ssh: [], xe: [] });
  clearXeFaultState(paths.dir);
}

/** The content of `DIR/faults.json`. */
export interface FaultsFile {
  /** The faults as set, defaults filled in. */
  ssh: Fault[];
  /** The `xe` side's faults in the simulated `xe`'s format (host/faults.ts `XeFault`). */
  xe: XeFault[];
}

function writeFaultsFile(paths: SimPaths, content: FaultsFile): void {
  fs.writeFileSync(paths.faultsFile, `${JSON.stringify(content, null, 2)}\n`);
}

/** A fault in the simulated `xe`'s format: its call numbers made absolute. */
function toXeToolFault(fault: XeSideFault, counts: XeCallCounts): XeFault {
  const commandCall = (command: string, occurrence: number): number => (counts.xeCommandCalls[command] ?? 0) + occurrence;
  switch (fault.kind) {
    case "xe-fail": {
      const { kind: _kind, call, command, occurrence, ...rest } = fault;
      if (command !== undefined) return { command, commandCall: commandCall(command, occurrence ?? 1), ...rest };
      return { failCall: counts.xeCalls + (call ?? 1), ...rest };
    }
    case "xe-drop-connection":
      return { action: "drop-connection", command: fault.command, commandCall: commandCall(fault.command, fault.occurrence), when: fault.when };
    case "xapi-unreachable":
      return {
        action: "xapi-unreachable",
        command: fault.command,
        commandCall: commandCall(fault.command, fault.occurrence),
        when: fault.when,
        ...(fault.forMs === undefined ? {} : { forMs: fault.forMs }),
      };
  }
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
