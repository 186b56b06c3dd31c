/**
 * The batch script runs under a local POSIX sh here: its framing must give back
 * each command's stdout, stderr and exit status exactly; side-by-side reads
 * group their commands into execs and give the results back in order.
 */
import { spawnSync } from "node:child_process";
import { batchScript, parseBatchOutput, runReads } from "../../../../provider/host/exec/batch";
import type { Connection } from "../../../../provider/model/connection";
import type { CommandResult } from "../../../../provider/remote/ssh";
import { scriptArgv } from "../../../../provider/remote/shell";

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

/**
 * A host shell that runs every command and script here, under the local sh,
 * and records what each exec was: the reads' grouping is the point.
 */
function localShell(execs: string[]): Parameters<typeof runReads>[0] {
  const run = (argv: readonly string[]): CommandResult => {
    const [command = "sh", ...args] = argv;
    const result = spawnSync(command, args, { encoding: "utf8" });
    return { stdout: result.stdout, stderr: result.stderr, exitCode: result.status ?? -1 };
  };
  return {
    connection: { host: "h" } as Connection,
    runCommand: (argv) => {
      execs.push(`command ${argv.join(" ")}`);
      return Promise.resolve(run(argv));
    },
    runScript: (script, options) => {
      execs.push("batch");
      return Promise.resolve(run(scriptArgv(script, options?.args ?? [])));
    },
  };
}

describe("runReads", () => {
  // No xapi here: the shell answers the xe calls itself, and printf and sh play dom0's reads.
  test("runs each xe call in an exec of its own and the other reads together in one, and gives the results in the order asked", async () => {
    const execs: string[] = [];
    const shell = localShell(execs);
    const xeCalls: string[][] = [];
    const xeShell: Parameters<typeof runReads>[0] = {
      ...shell,
      runCommand: (argv, options) => {
        if (argv[0] === "xe") {
          xeCalls.push([...argv]);
          execs.push(`command ${argv.join(" ")}`);
          return Promise.resolve({ stdout: `${argv[1] ?? ""}\n`, stderr: "", exitCode: argv[1] === "host-list" ? 1 : 0 });
        }
        return shell.runCommand(argv, options);
      },
    };
    const results = await runReads(xeShell, [["xe", "vm-list"], ["printf", "a"], ["xe", "host-list"], ["sh", "-c", "printf b; exit 4"]], "the reads");
    expect(results).toEqual([
      { stdout: "vm-list\n", stderr: "", exitCode: 0 },
      { stdout: "a", stderr: "", exitCode: 0 },
      { stdout: "host-list\n", stderr: "", exitCode: 1 },
      { stdout: "b", stderr: "", exitCode: 4 },
    ]);
    expect([...execs].sort()).toEqual(["batch", "command xe host-list", "command xe vm-list"]);
    expect(xeCalls).toEqual([["xe", "vm-list"], ["xe", "host-list"]]);
  });

  test("a single dom0 read runs as a plain command, its failure returned", async () => {
    const execs: string[] = [];
    const results = await runReads(localShell(execs), [["sh", "-c", "printf gone >&2; exit 2"]], "the reads");
    expect(results).toEqual([{ stdout: "", stderr: "gone", exitCode: 2 }]);
    expect(execs).toEqual(["command sh -c printf gone >&2; exit 2"]);
  });
});
