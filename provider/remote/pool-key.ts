/**
 * The pool key of a connection. Pure.
 */
import { createHash } from "node:crypto";

import type { Connection } from "../model/connection";

/**
 * `host:port:user:hostKey:<sha256 of everything else that shapes the session>`.
 * Credentials and the host key policy only enter through the hash, so the key
 * can sit in memory, logs and heap dumps without disclosing a secret, while two
 * resources with different credentials or policies never share a session.
 * `agentSocket` is the socket actually used (after the `SSH_AUTH_SOCK` default).
 */
export function poolKey(conn: Connection, agentSocket: string | undefined): string {
  const shaping = JSON.stringify([
    conn.privateKey ?? null,
    conn.privateKeyPassphrase ?? null,
    conn.password ?? null,
    agentSocket ?? null,
    conn.knownHostsFile ?? null,
    conn.insecureIgnoreHostKey,
  ]);
  const digest = createHash("sha256").update(shaping).digest("hex");
  return `${conn.host}:${conn.port}:${conn.user}:${conn.hostKey ?? ""}:${digest}`;
}
