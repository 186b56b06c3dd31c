import { CommandError, SshError } from "../../../provider/errors";
import {
  commandFailedError,
  commandTimeoutError,
  connectError,
  connectionLostError,
  privateKeyError,
  redact,
  shortCommand,
  type CommandOutcome,
} from "../../../provider/remote/remote-errors";

const target = { host: "10.0.0.5", port: 22, user: "root" };

const outcome = (overrides: Partial<CommandOutcome>): CommandOutcome => ({
  command: "'xe' 'vm-list'",
  label: "`'xe' 'vm-list'`",
  host: "10.0.0.5",
  exitCode: 1,
  signal: undefined,
  stdout: "",
  stderr: "",
  ...overrides,
});

describe("connectError", () => {
  it.each([
    ["client-socket", "SSH_CONNECT_FAILED", "connecting to 10.0.0.5:22: connect ECONNREFUSED."],
    ["client-timeout", "SSH_CONNECT_TIMEOUT", "connecting to 10.0.0.5:22: no SSH session within 5000 ms"],
    ["client-authentication", "SSH_AUTH_FAILED", "logging in to 10.0.0.5:22 as root: the host refused every credential"],
    ["handshake", "SSH_HANDSHAKE_FAILED", "connecting to 10.0.0.5:22: the SSH handshake failed: connect ECONNREFUSED."],
  ] as const)("maps ssh2's %s failures to %s", (level, code, fragment) => {
    const error = connectError(target, level, new Error("connect ECONNREFUSED"), 5000);

    expect(error).toBeInstanceOf(SshError);
    expect(error.code).toBe(code);
    expect(error.reason).toContain(fragment);
    expect(error.message.split("\n")[0]).toBe(error.reason);
  });
});

describe("privateKeyError", () => {
  it("drops ssh2's prefix and keeps the cause's own question mark", () => {
    const error = privateKeyError(target, new Error("Cannot parse privateKey: OpenSSH key integrity check failed -- bad passphrase?"));

    expect(error.code).toBe("SSH_BAD_PRIVATE_KEY");
    expect(error.reason).toContain("connection.privateKey for 10.0.0.5:22: OpenSSH key integrity check failed -- bad passphrase?");
    expect(error.reason).not.toMatch(/Cannot parse|\?\.$/);
  });
});

describe("commandFailedError", () => {
  it("names the command, the exit code and the first part of stderr", () => {
    const error = commandFailedError(outcome({ stdout: "out", stderr: "The uuid you supplied was invalid.\n" }));

    expect(error).toBeInstanceOf(CommandError);
    expect(error.code).toBe("COMMAND_FAILED");
    expect(error.reason).toContain("`'xe' 'vm-list'` on 10.0.0.5: it exited with code 1: The uuid you supplied was invalid.");
    expect(error.hint).toBe("Fix what the command's error output reports on the host, then retry.");
    expect([error.command, error.exitCode, error.stdout, error.stderr]).toEqual([
      "'xe' 'vm-list'",
      1,
      "out",
      "The uuid you supplied was invalid.\n",
    ]);
  });

  it("keeps reason and hint apart and prints them as the message, one per line", () => {
    const error = commandFailedError(outcome({ stderr: "boom\n" }));

    expect(error.reason).toContain("`'xe' 'vm-list'` on 10.0.0.5: it exited with code 1: boom");
    expect(error.hint).toBe("Fix what the command's error output reports on the host, then retry.");
    expect(error.message).toBe(`${error.reason}\n${error.hint ?? ""}`);
  });

  it("says when a signal killed the command", () => {
    const error = commandFailedError(outcome({ exitCode: null, signal: "SIGKILL" }));
    expect(error.code).toBe("COMMAND_FAILED");
    expect(error.reason).toContain("`'xe' 'vm-list'` on 10.0.0.5: it was killed by SIGKILL");
  });

  it("hints at passwordless sudo when sudo refused", () => {
    expect(commandFailedError(outcome({ stderr: "sudo: a password is required\n" })).hint).toBe(
      "Let this user run commands through sudo without a password (NOPASSWD in sudoers), or connect as root.",
    );
  });
});

describe("commandTimeoutError and connectionLostError", () => {
  it("carry their codes and a null exit code", () => {
    const timeout = commandTimeoutError(outcome({ exitCode: null, stdout: "partial" }), 1500);
    const lost = connectionLostError(outcome({ exitCode: null }));

    expect([timeout.code, timeout.exitCode, timeout.stdout]).toEqual(["COMMAND_TIMEOUT", null, "partial"]);
    expect(timeout.reason).toContain("`'xe' 'vm-list'` on 10.0.0.5: it did not finish within 1500 ms");
    expect([lost.code, lost.exitCode]).toEqual(["CONNECTION_LOST", null]);
  });
});

describe("shortCommand", () => {
  it("back-quotes a short one-line command whole", () => {
    expect(shortCommand("'xe' 'vm-list'")).toBe("`'xe' 'vm-list'`");
  });

  it("keeps only the first line of a multi-line command", () => {
    expect(shortCommand("'sh' '-c' 'set -e\ncat'")).toBe("`'sh' '-c' 'set -e…`");
  });

  it("cuts a long line at 120 characters", () => {
    expect(shortCommand("x".repeat(200))).toBe(`\`${"x".repeat(120)}…\``);
  });
});

describe("redact", () => {
  it("replaces every occurrence of each secret", () => {
    expect(redact("pw=hunter2 again hunter2 key=abcdef", ["hunter2", undefined, "abcdef"])).toBe("pw=*** again *** key=***");
  });

  it("leaves secrets shorter than four characters alone", () => {
    expect(redact("a b c", ["a"])).toBe("a b c");
  });
});
