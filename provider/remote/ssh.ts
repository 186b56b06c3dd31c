/**
 * Runs commands on a host's dom0 over SSH: the public surface of the remote
 * layer. Connecting is `ssh-connect.ts`'s job, exec with a deadline
 * `ssh-exec.ts`'s, the connection pool `ssh-pool.ts`'s; this module runs a
 * command through them and turns what happened into a result or a typed error.
 */
import { joinCause, SshError } from "../errors";
import type { Connection } from "../model/connection";
import {
  commandFailedError,
  commandTimeoutError,
  connectionLostError,
  redact,
  shortCommand,
  type CommandOutcome,
} from "./remote-errors";
import { argvForUser, buildCommand, scriptArgv } from "./shell";
import { ChannelOpenError, execWithDeadline, type RawResult } from "./ssh-exec";
import type { Lease } from "./pool";
import { SshPool, type SshSession } from "./ssh-pool";

export { sessionKey, SshPool } from "./ssh-pool";

/** What a command printed (decoded as UTF-8) and how it exited. */
export interface CommandResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/** Options of `runCommand`. */
export interface RunOptions {
  /** Bytes for the command's stdin (a string is sent as UTF-8); stdin is closed after them. */
  stdin?: string | Uint8Array;
  /** Exit codes that count as success; default `[0]`. */
  allowedExitCodes?: readonly number[];
  /** How error messages name the command; default the command line, shortened. */
  label?: string;
}

/** Options of `runScript`. */
export interface ScriptOptions extends RunOptions {
  /** The script's positional parameters `$1`, `$2`…, each quoted. */
  args?: readonly string[];
}

/**
 * One host connection's commands over SSH, through its own pool of SSH
 * connections (one, unless more than 8 commands run at once): the host
 * session (`host/host-session.ts`) owns one, so that nothing of a run lives in
 * a module of its own.
 */
export class SshHost {
  /**
   * @param connection - a validated connection
   * @param pool - the pooled SSH connections to use (tests share one)
   */
  constructor(
    readonly connection: Connection,
    private readonly pool: SshPool = new SshPool(),
  ) {}

  /**
   * Runs `argv` on the host (every word quoted; `sudo -n` first when
   * `connection.sudo` is set for a non-root user) and resolves with its output.
   * Rejects with CommandError (`COMMAND_FAILED`, `COMMAND_TIMEOUT`,
   * `CONNECTION_LOST`), SshError or HostKeyError.
   *
   * @param argv - the command and its arguments, unquoted
   * @param opts - stdin, allowed exit codes, label
   */
  runCommand(argv: readonly string[], opts: RunOptions = {}): Promise<CommandResult> {
    const command = buildCommand(argvForUser(argv, this.connection));
    return runOnHost(this.pool, this.connection, command, opts, opts.label ?? shortCommand(command));
  }

  /**
   * Runs a POSIX sh script (fixed text from this package) as `sh -c SCRIPT sh
   * ARG…`, with `opts.args` as its positional parameters and `opts.stdin` (for
   * example a new file's bytes) on its stdin. Same results and errors as
   * {@link SshHost.runCommand}.
   *
   * @param script - the script text
   * @param opts - positional parameters, stdin, allowed exit codes, label
   */
  runScript(script: string, opts: ScriptOptions = {}): Promise<CommandResult> {
    const command = buildCommand(argvForUser(scriptArgv(script, opts.args), this.connection));
    return runOnHost(this.pool, this.connection, command, opts, opts.label ?? scriptLabel(script));
  }

  /** Closes the pooled SSH connections (a new run, tests, process exit). */
  close(): Promise<void> {
    return this.pool.closeAll();
  }
}

function scriptLabel(script: string): string {
  const firstLine = script.split("\n").find((line) => line.trim() !== "" && line.trim() !== "set -e") ?? "";
  return `a script (${shortCommand(firstLine.trim())})`;
}

/**
 * The waits before each new try of a channel that a live connection refused:
 * sshd frees a closed session at the end of its loop iteration, so the first
 * short wait is usually enough; the rest cover a host under load.
 */
const CHANNEL_RETRY_DELAYS_MS = [10, 25, 50, 100, 200, 400] as const;

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs the command on the leased connection and releases it; a refused channel is returned, not thrown. */
async function execOnLease(lease: Lease<SshSession>, command: string, stdin: Buffer | undefined, timeoutMs: number): Promise<RawResult | ChannelOpenError> {
  try {
    return await execWithDeadline(lease.resource, command, stdin, timeoutMs);
  } catch (error) {
    if (error instanceof ChannelOpenError) return error;
    throw error;
  } finally {
    lease.release();
  }
}

async function runOnHost(pool: SshPool, conn: Connection, command: string, opts: RunOptions, label: string): Promise<CommandResult> {
  const stdin = opts.stdin === undefined ? undefined : Buffer.from(opts.stdin);
  const secrets = [conn.password, conn.privateKeyPassphrase, conn.privateKey];
  let reconnected = false;
  for (let attempt = 1; ; attempt += 1) {
    const lease = await pool.lease(conn);
    const raw = await execOnLease(lease, command, stdin, conn.timeoutMs);
    if (raw instanceof ChannelOpenError) {
      if (lease.resource.closed) {
        // A pooled connection that died while idle: reconnect once.
        lease.resource.retire();
        if (!reconnected) {
          reconnected = true;
          continue;
        }
      } else if (attempt <= CHANNEL_RETRY_DELAYS_MS.length) {
        // Refused on a live connection: sshd still counts the sessions of channels that have just
        // closed until its main loop collects them (several closes and a new open can arrive in one
        // read under load), so a moment later it accepts. Retrying here keeps one connection per host.
        await delay(CHANNEL_RETRY_DELAYS_MS[attempt - 1] ?? 0);
        continue;
      }
      throw new SshError("SSH_CHANNEL_FAILED", joinCause(`running ${label} on ${conn.host}: the SSH connection refused a new session`, raw.message), {
        hint: "Check the host's sshd (MaxSessions, load) and retry.",
        cause: raw,
      });
    }
    const stdout = raw.stdout.toString("utf8");
    const stderr = raw.stderr.toString("utf8");
    const allowed = opts.allowedExitCodes ?? [0];
    if (!raw.timedOut && raw.exitCode !== null && allowed.includes(raw.exitCode)) {
      return { stdout, stderr, exitCode: raw.exitCode };
    }
    // Only errors are redacted: they end up in logs, while a result's output is data.
    const outcome: CommandOutcome = {
      command: redact(command, secrets),
      label: redact(label, secrets),
      host: conn.host,
      exitCode: raw.exitCode,
      signal: raw.signal,
      stdout: redact(stdout, secrets),
      stderr: redact(stderr, secrets),
    };
    if (raw.timedOut) throw commandTimeoutError(outcome, conn.timeoutMs);
    if (!raw.exited && lease.resource.closed) throw connectionLostError(outcome);
    throw commandFailedError(outcome);
  }
}
