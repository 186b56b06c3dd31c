/**
 * Boot configuration edits of one host run one at a time inside this process.
 *
 * Every resource of a `pulumi up` runs in one provider process. An edit reads
 * the configuration, computes the new text and commits it only if the file
 * still holds what was read (see extlinux.ts, xen-cmdline.ts); with many
 * parallel edits of the same host all but one commit find the file changed and
 * start over, and with 24 at once some ran out of attempts. Queueing them here
 * makes each read see the previous commit. The host lock and the content check
 * still guard against other processes and machines.
 */
import type { Connection } from "../../model/connection";
import type { BootConfigMethod } from "./method";

/** The tail of each host's queue; removed once the queue drains. */
const queues = new Map<string, Promise<void>>();

/** Runs `edit` after every edit queued before it under `key` has settled (succeeded or failed). */
export function afterPreviousEdits<T>(key: string, edit: () => Promise<T>): Promise<T> {
  const previous = queues.get(key) ?? Promise.resolve();
  const result = previous.then(edit);
  const tail = result.then(
    () => undefined,
    () => undefined,
  );
  queues.set(key, tail);
  void tail.then(() => {
    if (queues.get(key) === tail) queues.delete(key);
  });
  return result;
}

/** The key of a host's queue of edits: `host:port`. */
export function hostEditKey(connection: Connection): string {
  return `${connection.host}:${String(connection.port)}`;
}

/** `method` with its `add` and `remove` queued per host ({@link hostEditKey}); reads are not queued. */
export function oneEditPerHost(method: BootConfigMethod, connection: Connection): BootConfigMethod {
  const key = hostEditKey(connection);
  return {
    method: method.method,
    hideKey: method.hideKey,
    status: (address) => method.status(address),
    add: (address) => afterPreviousEdits(key, () => method.add(address)),
    remove: (address) => afterPreviousEdits(key, () => method.remove(address)),
    describe: () => method.describe(),
  };
}
