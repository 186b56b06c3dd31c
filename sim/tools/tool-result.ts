/** What one run of a simulated tool produced. */

/** Output and exit code of a simulated tool run. */
export interface ToolResult {
  stdout: string;
  stderr: string;
  exitCode: number;
  /**
   * Set when the call must cut its SSH connection (an `xe-drop-connection`
   * fault): whoever runs the tool for a session kills the session's sshd
   * process and the script, so the client sees no output and no exit status.
   */
  dropConnection?: true;
}

/** A successful run printing `stdout`. */
export function succeed(stdout = ""): ToolResult {
  return { stdout, stderr: "", exitCode: 0 };
}

/** A failed run printing `stderr`. */
export function fail(stderr: string, exitCode = 1, stdout = ""): ToolResult {
  return { stdout, stderr, exitCode };
}

/** A run whose SSH connection is cut: no output reaches the client; 255 is what the killed script's shell would report. */
export function dropped(): ToolResult {
  return { stdout: "", stderr: "", exitCode: 255, dropConnection: true };
}
