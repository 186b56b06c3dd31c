/**
 * Opens one authenticated SSH connection to a host's dom0: credentials, the
 * host key policy (pinned fingerprint, else known_hosts, else refuse), the
 * legacy algorithms old hosts need, and a deadline over the whole handshake.
 */
import { readFile } from "node:fs/promises";
import { homedir } from "node:os";
import * as path from "node:path";

import { Client, type Algorithms, type ConnectConfig } from "ssh2";

import { HostKeyError, joinCause, SshError } from "../errors";
import type { Connection } from "../model/connection";
import { algorithmAdjustments } from "./algorithms";
import { checkHostKey, type HostKeyPolicy } from "./host-key";
import { knownKeyTypesForHost, parseKnownHosts } from "./known-hosts";
import { connectError, connectTimeoutError, privateKeyError, type SshFailureLevel, type Target } from "./remote-errors";

/**
 * The agent socket to use: `connection.agent`, else `SSH_AUTH_SOCK` when no
 * key or password is given (as OpenSSH does).
 *
 * @param conn - the host connection
 */
export function agentSocket(conn: Connection): string | undefined {
  if (conn.agent !== undefined) return conn.agent;
  if (conn.privateKey === undefined && conn.password === undefined) return process.env.SSH_AUTH_SOCK;
  return undefined;
}

function expandHome(file: string): string {
  if (file === "~") return homedir();
  if (file.startsWith("~/")) return path.join(homedir(), file.slice(2));
  return file;
}

/**
 * Everything the host key decision needs besides the key: known_hosts is read
 * here, once per connection, so that the check itself (run by ssh2 in the
 * middle of the key exchange) stays synchronous and pure.
 */
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
    throw new SshError("KNOWN_HOSTS_UNREADABLE", joinCause(`reading ${knownHostsFile}`, (error as Error).message), {
      hint: "Make the file readable, point connection.knownHostsFile elsewhere, or pin the key with connection.hostKey.",
      cause: error,
    });
  }
}

/**
 * Connects and logs in; resolves with the ready client. Rejects with
 * HostKeyError when the host key is refused (before any credential is sent),
 * else with the SshError of {@link connectError}, `SSH_CONNECT_TIMEOUT` or
 * `SSH_BAD_PRIVATE_KEY`. A failed attempt leaves no socket behind.
 *
 * @param conn - the host connection
 * @param agent - the agent socket, from {@link agentSocket}
 */
export async function connectSsh(conn: Connection, agent: string | undefined): Promise<Client> {
  const policy = await hostKeyPolicy(conn);
  const target: Target = { host: conn.host, port: conn.port, user: conn.user };
  return new Promise<Client>((resolve, reject) => {
    const client = new Client();
    let settled = false;
    let hostKeyRejection: HostKeyError | undefined;
    const fail = (error: Error): void => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      client.destroy();
      // ssh2 reports a refused host key as a generic handshake failure: ours says more.
      reject(hostKeyRejection ?? error);
    };
    // ssh2's readyTimeout starts with the TCP connect; this one also covers
    // a stalled agent or a socket that never emits anything at all.
    const deadline = setTimeout(() => {
      fail(connectTimeoutError(target, conn.timeoutMs));
    }, conn.timeoutMs);
    // Nagle's algorithm holds a small SSH packet back until the previous one is
    // acknowledged, and the peer may delay that acknowledgement by 40 ms or
    // more: each exec paid it (measured: about 90 ms a command on an idle host,
    // 15 ms without). Off, as Go turns it off on every TCP connection.
    client.on("connect", () => {
      client.setNoDelay(true);
    });
    client.on("ready", () => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      resolve(client);
    });
    // After `ready` an error is followed by `close`, which the session's owner watches.
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
  });
}
