/**
 * Reliability of `reboot: "whenRequired"`: xapi going away, and the SSH
 * connection cut before and after, at each xe step of the sequence (the mark,
 * `host-disable`, a VM's shutdown, `host-evacuate` in a pool, `host-reboot`),
 * on a host alone and on a member of a pool of 2. Each case must end either
 * with the devices hidden, or with the host enabled and every VM that ran
 * running (the sequence put it back), or with an error that names what is
 * left and how to finish; then, the fault gone, a rerun must converge: the
 * device hidden, the host enabled, every VM that ran running, no mark left.
 * Every case runs on a fresh simulated pool.
 */
import { XsPciError } from "../../provider/errors";
import { closeSessions } from "../../provider/host/session/session-registry";
import { hiddenPciDeviceProvider as hidden } from "../../provider/providers/hidden-pci-device";
import type { Fault, PoolInventory, Profile } from "../../sim";
import { nextRun } from "../support/next-run";
import { simConnection } from "../support/sim-cases";
import { startTempSimPool } from "../support/sim-fixture";
import { CaseTally } from "./support";

const NAS = "db4c64e1-44ce-f9f3-3236-0d86df260249";
const FILES = "7a1c3f52-9b0e-4d21-8c6e-2f0a9d4b6e13";
const WEB = "5a9e0c21-3b7d-4f86-9e12-c4d8a6b0f375";
const TIMINGS = { rebootDownMs: 600, rebootDelayMs: 200, shutdownTimeoutMs: 300, xapiStartMs: 200, xapiInitMs: 200 } as const;
const MARK = "xenserver-pci-reboot";

/** One place to reboot: the member whose device is hidden, what runs there, and the xe steps the sequence takes. */
interface Bench {
  readonly name: string;
  readonly profile: Profile;
  readonly size: number;
  readonly member: number;
  readonly inventory: PoolInventory;
  readonly steps: readonly string[];
}

const BENCHES: readonly Bench[] = [
  {
    name: "a host alone (xs82)",
    profile: "xs82",
    size: 1,
    member: 0,
    inventory: {
      vms: [
        { uuid: NAS, nameLabel: "NAS", powerState: "running", otherConfig: { pci: "0/0000:01:00.0" } },
        { uuid: WEB, nameLabel: "web", powerState: "running", otherConfig: {} },
      ],
    },
    steps: ["host-param-set", "host-disable", "vm-shutdown", "host-reboot"],
  },
  {
    name: "a member of a pool of 2 (xcpng83)",
    profile: "xcpng83",
    size: 2,
    member: 1,
    inventory: {
      vms: [
        { uuid: NAS, nameLabel: "NAS", powerState: "running", otherConfig: { pci: "0/0000:01:00.0" }, residentOn: 1, affinity: 1 },
        { uuid: FILES, nameLabel: "files", powerState: "running", otherConfig: {}, residentOn: 1, storage: "local" },
        { uuid: WEB, nameLabel: "web", powerState: "running", otherConfig: {}, residentOn: 1 },
      ],
    },
    steps: ["host-param-set", "host-disable", "vm-shutdown", "host-evacuate", "host-reboot"],
  },
];

/** The faults tried at each step. */
const FAULTS: readonly [string, (command: string) => Fault][] = [
  ["xapi gone from", (command) => ({ kind: "xapi-unreachable", command, forMs: 3000 })],
  ["the connection cut before", (command) => ({ kind: "xe-drop-connection", command, when: "before" })],
  ["the connection cut after", (command) => ({ kind: "xe-drop-connection", command, when: "after" })],
];

/** Errors a case may end with, besides success. */
const ALLOWED = new Set(["HOST_REBOOT_ROLLED_BACK", "HOST_REBOOT_INCOMPLETE", "HOST_REBOOT_TIMEOUT"]);

async function outcomeOf(work: Promise<unknown>): Promise<unknown> {
  try {
    await work;
    return undefined;
  } catch (error) {
    return error;
  }
}

/** Runs one case on a fresh pool; throws when an invariant breaks; returns how the faulty run ended (`hidden`, or the error code). */
async function runCase(bench: Bench, fault: Fault): Promise<string> {
  const { sim: pool, stop } = await startTempSimPool(
    { size: bench.size, profile: bench.profile, inventory: bench.inventory, ...TIMINGS },
    { name: "xspci-rel-reboot-", beforeStop: closeSessions },
  );
  try {
    nextRun();
    const target = pool.members[bench.member];
    if (target === undefined) throw new Error("no such member");
    const connection = simConnection(target);
    const hostUuid = target.info.hostUuid;
    const ran = pool.state().vms.filter((vm) => vm.powerState === "running").map((vm) => vm.uuid);
    const host = () => pool.state().hosts[bench.member];
    const running = () => pool.state().vms.filter((vm) => ran.includes(vm.uuid) && vm.powerState === "running").map((vm) => vm.uuid);
    const create = () => hidden.create({ connection, address: "06:00.0", reboot: "whenRequired", rebootTimeoutMs: 20_000 });

    pool.member(bench.member).setFaults([fault]);
    const spy = jest.spyOn(console, "log").mockImplementation(() => undefined);
    let error: unknown;
    try {
      error = await outcomeOf(create());
    } finally {
      spy.mockRestore();
      pool.member(bench.member).clearFaults();
    }
    await pool.waitUntilUp(bench.member, 30_000);
    if (error !== undefined) {
      if (!(error instanceof XsPciError) || !ALLOWED.has(error.code)) throw new Error(`unexpected failure: ${error instanceof Error ? error.message : JSON.stringify(error)}`);
      if (error.code === "HOST_REBOOT_ROLLED_BACK") {
        // Put back: enabled, every VM that ran running, no mark.
        expect(host()?.enabled).toBe(true);
        expect(running()).toEqual(ran);
      } else {
        // What is left, and how to finish, are named.
        expect(error.hint).toContain(`xe host-enable uuid=${hostUuid}`);
      }
    }
    nextRun();
    await closeSessions();
    const spy2 = jest.spyOn(console, "log").mockImplementation(() => undefined);
    let rerun;
    try {
      rerun = await create();
    } finally {
      spy2.mockRestore();
    }
    expect(rerun.outs).toMatchObject({ hiddenNow: true, pendingHostReboot: false });
    expect(host()?.enabled).toBe(true);
    expect(running()).toEqual(ran);
    expect(pool.xe(bench.member, "host-param-get", `uuid=${hostUuid}`, "param-name=other-config").stdout).not.toContain(MARK);
    return error instanceof XsPciError ? error.code : "hidden";
  } finally {
    await stop();
  }
}

describe.each(BENCHES)("reboot faults on $name", (bench) => {
  test(`xapi gone and the connection cut at each of ${String(bench.steps.length)} steps: each ends hidden, put back, or named, and a rerun converges`, async () => {
    const tally = new CaseTally();
    const outcomes: string[] = [];
    for (const step of bench.steps) {
      for (const [what, fault] of FAULTS) {
        await tally.run(`${what} ${step}`, async () => {
          outcomes.push(`${what} ${step}: ${await runCase(bench, fault(step))}`);
        });
      }
    }
    // Before host-reboot the host is put back (xapi is waited for); from host-reboot on, the reboot goes through.
    expect(outcomes).toEqual(
      bench.steps.flatMap((step) => FAULTS.map(([what]) => `${what} ${step}: ${step === "host-reboot" ? "hidden" : "HOST_REBOOT_ROLLED_BACK"}`)),
    );
    const row = tally.record("host reboot", `${bench.name}: xapi gone, connection cut before and after, at each of ${String(bench.steps.length)} xe steps`);
    expect(tally.failures).toEqual([]);
    expect(row.held).toBe(bench.steps.length * FAULTS.length);
  }, 1_800_000);
});
