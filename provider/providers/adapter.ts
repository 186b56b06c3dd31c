/**
 * What the two resource providers share, so that they are adapters of one
 * shape: the domain client of a connection, the resource id, and the error
 * context that names the resource and redacts the connection's secrets.
 */
import type { Connection } from "../model/connection";
import type { RunState } from "../host/session/run-state";
import { processRun } from "../host/session/session-registry";
import { XenHost } from "../host/xen-host";
import { connectionSecrets, withContext } from "./error-context";

/** The engine's property bag. */
export type Props = Record<string, unknown>;

/** The domain client of the host behind `connection`, over `run`'s session of that connection. */
export function hostIn(run: RunState, connection: Connection): XenHost {
  return new XenHost(run.sessionFor(connection));
}

/** {@link hostIn} the provider process's run (the plugin's functions share it with the resources). */
export function hostFor(connection: Connection): XenHost {
  return hostIn(processRun(), connection);
}

/**
 * A resource's id: `<connection.host>/<what>` (a VM UUID in lower case, a
 * normalised PCI address). Both parts replace the resource when they change,
 * so the id is stable for its lifetime.
 */
export function resourceId(host: string, what: string): string {
  return `${host}/${what}`;
}

/**
 * Runs one provider method; its failure becomes "Unable to <action> <resource>: <reason>"
 * with the same hint, and with the connection's secrets redacted.
 *
 * @param action - `create`, `read`, `update`, `delete`
 * @param resource - how the message names the resource, e.g. `PCI assignment for VM <uuid>`
 * @param props - the engine's props, for the secrets to redact
 */
export async function inContext<T>(action: string, resource: string, props: Props, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw withContext(`Unable to ${action} ${resource}`, error, connectionSecrets(props));
  }
}
