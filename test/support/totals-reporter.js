// Jest reporter: prints the reliability table (rows recorded by
// test/reliability/report.ts) and ends the run with one plain line,
// "N passed, N failed", which CI reads as the run's totals.
const fs = require("node:fs");

function reliabilityTable(file) {
  if (!file || !fs.existsSync(file)) return "";
  const rows = fs
    .readFileSync(file, "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l));
  if (rows.length === 0) return "";
  const header = ["area", "tried", "cases", "held", "result"];
  const body = rows.map((r) => [r.area, r.tried, String(r.cases), String(r.held), r.held === r.cases ? "HELD" : "BROKEN"]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells) => cells.map((c, i) => c.padEnd(widths[i])).join(" | ");
  const total = rows.reduce((n, r) => n + r.cases, 0);
  const held = rows.reduce((n, r) => n + r.held, 0);
  return ["", "Reliability suite", line(header), widths.map((w) => "-".repeat(w)).join("-|-"), ...body.map(line), `${held} of ${total} cases held`, ""].join("\n");
}

class TotalsReporter {
  onRunComplete(_contexts, results) {
    process.stdout.write(reliabilityTable(process.env.XSPCI_RELIABILITY_LOG));
    const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
    process.stdout.write(`\n${results.numPassedTests} passed, ${failed} failed\n`);
  }
}
module.exports = TotalsReporter;
