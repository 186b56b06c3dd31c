/**
 * The host a lookup asks: the connection validated as the resources validate
 * it (bad input never opens a connection), the host reached through a runner
 * (by default a session of its own for the one lookup: lookups run in the
 * program's process, not the provider's, and must not keep it alive), and
 * failures worded and redacted as the resources word theirs.
 */
import { HostSession } from "../host/session/host-session";
import { XenHost } from "../host/xen-host";
import type { Connection } from "../model/connection";
import { connectionSecrets, withContext } from "../providers/error-context";
import { parseConnection } from "../schema/connection";

/**
 * Runs a lookup's work against the host of a validated connection. Who runs
 * it decides the session: the program's own for one call, or the provider
 * process's shared one (the plugin's functions).
 */
export type LookupRunner = <T>(connection: Connection, work: (host: XenHost) => Promise<T>) => Promise<T>;

/** A session of the lookup's own, closed after the call: the program's process may then exit. */
export const ownSession: LookupRunner = async (connection, work) => {
  const session = new HostSession(connection);
  try {
    return await work(new XenHost(session));
  } finally {
    await session.close();
  }
};

/**
 * Runs `work` against the host of `connection` through `runner`.
 *
 * @param what - what the lookup does, for messages: `list the PCI devices`, `find VM "NAS"`
 * @param connection - the `connection` as the user gave it
 * @param runner - how the host is reached; default {@link ownSession}
 * @throws the typed error of the failure, its reason prefixed `Unable to <what> on <host>: `
 */
export async function withLookupHost<T>(what: string, connection: unknown, work: (host: XenHost) => Promise<T>, runner: LookupRunner = ownSession): Promise<T> {
  const secrets = connectionSecrets({ connection });
  const hostName = typeof connection === "object" && connection !== null && typeof (connection as { host?: unknown }).host === "string" ? (connection as { host: string }).host : "?";
  try {
    return await runner(parseConnection(connection), work);
  } catch (error) {
    throw withContext(`Unable to ${what} on ${hostName}`, error, secrets);
  }
}
