import type { CommandFigures } from "../../../scripts/bench/figures";
import {
  evaluateTargets,
  markdownTable,
  summaryJson,
  TABLE_HEADER,
  tableRows,
  targetLines,
  upVsBaseline,
  type BenchResults,
} from "../../../scripts/bench/report";

function figures(wallMs: number, ssh: [number, number], execs: number, xe: [number, number]): CommandFigures {
  return {
    wallMs,
    total: { sshConnections: ssh[0], execs, xeCalls: xe[0] },
    maxPerHost: { sshConnections: ssh[1], execs, xeCalls: xe[1] },
  };
}

const RESULTS: BenchResults = {
  workload: "W2",
  resources: 224,
  hosts: 8,
  parallel: 8,
  up: figures(30000, [8, 1], 500, [120, 15]),
  previewNoChange: figures(9000, [0, 0], 0, [0, 0]),
  refresh: figures(8000, [8, 1], 40, [16, 2]),
  destroy: figures(20000, [16, 2], 300, [80, 10]),
  baseline: figures(90000, [1792, 224], 1792, [960, 120]),
  baselineSequential: figures(800000, [1792, 224], 1792, [960, 120]),
  providerPeakRssMb: 180.25,
};

describe("tableRows", () => {
  it("gives one row per measured command and the two baseline rows, totals beside per-host maxima", () => {
    expect(tableRows(RESULTS)).toEqual([
      ["pulumi up (P=8)", "30000", "8 / 1", "500", "120 / 15"],
      ["pulumi preview, no change", "9000", "0 / 0", "0", "0 / 0"],
      ["pulumi refresh", "8000", "8 / 1", "40", "16 / 2"],
      ["pulumi destroy", "20000", "16 / 2", "300", "80 / 10"],
      ["baseline up, per-command (P=1)", "800000", "1792 / 224", "1792", "960 / 120"],
      ["baseline up, per-command (P=8)", "90000", "1792 / 224", "1792", "960 / 120"],
    ]);
  });
});

describe("markdownTable", () => {
  it("pads every column to its widest cell", () => {
    expect(markdownTable(["a", "bb"], [["xyz", "1"]])).toBe("| a   | bb |\n| --- | -- |\n| xyz | 1  |");
    expect(TABLE_HEADER).toEqual(["command", "wall ms", "SSH connections (total / max per host)", "execs", "xe calls (total / max per host)"]);
  });
});

describe("evaluateTargets", () => {
  it("reports each performance target with the measured figure, met or missed", () => {
    expect(targetLines(evaluateTargets(RESULTS))).toEqual([
      "- preview with no change: 0 SSH connections: 0 — met",
      "- up: at most 1 SSH connection per host: 1 at the busiest host — met",
      "- destroy: at most 1 SSH connection per host: 2 at the busiest host — missed",
      "- refresh: at most ⌈N/P⌉ + 1 = 5 listings per host (N = 28 resources per host, 2 xe calls a listing): 1 at the busiest host — met",
      "- up wall time at most 0.5 × the baseline's at P=8: 0.33 × (30000 ms vs 90000 ms) — met",
      "- provider peak memory under 200 MB (set for W2): 180.3 MB — met",
    ]);
  });

  it("counts an unmeasured peak memory as missed", () => {
    const targets = evaluateTargets({ ...RESULTS, providerPeakRssMb: undefined });
    expect(targets[5]).toEqual({ target: "provider peak memory under 200 MB (set for W2)", measured: "not measured", met: false });
  });
});

describe("summaryJson", () => {
  it("prints one JSON object with totals over the hosts and the ratio to 2 decimals", () => {
    expect(upVsBaseline(RESULTS)).toBe(0.33);
    expect(JSON.parse(summaryJson(RESULTS))).toEqual({
      workload: "W2",
      resources: 224,
      hosts: 8,
      parallel: 8,
      up: { wallMs: 30000, sshConnections: 8, execs: 500, xeCalls: 120 },
      previewNoChange: { wallMs: 9000, sshConnections: 0, execs: 0, xeCalls: 0 },
      refresh: { wallMs: 8000, sshConnections: 8, execs: 40, xeCalls: 16 },
      destroy: { wallMs: 20000, sshConnections: 16, execs: 300, xeCalls: 80 },
      baseline: { wallMs: 90000, sshConnections: 1792, xeCalls: 960 },
      baselineSequential: { wallMs: 800000, sshConnections: 1792, xeCalls: 960 },
      upVsBaseline: 0.33,
      providerPeakRssMb: 180.25,
    });
    expect(summaryJson(RESULTS)).not.toContain("\n");
  });
});
