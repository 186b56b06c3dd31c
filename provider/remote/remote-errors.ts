/**
 * Errors of the remote layer, built from what ssh2 and the remote command
 * report. Pure: no ssh2 import, no I/O.
 */
import { CommandError, SshError, joinCause } from "../errors";

/** The failure categories ssh2 tags its errors with (`err.level`). */
export type SshFailureLevel =
  | "client-socket"
  | "client-timeout"
  | "client-authentication"
  | "client-dns"
  | "agent"
  | "handshake"
  | "protocol"
  | undefined;

/** Where a connection failed, for messages. */
export interface Target {
  host: string;
  port: number;
  user: string;
}

/** The SshError for a connection attempt that ssh2 failed with `cause`. */
export function connectError(target: Target, level: SshFailureLevel, cause: Error, timeoutMs: number): SshError {
  const where = `${target.host}:${target.port}`;
  switch (level) {
    case "client-timeout":
      return connectTimeoutError(target, timeoutMs, cause);
    case "client-authentication":
      return new SshError("SSH_AUTH_FAILED", `logging in to ${where} as ${target.user}: the host refused every credential offered.`, {
        hint: "Check connection.user and connection.privateKey (and its passphrase), connection.password or the keys loaded in the ssh-agent.",
        cause,
      });
    case "agent":
      return new SshError("SSH_AGENT_FAILED", joinCause(`logging in to ${where} as ${target.user}: the ssh-agent failed`, cause.message), {
        hint: "Check that the agent socket (connection.agent or SSH_AUTH_SOCK) exists and that `ssh-add -l` lists a key.",
        cause,
      });
    case "handshake":
    case "protocol":
      return new SshError("SSH_HANDSHAKE_FAILED", joinCause(`connecting to ${where}: the SSH handshake failed`, cause.message), {
        hint: "The host's sshd and this client share no key exchange, cipher, MAC or host key algorithm, or it is not an SSH server.",
        cause,
      });
    case "client-socket":
    case "client-dns":
    case undefined:
      return new SshError("SSH_CONNECT_FAILED", joinCause(`connecting to ${where}`, cause.message), {
        hint: "Check connection.host and connection.port, that sshd runs on the host, and that no firewall blocks the port.",
        cause,
      });
  }
}

/** The SshError for a connection that was not ready within the deadline. */
export function connectTimeoutError(target: Target, timeoutMs: number, cause?: unknown): SshError {
  return new SshError(
    "SSH_CONNECT_TIMEOUT",
    `connecting to ${target.host}:${target.port}: no SSH session within ${timeoutMs} ms.`,
    {
      hint: "Check that the address and port lead to the host's sshd; raise connection.timeoutMs for a slow link.",
      cause,
    },
  );
}

/** The SshError for a private key ssh2 cannot parse or decrypt. */
export function privateKeyError(target: Target, cause: Error): SshError {
  const reason = cause.message.replace(/^Cannot parse privateKey: /, "");
  return new SshError("SSH_BAD_PRIVATE_KEY", joinCause(`using connection.privateKey for ${target.host}:${target.port}`, reason), {
    hint: "Give the private key text (OpenSSH or PEM format), and connection.privateKeyPassphrase when it is encrypted.",
    cause,
  });
}

/** What a finished or abandoned command reports. */
export interface CommandOutcome {
  /** Quoted command line as sent. */
  command: string;
  /** How to name the command in a message (a label, or the shortened command). */
  label: string;
  host: string;
  exitCode: number | null;
  signal: string | undefined;
  stdout: string;
  stderr: string;
}

const STDERR_IN_MESSAGE_MAX = 500;

/** The CommandError for a command that exited with a code the caller did not allow. */
export function commandFailedError(outcome: CommandOutcome): CommandError {
  const stderr = outcome.stderr.trim();
  const shown = stderr.length > STDERR_IN_MESSAGE_MAX ? `${stderr.slice(0, STDERR_IN_MESSAGE_MAX)}…` : stderr;
  const how =
    outcome.exitCode !== null
      ? `it exited with code ${outcome.exitCode}`
      : outcome.signal !== undefined
        ? `it was killed by ${outcome.signal}`
        : "it ended without an exit status";
  const hint = stderr.startsWith("sudo:")
    ? "Let this user run commands through sudo without a password (NOPASSWD in sudoers), or connect as root."
    : "Fix what the command's error output reports on the host, then retry.";
  return new CommandError(
    "COMMAND_FAILED",
    `running ${outcome.label} on ${outcome.host}: ${how}${shown === "" ? "" : `: ${shown}`}`,
    details(outcome),
    { hint },
  );
}

/** The CommandError for a command still running at its deadline. */
export function commandTimeoutError(outcome: CommandOutcome, timeoutMs: number): CommandError {
  return new CommandError(
    "COMMAND_TIMEOUT",
    `running ${outcome.label} on ${outcome.host}: it did not finish within ${timeoutMs} ms and was stopped.`,
    details(outcome),
    { hint: "Check the host's load and state (its change may be partial); raise connection.timeoutMs if it is just slow." },
  );
}

/** The CommandError for a command whose connection closed before it finished. */
export function connectionLostError(outcome: CommandOutcome): CommandError {
  return new CommandError(
    "CONNECTION_LOST",
    `running ${outcome.label} on ${outcome.host}: the SSH connection closed before the command finished.`,
    details(outcome),
    { hint: "The command may or may not have run; check the host, then retry." },
  );
}

function details(outcome: CommandOutcome): { command: string; exitCode: number | null; stdout: string; stderr: string } {
  return { command: outcome.command, exitCode: outcome.exitCode, stdout: outcome.stdout, stderr: outcome.stderr };
}

const LABEL_MAX = 120;

/** A command line short enough for a message: the first line, cut at 120 characters. */
export function shortCommand(command: string): string {
  const firstLine = command.split("\n", 1)[0] ?? "";
  const shortened = firstLine.length > LABEL_MAX ? firstLine.slice(0, LABEL_MAX) : firstLine;
  return shortened === command ? `\`${command}\`` : `\`${shortened}…\``;
}

/**
 * Replaces every occurrence of a secret by `***`. Commands never carry
 * credentials by construction; this is a second line of defence for messages.
 */
export function redact(text: string, secrets: readonly (string | undefined)[]): string {
  let result = text;
  for (const secret of secrets) {
    // Very short strings would blank out innocent text; real secrets are longer.
    if (secret !== undefined && secret.length >= 4) result = result.replaceAll(secret, "***");
  }
  return result;
}
