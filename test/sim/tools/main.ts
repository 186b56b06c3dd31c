/**
 * Process entry of the simulated tools: `node main.js <tool> <DIR> ARGS...`,
 * as the wrappers in `DIR/xsbin` and `DIR/root/opt/xensource` run it.
 */
import { runTool } from "./run-tool";

function main(): void {
  const [tool = "", dir = "", ...argv] = process.argv.slice(2);
  let code: number;
  try {
    const result = runTool(dir, tool, argv);
    process.stdout.write(result.stdout);
    process.stderr.write(result.stderr);
    code = result.exitCode;
  } catch (error) {
    process.stderr.write(`${tool}: simulator failure: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    code = 2;
  }
  process.exitCode = code;
}

main();
