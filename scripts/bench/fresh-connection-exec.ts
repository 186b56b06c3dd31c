/**
 * One shell command over a brand new SSH connection: connect, exec, read the
 * output, disconnect. No pooling and no reuse, on purpose: this is how a
 * generic remote-command resource runs each command, the benchmark's baseline.
 */
import { Client } from "ssh2";
import { fingerprintSha256 } from "../../provider/remote/fingerprint";

/** Where and as whom to connect. */
export interface FreshConnectionTarget {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly privateKey: string;
  /** Pinned host key, `SHA256:…` as `ssh-keygen -lf` prints it. */
  readonly hostKey: string;
}

/** What one command printed and how it exited. */
export interface FreshExecResult {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
}

/**
 * Runs `command` on `target` over a connection opened for it alone, and
 * closes the connection before resolving. Rejects when the host key does not
 * match the pin, or when the connection fails; a non-zero exit resolves.
 */
export function execOverFreshConnection(target: FreshConnectionTarget, command: string): Promise<FreshExecResult> {
  return new Promise((resolve, reject) => {
    const client = new Client();
    const fail = (error: Error): void => {
      client.end();
      reject(new Error(`Unable to run ${JSON.stringify(command)} on ${target.host}:${String(target.port)}: ${error.message}`));
    };
    client.on("error", fail);
    // As a remote-command resource's Go SSH client does (Go's TCP connections have Nagle off).
    client.on("connect", () => {
      client.setNoDelay(true);
    });
    client.on("ready", () => {
      client.exec(command, (error, channel) => {
        if (error !== undefined) {
          fail(error);
          return;
        }
        let stdout = "";
        let stderr = "";
        channel.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
        channel.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
        channel.on("close", (code: number | null) => {
          client.end();
          resolve({ stdout, stderr, exitCode: code ?? -1 });
        });
      });
    });
    client.connect({
      host: target.host,
      port: target.port,
      username: target.user,
      privateKey: target.privateKey,
      readyTimeout: 30000,
      hostVerifier: (key: Buffer): boolean => fingerprintSha256(key) === target.hostKey,
    });
  });
}
