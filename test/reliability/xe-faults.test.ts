/**
 * Reliability: xapi down at each xe call of PciAssignment create, update
 * (with a cold boot) and delete, and of HiddenPciDevice create and delete by
 * dom0-access. The calls are counted on an unfailed run first; then call 1..N
 * fails in turn with xe's own "Connection refused" text. Each failure must
 * name the operation and the step that failed and say what to do, leave the
 * starting or the intended state and nothing else changed (other-config keys
 * compared whole), and a rerun with xapi back must converge.
 *
 * The scenarios run side by side, each on its own host (xe calls are numbered per host).
 */
import { CommandError } from "../../provider";
import { nextRun } from "../support/next-run";
import type { ReliabilityRow } from "./report";
import { CaseTally, rejectionOf, startReliabilitySim, type ReliabilitySim } from "./support";
import { XAPI_DOWN_STDERR, XE_SCENARIOS, type XeBench, type XeScenario } from "./xe-scenarios";

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** The operation's prefix, then "<step, in plain words> on <host>: xe cannot reach xapi (<xe's words>)." and the hint. */
function expectXapiDownError(error: unknown, scenario: XeScenario, hint: string): void {
  expect(error).toBeInstanceOf(CommandError);
  expect(error).toMatchObject({ code: "XAPI_UNREACHABLE", hint, stderr: XAPI_DOWN_STDERR });
  const said = escapeRegExp(`xe cannot reach xapi (${XAPI_DOWN_STDERR.trim()}).`);
  const shape = new RegExp(`^${escapeRegExp(scenario.messagePrefix)}(?!Unable to)[a-z]+ing .* on 127\\.0\\.0\\.1: ${said}\\n${escapeRegExp(hint)}$`);
  expect((error as Error).message).toMatch(shape);
}

/** Runs the operation as a new engine run would: a new process, nothing read yet. */
function runAnew(scenario: XeScenario, bench: XeBench): Promise<unknown> {
  nextRun();
  return scenario.run(bench);
}

/** Counts the scenario's xe calls on an unfailed run, then fails each in turn. */
async function failEachCall(scenario: XeScenario, bench: XeBench): Promise<{ tally: CaseTally; calls: number }> {
  await scenario.prepare(bench);
  scenario.reset(bench);
  bench.sim.resetCounters();
  scenario.expectConverged(bench, await runAnew(scenario, bench));
  const calls = bench.sim.state().counters.xeCalls;
  const tally = new CaseTally();
  for (let call = 1; call <= calls; call += 1) {
    await tally.run(`${scenario.name}, xe call ${call} of ${calls}`, async () => {
      scenario.reset(bench);
      bench.sim.setFaults([{ kind: "xe-fail", call, exitCode: 1, stderr: XAPI_DOWN_STDERR }]);
      let error: unknown;
      try {
        error = await rejectionOf(runAnew(scenario, bench));
      } finally {
        bench.sim.clearFaults();
      }
      expectXapiDownError(error, scenario, scenario.hintAfterFailure(bench));
      scenario.expectOldOrNew(bench);
      scenario.expectConverged(bench, await runAnew(scenario, bench));
    });
  }
  return { tally, calls };
}

describe("Provider operations with xapi down at each of their xe calls", () => {
  let sims: ReliabilitySim[] = [];
  let log: jest.SpyInstance;

  beforeAll(async () => {
    sims = await Promise.all(XE_SCENARIOS.map((scenario, i) => startReliabilitySim(`xe-${String(i)}`, scenario.profile)));
    // Progress notes ("adopting it", "keeps the devices until…") are the engine's info lines, not test output.
    log = jest.spyOn(console, "log").mockImplementation(() => undefined);
  }, 120_000);

  afterAll(async () => {
    log.mockRestore();
    // stop() closes every pooled connection, so the hosts stop only once all scenarios are done.
    for (const rel of sims) await rel.stop();
  });

  test("each failure names what failed and what to do, changes nothing else, and a rerun converges", async () => {
    const outcomes = await Promise.all(
      XE_SCENARIOS.map((scenario, i) => {
        const rel = sims[i] as ReliabilitySim;
        return failEachCall(scenario, { sim: rel.sim, connection: rel.connection });
      }),
    );
    const rows: ReliabilityRow[] = XE_SCENARIOS.map((scenario, i) => {
      const { tally, calls } = outcomes[i] ?? { tally: new CaseTally(), calls: 0 };
      return tally.record("xe faults", `${scenario.name} on ${scenario.profile}: xapi down at each of its ${calls} xe calls`);
    });
    expect(outcomes.flatMap((outcome) => outcome.tally.failures)).toEqual([]);
    for (const row of rows) {
      expect(row.cases).toBeGreaterThan(0);
      expect(row.held).toBe(row.cases);
    }
  }, 600_000);
});
