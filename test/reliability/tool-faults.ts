/**
 * Faults at one invocation of one remote tool, for tools on the simulated
 * host's PATH (the simulator's own fault list) and for tools the provider
 * calls by absolute path, such as `/opt/xensource/libexec/xen-cmdline`, which
 * the simulator's fault list cannot reach: those get the same shim
 * (sim/tool-shim.ts) in place of the file itself, for the duration of one case.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { hostFileOnDisk, type SimHost } from "../../sim";
import { renderToolShim } from "../../sim/tool-shim";

/** Where in a run the fault strikes: the `occurrence`th invocation of `tool`, `before` it runs or `after`. */
export interface FaultPoint {
  /** A tool name on the remote PATH (`mkdir`, `xe`…) or an absolute dom0 path. */
  readonly tool: string;
  readonly occurrence: number;
  readonly when: "before" | "after";
}

/** The two ways a run is cut short: the SSH connection dropped, or the remote script SIGKILLed. */
export type CutKind = "drop-connection" | "kill-script";

/** Both cut kinds, in report order. */
export const CUT_KINDS: readonly CutKind[] = ["drop-connection", "kill-script"];

function shimAbsoluteTool(sim: SimHost, point: FaultPoint, kind: CutKind): () => void {
  const entry = hostFileOnDisk(sim.info.dir, point.tool);
  const shims = path.join(sim.info.dir, "reliability-shims");
  fs.mkdirSync(shims, { recursive: true });
  const original = path.join(shims, path.basename(point.tool));
  const callLog = path.join(shims, `${path.basename(point.tool)}.calls`);
  fs.renameSync(entry, original);
  fs.writeFileSync(callLog, "");
  const steps = [{ occurrence: point.occurrence, when: point.when, action: { kind } }];
  fs.writeFileSync(entry, renderToolShim({ tool: point.tool, originalPath: original, callLog, steps }), { mode: 0o755 });
  return () => {
    fs.rmSync(entry, { force: true });
    fs.renameSync(original, entry);
  };
}

/**
 * Arms a `kind` cut at `point` on `sim`; invocations count from now.
 *
 * @returns the function that disarms it (restores the real tool)
 */
export function armCut(sim: SimHost, point: FaultPoint, kind: CutKind): () => void {
  if (point.tool.startsWith("/")) return shimAbsoluteTool(sim, point, kind);
  sim.setFaults([{ kind, tool: point.tool, occurrence: point.occurrence, when: point.when }]);
  return () => {
    sim.clearFaults();
  };
}
