/** What one run of a simulated tool produced. */

/** Output and exit code of a simulated tool run. */
export interface ToolResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/** A successful run printing `stdout`. */
export function succeed(stdout = ""): ToolResult {
  return { stdout, stderr: "", exitCode: 0 };
}

/** A failed run printing `stderr`. */
export function fail(stderr: string, exitCode = 1, stdout = ""): ToolResult {
  return { stdout, stderr, exitCode };
}
