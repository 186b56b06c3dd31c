/**
 * Runs one command on an open SSH connection with a deadline: collects its
 * output and exit status, and stops it when the deadline passes, without ever
 * leaving a stuck channel (or the connection under it) behind.
 */
import type { Client, ClientChannel } from "ssh2";

/** How long a timed-out command's channel may take to close before the connection is dropped. */
const CHANNEL_CLOSE_GRACE_MS = 1_000;

/** The connection a command runs on, as exec sees it. */
export interface ExecConnection {
  /** The ready ssh2 client. */
  readonly client: Client;
  /** Counts a command in flight; called once per exec, before the channel opens. */
  begin(): void;
  /** The end of a command counted by `begin`: called exactly once per `begin`. */
  end(): void;
  /** Takes the connection out of service: a channel on it got stuck. */
  retire(): void;
}

/** What a command did, before any judgement on its exit code. */
export interface RawResult {
  stdout: Buffer;
  stderr: Buffer;
  exitCode: number | null;
  signal: string | undefined;
  /** Whether the host reported an exit status or signal. */
  exited: boolean;
  /** Whether the deadline passed first (output is what arrived until then). */
  timedOut: boolean;
}

/** Raised by exec when no channel could be opened: the command did not start, so a retry is safe. */
export class ChannelOpenError extends Error {}

/**
 * Runs `command` on `connection`, writing `stdin` (if any) and closing it.
 * Resolves when the channel closes, or at the deadline with `timedOut` set;
 * rejects only with {@link ChannelOpenError}.
 *
 * @param connection - the open connection to run on
 * @param command - the command line, already quoted
 * @param stdin - bytes for the command's stdin
 * @param timeoutMs - the deadline, from the channel request to its close
 */
export function execWithDeadline(connection: ExecConnection, command: string, stdin: Buffer | undefined, timeoutMs: number): Promise<RawResult> {
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
      connection.end();
      resolve({ stdout: Buffer.concat(stdout), stderr: Buffer.concat(stderr), exitCode, signal, exited, timedOut });
    };
    const deadline = setTimeout(() => {
      finish(true);
      abandonChannel(connection, channel);
    }, timeoutMs);
    const onOpen = (error: Error | undefined, opened: ClientChannel): void => {
      if (error) {
        if (done) return;
        done = true;
        clearTimeout(deadline);
        connection.end();
        reject(new ChannelOpenError(error.message, { cause: error }));
        return;
      }
      // The deadline passed while the channel was being opened: nobody waits for it.
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
    connection.begin();
    try {
      connection.client.exec(command, onOpen);
    } catch (error) {
      done = true;
      clearTimeout(deadline);
      connection.end();
      reject(new ChannelOpenError((error as Error).message, { cause: error }));
    }
  });
}

/**
 * Stops a command that outlived its deadline: ask sshd to kill its process
 * group (OpenSSH 7.9+ honours the request; older servers ignore it) and close
 * the channel. A channel that does not close, or never opened, means the
 * connection is stuck: retire it so that no socket is left behind.
 */
function abandonChannel(connection: ExecConnection, channel: ClientChannel | undefined): void {
  if (!channel) {
    connection.retire();
    return;
  }
  sendKillSignal(channel);
  const grace = setTimeout(() => {
    connection.retire();
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
