/**
 * Process entry of the simulated tools: `node main.js <tool> <DIR> ARGS...`,
 * as the wrappers in `DIR/xsbin` and `DIR/root/opt/xensource` run it.
 */
import { SESSION_ENV } from "../session-script";
import { runTool } from "./run-tool";
import type { ToolResult } from "./tool-result";

/** Cuts the SSH connection this tool runs for, as the thin xe client does: the session's sshd process, then the script's process group. */
function dropSession(): void {
  const sshd = Number.parseInt(process.env[SESSION_ENV.sshdPid] ?? "", 10);
  const group = Number.parseInt(process.env[SESSION_ENV.processGroup] ?? "", 10);
  try {
    if (sshd > 0) process.kill(sshd, "SIGKILL");
    if (group > 0) process.kill(-group, "SIGKILL");
  } catch {
    // Already gone: the connection is cut either way.
  }
}

function report(result: ToolResult): number {
  if (result.dropConnection === true) {
    dropSession();
    return result.exitCode;
  }
  process.stdout.write(result.stdout);
  process.stderr.write(result.stderr);
  return result.exitCode;
}

function main(): void {
  const [tool = "", dir = "", ...argv] = process.argv.slice(2);
  let code: number;
  try {
    code = report(runTool(dir, tool, argv));
  } catch (error) {
    process.stderr.write(`${tool}: simulator failure: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    code = 2;
  }
  process.exitCode = code;
}

main();
