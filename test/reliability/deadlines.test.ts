/**
 * Reliability: deadlines. A listener that accepts TCP and never speaks SSH,
 * and a command that never returns (a stuck `xe`), through create and read of
 * both providers: each fails within
 * `connection.timeoutMs` with a clear error, and once the pool is closed the
 * process holds no socket to the port and has no ssh child process.
 */
import * as net from "node:net";
import { performance } from "node:perf_hooks";
import { providers } from "../../provider";
import { CommandError, SshError } from "../../provider/errors";
import { closeSessions } from "../../provider/host/session/session-registry";
import { setXeLatency } from "../../sim/host";
import { CaseTally, childProcessCommands, engineCalls, openClientSocketsTo, rejectionOf, startReliabilitySim, type ReliabilitySim } from "./support";

const TV = "3e5b9d70-1f2c-4a8e-b6d4-90c1e7f2a845";
/** Far beyond any deadline: a failure that took this long did not honour its deadline. */
const SLACK_MS = 10_000;
/** Longer than any test runs: the remote side never answers by itself. */
const FOREVER_MS = 600_000;

/** Polls `condition` every 50 ms for up to `ms`; resolves whether it became true. */
async function eventually(condition: () => boolean, ms: number): Promise<boolean> {
  for (const start = Date.now(); Date.now() - start < ms; await new Promise((resolve) => setTimeout(resolve, 50))) {
    if (condition()) return true;
  }
  return condition();
}

describe("deadlines through both providers", () => {
  let rel: ReliabilitySim;
  const pci = engineCalls(providers.pciAssignment);
  const hidden = engineCalls(providers.hiddenPciDevice);

  beforeAll(async () => {
    rel = await startReliabilitySim("deadlines", "xcpng83");
  });

  afterAll(async () => {
    await rel.stop();
  });

  /** The create and read of both providers over `connection`. */
  function operations(connection: Record<string, unknown>): Record<string, () => Promise<unknown>> {
    return {
      "PciAssignment create": () => pci.create({ connection, vmUuid: TV, devices: ["06:00.0"] }),
      "PciAssignment read": () => pci.read(`127.0.0.1/${TV}`, { connection, vmUuid: TV, devices: ["0000:06:00.0"], coldBoot: "never" }),
      "HiddenPciDevice create": () => hidden.create({ connection, address: "06:00.0" }),
      "HiddenPciDevice read": () => hidden.read("127.0.0.1/0000:06:00.0", { connection, address: "0000:06:00.0", method: "auto" }),
    };
  }

  /**
   * One case: `run` fails within the deadline with an error of `kind` whose
   * message says what timed out; afterwards nothing of ours is left towards `port`.
   * Resolves the elapsed milliseconds.
   */
  async function deadlineCase(run: () => Promise<unknown>, kind: typeof SshError | typeof CommandError, code: string, text: string, timeoutMs: number, port: number): Promise<number> {
    const start = performance.now();
    const error = await rejectionOf(run());
    const elapsed = Math.round(performance.now() - start);
    expect(error).toBeInstanceOf(kind);
    expect((error as SshError).code).toBe(code);
    expect((error as Error).message).toMatch(/^Unable to (create|read) (PCI assignment for VM|hidden PCI device) /);
    expect((error as Error).message).toContain(text);
    expect((error as Error).message).toContain("raise connection.timeoutMs");
    expect({ elapsed, withinDeadline: elapsed < timeoutMs + SLACK_MS }).toEqual({ elapsed, withinDeadline: true });
    await closeSessions();
    // A connection attempt still pending when the operation failed ends at its own deadline.
    const socketsGone = await eventually(() => openClientSocketsTo(port) === 0, timeoutMs + 2_000);
    const sshChildren = childProcessCommands().filter((command) => /^(ssh|sshpass|ssh-agent)$/.test(command));
    expect({ socketsGone, sshChildren }).toEqual({ socketsGone: true, sshChildren: [] });
    return elapsed;
  }

  function range(times: readonly number[]): string {
    return `${Math.min(...times)}-${Math.max(...times)} ms`;
  }

  it("a listener that accepts TCP and never speaks SSH fails every operation within timeoutMs and leaves no socket", async () => {
    const tally = new CaseTally();
    const accepted: net.Socket[] = [];
    const silent = net.createServer((socket) => {
      accepted.push(socket);
      socket.on("error", () => undefined);
      // Read (and drop) the client's banner, so that its hang-up arrives as "end" and closes our side.
      socket.resume();
    });
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const { port } = silent.address() as net.AddressInfo;
    const times: number[] = [];
    try {
      for (const [name, run] of Object.entries(operations({ ...rel.connection, port, timeoutMs: 1000 }))) {
        await tally.run(name, async () => {
          const text = `connecting to 127.0.0.1:${port}: no SSH session within 1000 ms.`;
          times.push(await deadlineCase(run, SshError, "SSH_CONNECT_TIMEOUT", text, 1000, port));
          // The listener's side sees every connection closed: the client hung up rather than leaving it open.
          expect(await eventually(() => accepted.every((socket) => socket.closed), 2_000)).toBe(true);
        });
      }
    } finally {
      for (const socket of accepted) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
    const row = tally.record("deadlines", `TCP listener that never speaks SSH, timeoutMs 1000, create/read x 2 providers: failed in ${range(times)}, no socket left`);
    expect(tally.failures).toEqual([]);
    expect(row.held).toBe(row.cases);
  });

  it("a command that never returns fails the operation within timeoutMs, and nothing is left open", async () => {
    const tally = new CaseTally();
    const connection = { ...rel.connection, timeoutMs: 1500 };
    const times: number[] = [];
    const stopped = "did not finish within 1500 ms and was stopped.";
    // A stuck xapi: every xe call sleeps far longer than the deadline. On XCP-ng 8.3 HiddenPciDevice
    // asks xe for dom0 access, so every operation here meets the stuck xe (after its other reads).
    setXeLatency(rel.sim.info.dir, FOREVER_MS);
    try {
      for (const [name, run] of Object.entries(operations(connection))) {
        await tally.run(`${name} with a stuck xe`, async () => {
          times.push(await deadlineCase(run, CommandError, "COMMAND_TIMEOUT", stopped, 1500, rel.sim.info.port));
        });
      }
    } finally {
      setXeLatency(rel.sim.info.dir, 0);
    }
    const row = tally.record("deadlines", `command that never returns (xe stuck for 10 min on an XCP-ng 8.3 host), timeoutMs 1500, create/read x 2 providers: failed in ${range(times)}, nothing left`);
    expect(tally.failures).toEqual([]);
    expect(row.held).toBe(row.cases);
  });
});
