/**
 * Jest global setup: compile the package and the simulated host to `dist/`
 * (incrementally) before any suite runs, because the simulated host's tools are
 * executed as separate Node processes over SSH and need JavaScript, not TypeScript.
 */
import { execFileSync } from "node:child_process";
import * as path from "node:path";

export default function globalSetup(): void {
  const root = path.resolve(__dirname, "..", "..");
  execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", "tsconfig.build.json"], {
    cwd: root,
    stdio: "inherit",
  });
}
