/**
 * Jest global setup: compile the package and the simulated host to `dist/`
 * (incrementally) before any suite runs, because the simulated host's tools are
 * executed as separate Node processes over SSH and need JavaScript, not
 * TypeScript. Also names the file where the reliability suite records its
 * table (read by the totals reporter at the end of the run).
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

export default function globalSetup(): void {
  const root = path.resolve(__dirname, "..", "..");
  execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", "tsconfig.build.json"], {
    cwd: root,
    stdio: "inherit",
  });
  const log = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "xspci-reliability-")), "rows.jsonl");
  fs.writeFileSync(log, "");
  // Workers start after the global setup and inherit this environment.
  process.env.XSPCI_RELIABILITY_LOG = log;
}
