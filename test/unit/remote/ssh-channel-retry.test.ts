/**
 * A channel that a live connection refuses is tried again on the same
 * connection (sshd frees a just-closed session a moment later), so a busy
 * host keeps its one SSH connection; only a connection that has closed is
 * replaced, once.
 */
import { EventEmitter } from "node:events";

import type { Client } from "ssh2";

import type { Connection } from "../../../provider/model/connection";
import type { Lease } from "../../../provider/remote/pool";
import { SshHost, type SshPool } from "../../../provider/remote/ssh";
import { SshSession } from "../../../provider/remote/ssh-pool";
import { containing } from "../../support/error-match";

const CONNECTION: Connection = { host: "h", port: 22, user: "root", insecureIgnoreHostKey: true, timeoutMs: 5000, sudo: false };

/** A channel that exits 0 at once. */
class DoneChannel extends EventEmitter {
  readonly stderr = new EventEmitter();
  end(): void {
    setImmediate(() => {
      this.emit("exit", 0);
      this.emit("close");
    });
  }
  close(): void {}
}

/** A client whose first `refusals` channel opens fail as sshd refuses a session. */
class RefusingClient extends EventEmitter {
  opens = 0;
  constructor(private readonly refusals: number) {
    super();
  }
  exec(_command: string, callback: (error: Error | undefined, channel?: DoneChannel) => void): void {
    this.opens += 1;
    if (this.opens <= this.refusals) callback(new Error("(SSH) Channel open failure: open failed"));
    else callback(undefined, new DoneChannel());
  }
  end(): void {
    this.emit("close");
  }
  destroy(): void {
    this.emit("close");
  }
}

/** A pool that hands out leases on `client`'s session, counting the connections it opened. */
function poolOf(makeClient: () => RefusingClient): { pool: SshPool; connections: RefusingClient[] } {
  const connections: RefusingClient[] = [];
  let current: SshSession | undefined;
  const pool = {
    lease: (): Promise<Lease<SshSession>> => {
      if (current === undefined || current.closed) {
        const client = makeClient();
        connections.push(client);
        current = new SshSession(client as unknown as Client, () => undefined);
      }
      const session = current;
      return Promise.resolve({ resource: session, release: () => undefined });
    },
    closeAll: () => Promise.resolve(),
  };
  return { pool: pool as unknown as SshPool, connections };
}

describe("a refused channel", () => {
  test("on a live connection is tried again on it: one connection, the command runs", async () => {
    const { pool, connections } = poolOf(() => new RefusingClient(3));
    const result = await new SshHost(CONNECTION, pool).runCommand(["true"]);
    expect(result).toEqual({ stdout: "", stderr: "", exitCode: 0 });
    expect(connections).toHaveLength(1);
    expect(connections[0]?.opens).toBe(4);
  });

  test("that a live connection keeps refusing fails with SSH_CHANNEL_FAILED after its retries, on the one connection", async () => {
    const { pool, connections } = poolOf(() => new RefusingClient(100));
    await expect(new SshHost(CONNECTION, pool).runCommand(["true"])).rejects.toMatchObject({
      code: "SSH_CHANNEL_FAILED",
      reason: containing("`'true'` on h: the SSH connection refused a new session: (SSH) Channel open failure: open failed."),
    });
    expect(connections).toHaveLength(1);
    expect(connections[0]?.opens).toBe(7);
  });
});
