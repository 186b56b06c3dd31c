/**
 * `reboot: "whenRequired"` in simulated pools whose xapi is as strict as a
 * real one: a member with a VM on local storage (which `host-evacuate`
 * refuses) rebooted with every VM running again after; the refusals before
 * anything is touched (a suspended VM, a host disabled by someone else, HA,
 * the VM pulumi runs in); a failure after `host-disable` put back; reboots of
 * three members in one run one at a time, the master first; autostart
 * racing the restarts.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { HostStateError } from "../../provider/errors";
import { SELF_UUID_FILE_ENV } from "../../provider/host/power/self-vm";
import { closeSessions } from "../../provider/host/session/session-registry";
import { hiddenPciDeviceProvider as hidden } from "../../provider/providers/hidden-pci-device";
import type { InventoryVm, PoolInventory } from "../../sim";
import { nextRun } from "../support/next-run";
import { logged } from "../support/logged";
import { rejectionOf } from "../support/rejection";
import { simConnection } from "../support/sim-cases";
import { useSimPool } from "../support/sim-fixture";

const NAS = "db4c64e1-44ce-f9f3-3236-0d86df260249";
const FILES = "7a1c3f52-9b0e-4d21-8c6e-2f0a9d4b6e13";
const WEB = "5a9e0c21-3b7d-4f86-9e12-c4d8a6b0f375";
const HOST = "127.0.0.1";
const TIMINGS = { rebootDownMs: 1500, rebootDelayMs: 300, shutdownTimeoutMs: 500 } as const;

/** The error the operation failed with. */
const failureOf = async (promise: Promise<unknown>): Promise<HostStateError> => (await rejectionOf(promise)) as HostStateError;

/** The NAS with its controller, a file server on the member's local storage, a web VM free to move: all on `member`. */
function vmsOn(member: number): InventoryVm[] {
  return [
    { uuid: NAS, nameLabel: "NAS", powerState: "running", otherConfig: { pci: "0/0000:01:00.0" }, residentOn: member, affinity: member },
    { uuid: FILES, nameLabel: "files", powerState: "running", otherConfig: {}, residentOn: member, storage: "local" },
    { uuid: WEB, nameLabel: "web", powerState: "running", otherConfig: {}, residentOn: member },
  ];
}

/** The spans of time each member spent out of `up`, from its power history. */
function downSpans(history: readonly { phase: string; at: number }[]): [number, number][] {
  const spans: [number, number][] = [];
  let from: number | undefined;
  for (const entry of history) {
    if (entry.phase !== "up" && from === undefined) from = entry.at;
    if (entry.phase === "up" && from !== undefined) {
      spans.push([from, entry.at]);
      from = undefined;
    }
  }
  if (from !== undefined) spans.push([from, Number.MAX_SAFE_INTEGER]);
  return spans;
}

describe("a simulated xcpng83 pool of 2 whose member 1 holds a VM on local storage", () => {
  const pool = useSimPool(() => {
    const inventory: PoolInventory = { hosts: [{ nameLabel: "rack-0" }, { nameLabel: "rack-1" }], vms: vmsOn(1) };
    return { size: 2, profile: "xcpng83", inventory, ...TIMINGS };
  }, { name: "xspci-reboot-local-", beforeStop: closeSessions, each: true });
  let member1: Record<string, unknown>;
  const uuidOf = (i: number): string => pool.members[i]?.info.hostUuid ?? "";
  const vmState = (uuid: string) => pool.state().vms.find((vm) => vm.uuid === uuid);
  const vmPlaces = () => [NAS, FILES, WEB].map((uuid) => ({ powerState: vmState(uuid)?.powerState, residentOn: vmState(uuid)?.residentOn }));

  beforeEach(() => {
    const second = pool.members[1];
    if (second === undefined) throw new Error("the pool has no member 1");
    member1 = simConnection(second);
    nextRun();
  });

  test("one pulumi up reboots it: the VM xapi cannot move is shut down and started again there, like the NAS; the web VM moves", async () => {
    const { result, lines } = await logged(() => hidden.create({ connection: member1, address: "06:00.0", reboot: "whenRequired", rebootTimeoutMs: 60_000 }));
    expect(result.outs).toMatchObject({ hiddenNow: true, pendingHostReboot: false, nextSteps: [] });
    expect(pool.state().hosts.map((host) => [host.boots, host.enabled])).toEqual([[0, true], [1, true]]);
    expect(vmPlaces()).toEqual([
      { powerState: "running", residentOn: uuidOf(1) },
      { powerState: "running", residentOn: uuidOf(1) },
      { powerState: "running", residentOn: uuidOf(0) },
    ]);
    expect(vmState(NAS)?.attachedDevices).toEqual(["0000:01:00.0"]);
    const steps = lines.filter((line) => line.startsWith(`Host ${HOST}: `));
    expect(steps.slice(0, 5)).toEqual([
      `Host ${HOST}: rebooting it so that dom0 hides 0000:06:00.0. VMs running here: ` +
        `"NAS" (${NAS}): shut down, started again after (it has PCI devices passed through); ` +
        `"files" (${FILES}): shut down, started again after (its disks or a mounted ISO are on storage only this host reaches (VM_REQUIRES_SR)); ` +
        `"web" (${WEB}): moved to another member (xe host-evacuate).`,
      `Host ${HOST}: disabled (xe host-disable): no VM starts here until it is back.`,
      `Host ${HOST}: shutting down VM "NAS" (${NAS}) cleanly (it has PCI devices passed through).`,
      `Host ${HOST}: shutting down VM "files" (${FILES}) cleanly (its disks or a mounted ISO are on storage only this host reaches (VM_REQUIRES_SR)).`,
      `Host ${HOST}: moving the other running VMs to other members (xe host-evacuate): "web" (${WEB}).`,
    ]);
    expect(steps).toContain(`Host ${HOST}: started VM "files" (${FILES}) again.`);
    // The mark is gone once the reboot is done.
    expect(pool.xe(1, "host-param-get", `uuid=${uuidOf(1)}`, "param-name=other-config").stdout).not.toContain("xenserver-pci-reboot");
  });

  test("a failure after host-disable puts the host back: enabled, every VM as it was, the mark removed; a rerun converges", async () => {
    pool.member(1).setFaults([{ kind: "xe-fail", command: "host-evacuate", stderr: "Lost connection to the server.\n" }]);
    const { result: error, lines } = await logged(() => failureOf(hidden.create({ connection: member1, address: "06:00.0", reboot: "whenRequired", rebootTimeoutMs: 60_000 })));
    expect(error.code).toBe("HOST_REBOOT_ROLLED_BACK");
    expect(error.message).toContain(
      `the reboot of ${HOST} stopped before \`xe host-reboot\`: evacuating the host before its reboot on ${HOST}: xe failed: Lost connection to the server. ` +
        `The host was put back: it is enabled again and "NAS" (${NAS}), "files" (${FILES}) run again; nothing was rebooted.`,
    );
    expect(pool.state().hosts.map((host) => [host.boots, host.enabled])).toEqual([[0, true], [0, true]]);
    expect(vmPlaces()).toEqual([
      { powerState: "running", residentOn: uuidOf(1) },
      { powerState: "running", residentOn: uuidOf(1) },
      { powerState: "running", residentOn: uuidOf(1) },
    ]);
    expect(vmState(NAS)?.attachedDevices).toEqual(["0000:01:00.0"]);
    expect(lines).toContain(`Host ${HOST}: enabled again (xe host-enable).`);
    expect(pool.xe(1, "host-param-get", `uuid=${uuidOf(1)}`, "param-name=other-config").stdout).not.toContain("xenserver-pci-reboot");

    pool.member(1).clearFaults();
    nextRun();
    const rerun = await hidden.create({ connection: member1, address: "06:00.0", reboot: "whenRequired", rebootTimeoutMs: 60_000 });
    expect(rerun.outs).toMatchObject({ hiddenNow: true, pendingHostReboot: false });
    expect(pool.state().hosts.map((host) => [host.boots, host.enabled])).toEqual([[0, true], [1, true]]);
    expect(vmPlaces().map((place) => place.powerState)).toEqual(["running", "running", "running"]);
  });

  test("refuses, before host-disable, a suspended VM pinned to the member", async () => {
    pool.xe(0, "vm-suspend", `uuid=${WEB}`);
    pool.xe(0, "vm-param-set", `uuid=${WEB}`, `affinity=${uuidOf(1)}`);
    const error = await failureOf(hidden.create({ connection: member1, address: "06:00.0", reboot: "whenRequired" }));
    expect(error.code).toBe("VM_NOT_RESTORABLE");
    expect(error.message).toContain(`"web" (${WEB}) is suspended on rack-1`);
    expect(pool.state().hosts.map((host) => [host.boots, host.enabled])).toEqual([[0, true], [0, true]]);
    expect(pool.state().hosts[1]?.powerHistory).toEqual([]);
  });

  test("refuses a member an operator disabled, and changes nothing", async () => {
    pool.xe(0, "host-disable", `uuid=${uuidOf(1)}`);
    const error = await failureOf(hidden.create({ connection: member1, address: "06:00.0", reboot: "whenRequired" }));
    expect(error.code).toBe("HOST_DISABLED");
    expect(error.message).toContain("rack-1 is disabled, and not by this package");
    expect(pool.state().hosts.map((host) => [host.boots, host.enabled])).toEqual([[0, true], [0, false]]);
    expect(vmPlaces().map((place) => place.powerState)).toEqual(["running", "running", "running"]);
  });

  test("refuses to reboot the member that runs the VM pulumi runs in", async () => {
    const selfFile = path.join(pool.dir, "self-uuid");
    fs.writeFileSync(selfFile, `${WEB}\n`);
    process.env[SELF_UUID_FILE_ENV] = selfFile;
    try {
      const error = await failureOf(hidden.create({ connection: member1, address: "06:00.0", reboot: "whenRequired" }));
      expect(error.code).toBe("REBOOT_WOULD_STOP_PROVIDER");
      expect(error.message).toContain(`this pulumi run is inside VM "web" (${WEB}), which runs on rack-1`);
    } finally {
      Reflect.deleteProperty(process.env, SELF_UUID_FILE_ENV);
    }
    expect(pool.state().hosts.map((host) => [host.boots, host.enabled])).toEqual([[0, true], [0, true]]);
  });
});

describe("a simulated xs82 pool of 3 whose three members each hide a device in one run", () => {
  const pool = useSimPool(() => {
    const inventory: PoolInventory = {
      hosts: [{ nameLabel: "rack-0" }, { nameLabel: "rack-1" }, { nameLabel: "rack-2" }],
      vms: [
        { uuid: NAS, nameLabel: "NAS", powerState: "running", otherConfig: { pci: "0/0000:01:00.0" }, residentOn: 2, affinity: 2 },
        { uuid: FILES, nameLabel: "files", powerState: "running", otherConfig: {}, residentOn: 1, storage: "local" },
        { uuid: WEB, nameLabel: "web", powerState: "running", otherConfig: {}, residentOn: 0 },
      ],
    };
    return { size: 3, profile: "xs82", inventory, ...TIMINGS };
  }, { name: "xspci-reboot-three-", beforeStop: closeSessions });

  beforeAll(() => {
    nextRun();
  });

  test("reboots them one at a time, the master first, never two members down at once; every VM runs after", async () => {
    const connections = pool.members.map((member) => simConnection(member));
    // The members ask first: the master still goes first.
    const hides = [2, 1, 0].map((i) => hidden.create({ connection: connections[i] ?? {}, address: "06:00.0", reboot: "whenRequired", rebootTimeoutMs: 120_000 }));
    const results = await logged(() => Promise.all(hides));
    for (const { outs } of results.result) expect(outs).toMatchObject({ hiddenNow: true, pendingHostReboot: false });
    const state = pool.state();
    expect(state.hosts.map((host) => [host.boots, host.enabled])).toEqual([[1, true], [1, true], [1, true]]);
    const spans = state.hosts.map((host) => downSpans(host.powerHistory));
    expect(spans.map((s) => s.length)).toEqual([1, 1, 1]);
    const flat: [number, number][] = spans.map((s) => s[0] ?? [0, 0]);
    // The master's reboot came first.
    expect(Math.min(...flat.map(([from]) => from))).toBe(flat[0]?.[0]);
    for (const [a, [fromA, toA]] of flat.entries()) {
      for (const [fromB, toB] of flat.slice(a + 1)) expect(toA <= fromB || toB <= fromA).toBe(true);
    }
    expect(state.vms.map((vm) => vm.powerState)).toEqual(["running", "running", "running"]);
    expect(state.vms.find((vm) => vm.uuid === NAS)).toMatchObject({ residentOn: pool.members[2]?.info.hostUuid, attachedDevices: ["0000:01:00.0"] });
    expect(state.vms.find((vm) => vm.uuid === FILES)).toMatchObject({ residentOn: pool.members[1]?.info.hostUuid });
  });
});

describe("a simulated xcpng83 host alone whose VMs xapi starts at boot", () => {
  const pool = useSimPool(() => {
    const inventory: PoolInventory = {
      vms: [
        { uuid: NAS, nameLabel: "NAS", powerState: "running", otherConfig: { pci: "0/0000:01:00.0", auto_poweron: "true" } },
        { uuid: WEB, nameLabel: "web", powerState: "running", otherConfig: { auto_poweron: "true" } },
      ],
    };
    return { size: 1, profile: "xcpng83", inventory, ...TIMINGS, autostartDelayMs: 0 };
  }, { name: "xspci-reboot-autostart-", beforeStop: closeSessions });

  beforeAll(() => {
    const poolUuid = pool.xe(0, "pool-list", "params=uuid", "--minimal").stdout.trim();
    pool.xe(0, "pool-param-set", `uuid=${poolUuid}`, "other-config:auto_poweron=true");
    nextRun();
  });

  test("the restarts race autostart and converge: every VM runs once, on this host, and nothing fails", async () => {
    const connection = simConnection(pool.members[0] ?? (() => { throw new Error("no member"); })());
    const { result, lines } = await logged(() => hidden.create({ connection, address: "06:00.0", reboot: "whenRequired", rebootTimeoutMs: 60_000 }));
    expect(result.outs).toMatchObject({ hiddenNow: true, pendingHostReboot: false });
    const state = pool.state();
    expect(state.hosts.map((host) => [host.boots, host.enabled])).toEqual([[1, true]]);
    expect(state.vms.map((vm) => [vm.powerState, vm.residentOn])).toEqual([["running", state.hosts[0]?.hostUuid], ["running", state.hosts[0]?.hostUuid]]);
    expect(state.vms[0]?.attachedDevices).toEqual(["0000:01:00.0"]);
    for (const [uuid, name] of [[NAS, "NAS"], [WEB, "web"]] as const) {
      const said = lines.filter((line) => line === `Host ${HOST}: started VM "${name}" (${uuid}) again.` || line === `Host ${HOST}: VM "${name}" (${uuid}) is running again (started by xapi's autostart).`);
      expect(said).toHaveLength(1);
    }
  });
});

describe("a simulated pool with HA on", () => {
  const pool = useSimPool({ size: 2, profile: "xs62", inventory: { vms: vmsOn(1), haEnabled: true }, ...TIMINGS }, { name: "xspci-reboot-ha-", beforeStop: closeSessions });

  beforeAll(() => {
    nextRun();
  });

  test("is refused before anything is touched", async () => {
    const error = await failureOf(hidden.create({ connection: simConnection(pool.members[1] ?? (() => { throw new Error("no member"); })()), address: "06:00.0", reboot: "whenRequired" }));
    expect(error.code).toBe("POOL_HA_ENABLED");
    expect(pool.state().hosts.map((host) => [host.boots, host.enabled])).toEqual([[0, true], [0, true]]);
  });
});
