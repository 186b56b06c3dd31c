/**
 * SSH clients for the simulated host's own tests: the OpenSSH client (with a
 * throwaway known_hosts file) and ssh2, each returning what the client saw.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { Algorithms } from "ssh2";
import { Client } from "ssh2";
import type { SimHostInfo } from "../index";

/** What a command run over SSH produced. */
export interface SshRun {
  stdout: string;
  stderr: string;
  /** Exit status, or null when the connection closed without one. */
  exitCode: number | null;
  /** Signal that killed the command (ssh2 only), e.g. `KILL`. */
  signal?: string;
}

/** Runs `command` with the OpenSSH client, pinning the host key by accepting it into a fresh known_hosts. */
export function opensshRun(info: SimHostInfo, command: string, stdin = ""): SshRun {
  const knownHosts = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "sim-kh-")), "known_hosts");
  const result = spawnSync(
    "ssh",
    [
      "-i", info.privateKeyPath,
      "-p", String(info.port),
      "-o", `UserKnownHostsFile=${knownHosts}`,
      "-o", "StrictHostKeyChecking=accept-new",
      "-o", "BatchMode=yes",
      "-o", "LogLevel=ERROR",
      `${info.user}@${info.host}`,
      command,
    ],
    { input: stdin, encoding: "utf8" },
  );
  fs.rmSync(path.dirname(knownHosts), { recursive: true, force: true });
  // OpenSSH exits 255 when the connection failed or was cut.
  return { stdout: result.stdout, stderr: result.stderr, exitCode: result.status === 255 ? null : result.status };
}

/** The `SHA256:…` fingerprint of the key the host presents, via ssh-keyscan and ssh-keygen -lf. */
export function scannedFingerprint(info: SimHostInfo, keyType: "ed25519" | "rsa"): string {
  const scan = spawnSync("ssh-keyscan", ["-p", String(info.port), "-t", keyType, info.host], { encoding: "utf8" });
  const listed = spawnSync("ssh-keygen", ["-lf", "-"], { input: scan.stdout, encoding: "utf8" });
  const fingerprint = listed.stdout.split(" ")[1];
  if (fingerprint === undefined) throw new Error(`ssh-keyscan found no ${keyType} key: ${scan.stderr}`);
  return fingerprint;
}

/**
 * The `SHA256:…` fingerprint of the host key the OpenSSH client is shown when
 * it offers `hostKeyAlgorithm` (ssh-keyscan cannot offer SHA-1 `ssh-rsa`).
 */
export function fingerprintSeenByOpenssh(info: SimHostInfo, hostKeyAlgorithm: string, kex: string): string {
  const result = spawnSync(
    "ssh",
    [
      "-v",
      "-p", String(info.port),
      "-o", `HostKeyAlgorithms=${hostKeyAlgorithm}`,
      "-o", `KexAlgorithms=${kex}`,
      "-o", "UserKnownHostsFile=/dev/null",
      "-o", "StrictHostKeyChecking=no",
      "-o", "BatchMode=yes",
      "-o", "PubkeyAuthentication=no",
      `${info.user}@${info.host}`,
      "true",
    ],
    { encoding: "utf8" },
  );
  const match = /Server host key: \S+ (SHA256:\S+)/.exec(result.stderr);
  if (match?.[1] === undefined) throw new Error(`ssh was shown no host key: ${result.stderr}`);
  return match[1];
}

/**
 * Connects with ssh2 and runs `command`; rejects when the connection cannot
 * be made. A connection cut while the command runs resolves with what was
 * received and `exitCode: null`.
 */
export function ssh2Run(info: SimHostInfo, command: string, algorithms?: Algorithms, stdin = ""): Promise<SshRun> {
  return new Promise((resolve, reject) => {
    const client = new Client();
    const run: SshRun = { stdout: "", stderr: "", exitCode: null };
    let settled = false;
    const settle = (error?: Error): void => {
      if (settled) return;
      settled = true;
      client.end();
      if (error) reject(error);
      else resolve(run);
    };
    // Once the command runs, a connection cut by the host (a dropped session,
    // a reboot) is an outcome, not a failure: the client may only notice it
    // when it next writes (EPIPE) or reads (ECONNRESET).
    const running = { channel: false };
    client.on("error", (error: NodeJS.ErrnoException) => {
      if (running.channel && (error.code === "EPIPE" || error.code === "ECONNRESET")) settle();
      else settle(error);
    });
    client.on("close", () => {
      settle();
    });
    client.on("ready", () => {
      client.exec(command, (error, channel) => {
        if (error) {
          settle(error);
          return;
        }
        running.channel = true;
        channel.on("data", (chunk: Buffer) => (run.stdout += chunk.toString()));
        channel.stderr.on("data", (chunk: Buffer) => (run.stderr += chunk.toString()));
        channel.on("exit", (code: number | null, signal?: string) => {
          run.exitCode = code;
          if (signal !== undefined) run.signal = signal;
        });
        channel.on("close", () => {
          settle();
        });
        channel.end(stdin);
      });
    });
    client.connect({
      host: info.host,
      port: info.port,
      username: info.user,
      privateKey: fs.readFileSync(info.privateKeyPath),
      readyTimeout: 10000,
      ...(algorithms === undefined ? {} : { algorithms }),
    });
  });
}
