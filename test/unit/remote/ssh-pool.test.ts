import { EventEmitter } from "node:events";

import type { Client } from "ssh2";

import type { Connection } from "../../../provider/model/connection";
import { poolKey } from "../../../provider/remote/pool-key";
import { sessionKey, SshSession } from "../../../provider/remote/ssh-pool";

/** An ssh2 client stand-in: `end` closes gracefully unless told to hang, `destroy` closes at once. */
class FakeClient extends EventEmitter {
  destroyed = 0;
  constructor(private readonly hangsOnEnd = false) {
    super();
  }
  end(): void {
    if (!this.hangsOnEnd) this.emit("close");
  }
  destroy(): void {
    this.destroyed += 1;
    this.emit("close");
  }
}

function session(client: FakeClient): { session: SshSession; unusable: SshSession[] } {
  const unusable: SshSession[] = [];
  return { session: new SshSession(client as unknown as Client, (s) => unusable.push(s)), unusable };
}

describe("SshSession", () => {
  it("marks itself closed and unusable when its connection closes", () => {
    const client = new FakeClient();
    const { session: s, unusable } = session(client);

    client.emit("close");

    expect(s.closed).toBe(true);
    expect(unusable).toEqual([s]);
  });

  it("when retired takes no more commands and is destroyed after its last one ends", () => {
    const client = new FakeClient();
    const { session: s, unusable } = session(client);
    s.begin();
    s.begin();

    s.retire();
    s.retire();
    expect(unusable).toEqual([s]);
    s.end();
    expect(client.destroyed).toBe(0);
    s.end();

    expect(client.destroyed).toBe(1);
  });

  it("closes gracefully, and destroys a connection that does not close within a second", async () => {
    jest.useFakeTimers();
    try {
      const graceful = new FakeClient();
      await session(graceful).session.close();
      expect(graceful.destroyed).toBe(0);

      const hanging = new FakeClient(true);
      const closing = session(hanging).session.close();
      jest.advanceTimersByTime(1000);
      await closing;
      expect(hanging.destroyed).toBe(1);
    } finally {
      jest.useRealTimers();
    }
  });
});

describe("sessionKey", () => {
  const conn: Connection = { host: "h", port: 22, user: "root", insecureIgnoreHostKey: false, timeoutMs: 1000, sudo: false };

  it("is the pool key with the agent socket in effect: SSH_AUTH_SOCK when no key or password is given", () => {
    const saved = process.env.SSH_AUTH_SOCK;
    process.env.SSH_AUTH_SOCK = "/tmp/agent.sock";
    try {
      expect(sessionKey(conn)).toBe(poolKey(conn, "/tmp/agent.sock"));
      expect(sessionKey({ ...conn, password: "secret" })).toBe(poolKey({ ...conn, password: "secret" }, undefined));
    } finally {
      if (saved === undefined) delete process.env.SSH_AUTH_SOCK;
      else process.env.SSH_AUTH_SOCK = saved;
    }
  });
});
