/**
 * Several commands in one SSH round trip: a POSIX sh script runs each argv in
 * turn (every word quoted) and frames its stdout, stderr and exit status with a
 * per-call marker, so one exec answers what would take several. Reads that do
 * not depend on each other go side by side instead ({@link runReads}): each
 * `xe` call in an exec of its own, the dom0 reads together in one more.
 */
import { randomUUID } from "node:crypto";
import { CommandError } from "../../errors";
import type { CommandResult } from "../../remote/ssh";
import { buildCommand, buildScript } from "../../remote/shell";
import type { HostShell } from "./host-shell";

/**
 * The script that runs `commands` in order, never stopping at a failure. The
 * marker arrives as `$1`, so the script text stays fixed for fixed commands.
 *
 * @param commands - argvs; each word is quoted
 */
export function batchScript(commands: readonly (readonly string[])[]): string {
  const lines = ['m="$1"'];
  commands.forEach((argv, i) => {
    lines.push(`printf '\\n%s begin ${i}\\n' "$m"; printf '\\n%s begin ${i}\\n' "$m" >&2`);
    // `a && b || c` never trips `set -e`, so a failing command does not end the batch.
    lines.push(`${buildCommand(argv)} && s=0 || s=$?`);
    lines.push(`printf '\\n%s end ${i} %s\\n' "$m" "$s"; printf '\\n%s end ${i}\\n' "$m" >&2`);
  });
  return buildScript(lines);
}

function segment(text: string, marker: string, index: number): { body: string; rest: string } | undefined {
  const begin = `\n${marker} begin ${index}\n`;
  const end = `\n${marker} end ${index}`;
  const start = text.indexOf(begin);
  if (start < 0) return undefined;
  const stop = text.indexOf(end, start + begin.length);
  if (stop < 0) return undefined;
  return { body: text.slice(start + begin.length, stop), rest: text.slice(stop + end.length) };
}

/**
 * Splits the framed output of {@link batchScript} back into one result per command.
 *
 * @param stdout - the script's stdout
 * @param stderr - the script's stderr
 * @param marker - the marker passed as `$1`
 * @param count - how many commands the script ran
 * @returns the results, or `undefined` when a frame is missing (the script was cut short)
 */
export function parseBatchOutput(stdout: string, stderr: string, marker: string, count: number): CommandResult[] | undefined {
  const results: CommandResult[] = [];
  for (let i = 0; i < count; i += 1) {
    const out = segment(stdout, marker, i);
    const err = segment(stderr, marker, i);
    const status = out === undefined ? undefined : /^ (\d+)\n/.exec(out.rest);
    if (out === undefined || err === undefined || status?.[1] === undefined) return undefined;
    results.push({ stdout: out.body, stderr: err.body, exitCode: Number(status[1]) });
  }
  return results;
}

/**
 * Runs `commands` on the host in one exec, one after the other, and returns
 * each one's output and exit status; a non-zero status is returned, not thrown.
 *
 * @param shell - the host
 * @param commands - argvs to run in order
 * @param label - how error messages name the batch, e.g. `the reads of VM <uuid>`
 * @throws SshError, HostKeyError, or CommandError when the script itself fails or is cut short
 */
export async function runBatch(shell: Pick<HostShell, "connection" | "runScript">, commands: readonly (readonly string[])[], label: string): Promise<CommandResult[]> {
  const marker = `@@xspci-${randomUUID()}`;
  const result = await shell.runScript(batchScript(commands), { args: [marker], label });
  const results = parseBatchOutput(result.stdout, result.stderr, marker, commands.length);
  if (results === undefined) {
    throw new CommandError(
      "BATCH_INCOMPLETE",
      `running ${label} on ${shell.connection.host}: the remote script ended before all ${commands.length} commands had run.`,
      { command: label, exitCode: result.exitCode, stdout: result.stdout, stderr: result.stderr },
      { hint: "Check that the login shell is a POSIX sh and that the host is not overloaded, then retry." },
    );
  }
  return results;
}

/** Every exit status a command can have: a read's failure is data for its parser, which words the error. */
const ANY_EXIT_CODE: readonly number[] = Array.from({ length: 256 }, (_, code) => code);

/**
 * Whether a command waits on xapi: an `xe` call takes xapi tens to hundreds of
 * milliseconds to answer, where a read of dom0's files takes one or two.
 */
function waitsOnXapi(argv: readonly string[]): boolean {
  return argv[0] === "xe";
}

/**
 * Runs read-only `commands` side by side and returns each one's output and
 * exit status in the order given; a non-zero status is returned, not thrown.
 * Each `xe` call runs in an exec of its own, so that the calls wait on xapi
 * together rather than one after the other; the other commands (reads of
 * dom0's files) run in one more exec, in turn ({@link runBatch}). All go over
 * the session's one SSH connection, as channels of it.
 *
 * @param shell - the host
 * @param commands - argvs that change nothing, none depending on another's effect
 * @param label - how error messages name the reads, e.g. `the listing of the host`
 * @throws SshError, HostKeyError, or CommandError when an exec fails or is cut short
 */
export async function runReads(
  shell: Pick<HostShell, "connection" | "runScript" | "runCommand">,
  commands: readonly (readonly string[])[],
  label: string,
): Promise<CommandResult[]> {
  const runOne = (argv: readonly string[]): Promise<CommandResult> => shell.runCommand(argv, { allowedExitCodes: ANY_EXIT_CODE, label });
  const indexed = commands.map((argv, index) => ({ argv, index }));
  const local = indexed.filter(({ argv }) => !waitsOnXapi(argv));
  const results: CommandResult[] = [];
  const runLocal = async (): Promise<void> => {
    const argvs = local.map(({ argv }) => argv);
    const got = argvs.length <= 1 ? await Promise.all(argvs.map(runOne)) : await runBatch(shell, argvs, label);
    local.forEach(({ index }, k) => {
      const result = got[k];
      if (result !== undefined) results[index] = result;
    });
  };
  const runXapi = indexed.filter(({ argv }) => waitsOnXapi(argv)).map(async ({ argv, index }) => {
    results[index] = await runOne(argv);
  });
  await Promise.all([runLocal(), ...runXapi]);
  return results;
}
