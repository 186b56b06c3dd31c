/**
 * The host a lookup asks: the connection validated as the resources validate
 * it (bad input never opens a connection), a session of its own for the one
 * lookup (lookups run in the program's process, not the provider's, and must
 * not keep it alive), and failures worded and redacted as the resources word
 * theirs.
 */
import { HostSession } from "../host/host-session";
import { XenHost } from "../host/xen-host";
import { connectionSecrets, withContext } from "../providers/error-context";
import { parseConnection } from "../schema/connection";

/**
 * Runs `work` against the host of `connection` and closes the connection.
 *
 * @param what - what the lookup does, for messages: `list the PCI devices`, `find VM "NAS"`
 * @param connection - the `connection` as the user gave it
 * @throws the typed error of the failure, its reason prefixed `Unable to <what> on <host>: `
 */
export async function withLookupHost<T>(what: string, connection: unknown, work: (host: XenHost) => Promise<T>): Promise<T> {
  const secrets = connectionSecrets({ connection });
  const hostName = typeof connection === "object" && connection !== null && typeof (connection as { host?: unknown }).host === "string" ? (connection as { host: string }).host : "?";
  let session: HostSession | undefined;
  try {
    session = new HostSession(parseConnection(connection));
    return await work(new XenHost(session));
  } catch (error) {
    throw withContext(`Unable to ${what} on ${hostName}`, error, secrets);
  } finally {
    await session?.close();
  }
}
