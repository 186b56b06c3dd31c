/**
 * Runs commands on a host's dom0 over SSH: connection (credentials, host key
 * check, legacy algorithms, deadline), a per-host connection pool, and exec with
 * a deadline. The only module that imports ssh2.
 */
import { readFile } from "node:fs/promises";
import { Socket } from "node:net";
import { homedir } from "node:os";
import * as path from "node:path";

import { Client, type Algorithms, type ClientChannel, type ConnectConfig } from "ssh2";

import { HostKeyError, SshError } from "../errors";
import type { Connection } from "../model/connection";
import { algorithmAdjustments } from "./algorithms";
import { checkHostKey, type HostKeyPolicy } from "./host-key";
import { knownKeyTypesForHost, parseKnownHosts } from "./known-hosts";
import { SessionPool, type PoolResource } from "./pool";
import { poolKey } from "./pool-key";
import {
  commandFailedError,
  commandTimeoutError,
  connectError,
  connectionLostError,
  connectTimeoutError,
  privateKeyError,
  redact,
  shortCommand,
  type CommandOutcome,
  type SshFailureLevel,
  type Target,
} from "./remote-errors";
import { argvForUser, buildCommand, scriptArgv } from "./shell";

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
 * Close a pooled connection after it has been unused this long. An idle
 * connection does not keep the process alive (its socket is unref'd), so this
 * only bounds how long the host keeps a session for us: long enough that a
 * host whose resources wait behind other hosts' during a big `pulumi up` keeps
 * its one connection (2 s gave up to 5 connections per host on 8 hosts).
 */
const POOL_IDLE_MS = 60_000;
/** Below OpenSSH's default MaxSessions (10), which would refuse further channels. */
const MAX_CHANNELS_PER_CONNECTION = 8;
/** How long a timed-out command's channel may take to close before the connection is dropped. */
const CHANNEL_CLOSE_GRACE_MS = 1_000;
/** How long a graceful disconnect may take before the socket is destroyed. */
const DISCONNECT_GRACE_MS = 1_000;

/** One SSH connection in the pool. */
class SshSession implements PoolResource {
  closed = false;
  private inFlight = 0;
  private retired = false;

  /** `onUnusable` runs once when the session must take no more commands (closed or retired). */
  constructor(
    readonly client: Client,
    private readonly onUnusable: (session: SshSession) => void,
  ) {
    client.once("close", () => {
      this.closed = true;
      this.onUnusable(this);
    });
  }

  /** Counts a command in flight, so that a retired session closes only after its last one. */
  begin(): void {
    this.inFlight += 1;
  }

  /** The end of a command started with `begin`. */
  end(): void {
    this.inFlight -= 1;
    if (this.retired && this.inFlight === 0) this.destroy();
  }

  /**
   * Takes the session out of service after a command got stuck on it: no new
   * command goes to it, and it is destroyed once the others on it finish.
   */
  retire(): void {
    if (this.retired) return;
    this.retired = true;
    this.onUnusable(this);
    if (this.inFlight === 0) this.destroy();
  }

  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      const force = setTimeout(() => {
        this.client.destroy();
      }, DISCONNECT_GRACE_MS);
      this.client.once("close", () => {
        clearTimeout(force);
        resolve();
      });
      this.client.end();
    });
  }

  destroy(): void {
    this.client.destroy();
  }

  /** While idle the socket does not keep the process alive (see `PoolResource.setIdle`). */
  setIdle(idle: boolean): void {
    const socket = socketOf(this.client);
    if (idle) socket?.unref();
    else socket?.ref();
  }
}

/**
 * The TCP socket under an ssh2 client. ssh2 keeps it in `_sock` and has no
 * public accessor; a missing or different value only means the socket stays
 * referenced, and the idle close still closes it.
 */
function socketOf(client: Client): Socket | undefined {
  const candidate = (client as unknown as { _sock?: unknown })._sock;
  return candidate instanceof Socket ? candidate : undefined;
}

const pool = new SessionPool<SshSession>({ idleMs: POOL_IDLE_MS, maxLeasesPerResource: MAX_CHANNELS_PER_CONNECTION });

/**
 * Runs `argv` on the host (every word quoted; `sudo -n` first when
 * `connection.sudo` is set for a non-root user) and resolves with its output.
 * Rejects with CommandError (`COMMAND_FAILED`, `COMMAND_TIMEOUT`,
 * `CONNECTION_LOST`), SshError or HostKeyError.
 */
export async function runCommand(conn: Connection, argv: readonly string[], opts: RunOptions = {}): Promise<CommandResult> {
  const command = buildCommand(argvForUser(argv, conn));
  return runOnHost(conn, command, opts, opts.label ?? shortCommand(command));
}

/**
 * Runs a POSIX sh script (fixed text from this package) as `sh -c SCRIPT sh
 * ARG…`, with `opts.args` as its positional parameters and `opts.stdin` (for
 * example a new file's bytes) on its stdin. Same results and errors as `runCommand`.
 */
export async function runScript(conn: Connection, script: string, opts: ScriptOptions = {}): Promise<CommandResult> {
  const command = buildCommand(argvForUser(scriptArgv(script, opts.args), conn));
  return runOnHost(conn, command, opts, opts.label ?? scriptLabel(script));
}

/** Closes every pooled connection (tests, process exit). */
export async function closeAll(): Promise<void> {
  await pool.closeAll();
}

function scriptLabel(script: string): string {
  const firstLine = script.split("\n").find((line) => line.trim() !== "" && line.trim() !== "set -e") ?? "";
  return `a script (${shortCommand(firstLine.trim())})`;
}

/** Raised by exec when no channel could be opened: the command did not start, so a retry is safe. */
class ChannelOpenError extends Error {}

async function runOnHost(conn: Connection, command: string, opts: RunOptions, label: string): Promise<CommandResult> {
  const agent = agentSocket(conn);
  const key = sessionKey(conn);
  const stdin = opts.stdin === undefined ? undefined : Buffer.from(opts.stdin);
  const secrets = [conn.password, conn.privateKeyPassphrase, conn.privateKey];
  for (let attempt = 1; ; attempt += 1) {
    const lease = await pool.acquire(key, () =>
      openSession(conn, agent, (session) => {
        pool.evict(key, session);
      }),
    );
    let raw: RawResult;
    try {
      raw = await execOnSession(lease.resource, command, stdin, conn.timeoutMs);
    } catch (error) {
      if (!(error instanceof ChannelOpenError)) throw error;
      // A pooled connection that died while idle: reconnect once.
      lease.resource.retire();
      if (attempt === 1) continue;
      throw new SshError("SSH_CHANNEL_FAILED", `Unable to run ${label} on ${conn.host}: the SSH connection refused a new session: ${error.message}.`, {
        hint: "Check the host's sshd (MaxSessions, load) and retry.",
        cause: error,
      });
    } finally {
      lease.release();
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

/**
 * The identity of the session a connection opens (host, port, user, host key,
 * and a digest of the credentials): connections with the same key share one
 * pooled SSH connection, and may share what was read over it.
 */
export function sessionKey(conn: Connection): string {
  return poolKey(conn, agentSocket(conn));
}

/** The agent socket to use: `connection.agent`, else `SSH_AUTH_SOCK` when no key or password is given. */
function agentSocket(conn: Connection): string | undefined {
  if (conn.agent !== undefined) return conn.agent;
  if (conn.privateKey === undefined && conn.password === undefined) return process.env.SSH_AUTH_SOCK;
  return undefined;
}

function expandHome(file: string): string {
  if (file === "~") return homedir();
  if (file.startsWith("~/")) return path.join(homedir(), file.slice(2));
  return file;
}

async function hostKeyPolicy(conn: Connection): Promise<HostKeyPolicy> {
  const knownHostsFile = expandHome(conn.knownHostsFile ?? "~/.ssh/known_hosts");
  const policy: HostKeyPolicy = {
    host: conn.host,
    port: conn.port,
    hostKey: conn.hostKey,
    knownHostsFile,
    knownHostsText: undefined,
    insecureIgnoreHostKey: conn.insecureIgnoreHostKey,
  };
  if (conn.insecureIgnoreHostKey || conn.hostKey !== undefined) return policy;
  try {
    return { ...policy, knownHostsText: await readFile(knownHostsFile, "utf8") };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return policy;
    throw new SshError("KNOWN_HOSTS_UNREADABLE", `Unable to read ${knownHostsFile}: ${(error as Error).message}.`, {
      hint: "Make the file readable, point connection.knownHostsFile elsewhere, or pin the key with connection.hostKey.",
      cause: error,
    });
  }
}

function openSession(conn: Connection, agent: string | undefined, onUnusable: (session: SshSession) => void): Promise<SshSession> {
  const target: Target = { host: conn.host, port: conn.port, user: conn.user };
  return hostKeyPolicy(conn).then(
    (policy) =>
      new Promise<SshSession>((resolve, reject) => {
        const client = new Client();
        const session = new SshSession(client, onUnusable);
        let settled = false;
        let hostKeyRejection: HostKeyError | undefined;
        const fail = (error: Error): void => {
          if (settled) return;
          settled = true;
          clearTimeout(deadline);
          client.destroy();
          reject(hostKeyRejection ?? error);
        };
        // ssh2's readyTimeout starts with the TCP connect; this one also covers
        // a stalled agent or a socket that never emits anything at all.
        const deadline = setTimeout(() => {
          fail(connectTimeoutError(target, conn.timeoutMs));
        }, conn.timeoutMs);
        client.on("ready", () => {
          if (settled) return;
          settled = true;
          clearTimeout(deadline);
          resolve(session);
        });
        // After `ready` an error is followed by `close`, which evicts the session.
        client.on("error", (error: Error) => {
          const { level } = error as Error & { level?: SshFailureLevel };
          fail(connectError(target, level, error, conn.timeoutMs));
        });
        client.on("close", () => {
          fail(connectError(target, "client-socket", new Error("the host closed the connection during the handshake"), conn.timeoutMs));
        });
        const preferredKeyTypes =
          policy.knownHostsText === undefined ? [] : knownKeyTypesForHost(parseKnownHosts(policy.knownHostsText), conn.host, conn.port);
        const config: ConnectConfig = {
          host: conn.host,
          port: conn.port,
          username: conn.user,
          privateKey: conn.privateKey,
          passphrase: conn.privateKeyPassphrase,
          password: conn.password,
          agent,
          readyTimeout: conn.timeoutMs,
          // Runs during key exchange, before authentication: a refused host never sees our credentials.
          hostVerifier: (key: Buffer): boolean => {
            hostKeyRejection = checkHostKey(policy, key);
            return hostKeyRejection === undefined;
          },
          algorithms: algorithmAdjustments(preferredKeyTypes) as unknown as Algorithms,
        };
        try {
          client.connect(config);
        } catch (error) {
          // ssh2 parses the private key synchronously, before any I/O.
          fail(privateKeyError(target, error as Error));
        }
      }),
  );
}

interface RawResult {
  stdout: Buffer;
  stderr: Buffer;
  exitCode: number | null;
  signal: string | undefined;
  /** Whether the host reported an exit status or signal. */
  exited: boolean;
  timedOut: boolean;
}

function execOnSession(session: SshSession, command: string, stdin: Buffer | undefined, timeoutMs: number): Promise<RawResult> {
  return new Promise<RawResult>((resolve, reject) => {
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let exitCode: number | null = null;
    let signal: string | undefined;
    let exited = false;
    let channel: ClientChannel | undefined;
    let done = false;
    const finish = (timedOut: boolean): void => {
      if (done) return;
      done = true;
      clearTimeout(deadline);
      session.end();
      resolve({ stdout: Buffer.concat(stdout), stderr: Buffer.concat(stderr), exitCode, signal, exited, timedOut });
    };
    const deadline = setTimeout(() => {
      finish(true);
      abandonChannel(session, channel);
    }, timeoutMs);
    const onOpen = (error: Error | undefined, opened: ClientChannel): void => {
      if (error) {
        if (done) return;
        done = true;
        clearTimeout(deadline);
        session.end();
        reject(new ChannelOpenError(error.message, { cause: error }));
        return;
      }
      if (done) {
        opened.close();
        return;
      }
      channel = opened;
      opened.on("data", (chunk: Buffer) => stdout.push(chunk));
      opened.stderr.on("data", (chunk: Buffer) => stderr.push(chunk));
      opened.on("exit", (code: number | null, signalName?: string) => {
        exited = true;
        exitCode = code;
        signal = signalName;
      });
      opened.on("close", () => {
        finish(false);
      });
      // Closing stdin right away (even without content) keeps a command that reads it from waiting forever.
      opened.end(stdin);
    };
    session.begin();
    try {
      session.client.exec(command, onOpen);
    } catch (error) {
      done = true;
      clearTimeout(deadline);
      session.end();
      reject(new ChannelOpenError((error as Error).message, { cause: error }));
    }
  });
}

/**
 * Stops a command that outlived its deadline: ask sshd to kill its process
 * group (OpenSSH 7.9+ honours the request; older servers ignore it) and close
 * the channel. A channel that does not close, or never opened, means the
 * session is stuck: retire it so that no socket is left behind.
 */
function abandonChannel(session: SshSession, channel: ClientChannel | undefined): void {
  if (!channel) {
    session.retire();
    return;
  }
  sendKillSignal(channel);
  const grace = setTimeout(() => {
    session.retire();
  }, CHANNEL_CLOSE_GRACE_MS);
  channel.once("close", () => {
    clearTimeout(grace);
  });
  channel.close();
}

/** The parts of ssh2's channel internals that `sendKillSignal` uses. */
interface ChannelInternals {
  outgoing?: { id?: number; state?: string };
  _client?: { _protocol?: { signal?: (channelId: number, signalName: string) => void } };
}

/**
 * `channel.signal()` sends nothing once our side of the channel is ended (state
 * `eof`: we end it right after writing stdin), so send the request through the protocol
 * object, as `signal()` itself does, while the channel is still open.
 */
function sendKillSignal(channel: ClientChannel): void {
  const internals = channel as unknown as ChannelInternals;
  const id = internals.outgoing?.id;
  const protocol = internals._client?._protocol;
  const state = internals.outgoing?.state;
  // "eof" only means our stdin is done; the server still takes requests on the channel.
  if (id === undefined || (state !== "open" && state !== "eof") || typeof protocol?.signal !== "function") return;
  protocol.signal(id, "KILL");
}
