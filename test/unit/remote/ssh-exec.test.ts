import { EventEmitter } from "node:events";

import type { Client } from "ssh2";

import { ChannelOpenError, execWithDeadline, type ExecConnection } from "../../../provider/remote/ssh-exec";

/** A channel that records what exec does to it; the test plays the host's part. */
class FakeChannel extends EventEmitter {
  readonly stderr = new EventEmitter();
  readonly outgoing = { id: 7, state: "open" };
  readonly signals: string[] = [];
  readonly _client = { _protocol: { signal: (_id: number, name: string): void => void this.signals.push(name) } };
  stdin: Buffer | undefined;
  closeCalls = 0;
  constructor(private readonly closesWhenAsked: boolean) {
    super();
  }
  end(stdin?: Buffer): void {
    this.stdin = stdin;
    this.outgoing.state = "eof";
  }
  close(): void {
    this.closeCalls += 1;
    if (this.closesWhenAsked) this.emit("close");
  }
}

/** A connection whose client opens `channel` (or fails), counting begin/end/retire. */
function fakeConnection(open: (callback: (error: Error | undefined, channel: FakeChannel) => void) => void): ExecConnection & {
  counts: { begin: number; end: number; retire: number };
} {
  const counts = { begin: 0, end: 0, retire: 0 };
  const client = { exec: (_command: string, callback: (error: Error | undefined, channel: FakeChannel) => void) => { open(callback); } };
  return {
    counts,
    client: client as unknown as Client,
    begin: () => void (counts.begin += 1),
    end: () => void (counts.end += 1),
    retire: () => void (counts.retire += 1),
  };
}

describe("execWithDeadline", () => {
  beforeEach(() => {
    jest.useFakeTimers();
  });

  afterEach(() => {
    jest.useRealTimers();
  });

  it("writes stdin, collects both outputs and the exit status, and resolves when the channel closes", async () => {
    const channel = new FakeChannel(true);
    const connection = fakeConnection((callback) => { callback(undefined, channel); });

    const running = execWithDeadline(connection, "cat", Buffer.from("in"), 5000);
    channel.emit("data", Buffer.from("o"));
    channel.stderr.emit("data", Buffer.from("e"));
    channel.emit("data", Buffer.from("ut"));
    channel.emit("exit", 3);
    channel.emit("close");
    const result = await running;

    expect(channel.stdin?.toString()).toBe("in");
    expect([result.stdout.toString(), result.stderr.toString(), result.exitCode, result.exited, result.timedOut]).toEqual(["out", "e", 3, true, false]);
    expect(connection.counts).toEqual({ begin: 1, end: 1, retire: 0 });
  });

  it("at the deadline resolves with the output so far, asks sshd to kill the command and closes the channel", async () => {
    const channel = new FakeChannel(true);
    const connection = fakeConnection((callback) => { callback(undefined, channel); });

    const running = execWithDeadline(connection, "sleep 60", undefined, 1000);
    channel.emit("data", Buffer.from("partial"));
    jest.advanceTimersByTime(1000);
    const result = await running;

    expect([result.stdout.toString(), result.timedOut, result.exited]).toEqual(["partial", true, false]);
    expect(channel.signals).toEqual(["KILL"]);
    expect(channel.closeCalls).toBe(1);
    jest.advanceTimersByTime(5000);
    expect(connection.counts).toEqual({ begin: 1, end: 1, retire: 0 });
  });

  it("retires the connection when the timed-out channel does not close within the grace period", async () => {
    const channel = new FakeChannel(false);
    const connection = fakeConnection((callback) => { callback(undefined, channel); });

    const running = execWithDeadline(connection, "sleep 60", undefined, 1000);
    jest.advanceTimersByTime(1000);
    await running;
    expect(connection.counts.retire).toBe(0);
    jest.advanceTimersByTime(1000);

    expect(connection.counts).toEqual({ begin: 1, end: 1, retire: 1 });
  });

  it("retires the connection when no channel opened before the deadline, and closes one that opens late", async () => {
    let openLate: ((error: Error | undefined, channel: FakeChannel) => void) | undefined;
    const connection = fakeConnection((callback) => {
      openLate = callback;
    });

    const running = execWithDeadline(connection, "true", undefined, 1000);
    jest.advanceTimersByTime(1000);
    const result = await running;
    const late = new FakeChannel(true);
    openLate?.(undefined, late);

    expect(result.timedOut).toBe(true);
    expect(connection.counts).toEqual({ begin: 1, end: 1, retire: 1 });
    expect(late.closeCalls).toBe(1);
  });

  it("rejects with ChannelOpenError when the connection refuses a channel, or exec throws", async () => {
    const refused = fakeConnection((callback) => { callback(new Error("open failed"), new FakeChannel(true)); });
    const throwing = fakeConnection(() => {
      throw new Error("Not connected");
    });

    const error: unknown = await execWithDeadline(refused, "true", undefined, 1000).catch((rejection: unknown) => rejection);
    expect(error).toBeInstanceOf(ChannelOpenError);
    expect((error as Error).message).toBe("open failed");
    await expect(execWithDeadline(throwing, "true", undefined, 1000)).rejects.toBeInstanceOf(ChannelOpenError);
    expect(refused.counts).toEqual({ begin: 1, end: 1, retire: 0 });
    expect(throwing.counts).toEqual({ begin: 1, end: 1, retire: 0 });
  });
});
