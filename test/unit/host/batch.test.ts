/**
 * The batch script runs under a local POSIX sh here: its framing must give back
 * each command's stdout, stderr and exit status exactly.
 */
import { spawnSync } from "node:child_process";
import { batchScript, parseBatchOutput } from "../../../provider/host/batch";
import { scriptArgv } from "../../../provider/remote/shell";

const MARKER = "@@xspci-test";

function runLocally(commands: string[][]): { stdout: string; stderr: string } {
  const [sh = "sh", ...args] = scriptArgv(batchScript(commands), [MARKER]);
  const result = spawnSync(sh, args, { encoding: "utf8" });
  expect(result.status).toBe(0);
  return { stdout: result.stdout, stderr: result.stderr };
}

describe("batch script", () => {
  test("gives back each command's output and exit status, and keeps going after a failure", () => {
    const commands = [
      ["printf", "%s\\n", "first line", "second line"],
      ["sh", "-c", "printf 'no newline'; printf 'oops\\n' >&2; exit 3"],
      ["printf", "%s", "it's quoted; $HOME stays literal"],
    ];
    const { stdout, stderr } = runLocally(commands);
    expect(parseBatchOutput(stdout, stderr, MARKER, commands.length)).toEqual([
      { stdout: "first line\nsecond line\n", stderr: "", exitCode: 0 },
      { stdout: "no newline", stderr: "oops\n", exitCode: 3 },
      { stdout: "it's quoted; $HOME stays literal", stderr: "", exitCode: 0 },
    ]);
  });

  test("a missing frame (a script cut short) gives undefined", () => {
    const { stdout, stderr } = runLocally([["true"]]);
    expect(parseBatchOutput(stdout, stderr, MARKER, 2)).toBeUndefined();
    expect(parseBatchOutput(stdout.slice(0, -3), stderr, MARKER, 1)).toBeUndefined();
  });
});
