/**
 * `reboot: "whenRequired"` against the simulated host over real SSH: the
 * sequence on a host alone (every running VM shut down and started again, a
 * VM without PV drivers forced off), one reboot for two hides of one run, an
 * assignment written before the reboot attached after it, the deadline of a
 * host that does not come back, and the refusals before anything is touched.
 */
import type { HostStateError } from "../../provider/errors";
import { closeSessions } from "../../provider/host/session/session-registry";
import { hiddenPciDeviceProvider as hidden } from "../../provider/providers/hidden-pci-device";
import { pciAssignmentProvider as assignment } from "../../provider/providers/pci-assignment";
import type { PoolInventory } from "../../sim";
import { defaultInventory } from "../../sim/host/default-inventory";
import { nextRun } from "../support/next-run";
import { logged } from "../support/logged";
import { rejectionOf } from "../support/rejection";
import { simConnection } from "../support/sim-cases";
import { useSimHost, useSimPool } from "../support/sim-fixture";

const NAS = "db4c64e1-44ce-f9f3-3236-0d86df260249";
const GAMING = "7a1c3f52-9b0e-4d21-8c6e-2f0a9d4b6e13";
const TV = "3e5b9d70-1f2c-4a8e-b6d4-90c1e7f2a845";

/** The error the operation failed with. */
const failureOf = async (promise: Promise<unknown>): Promise<HostStateError> => (await rejectionOf(promise)) as HostStateError;

describe.each([
  { name: "xs62", profile: "xs62" as const },
  { name: "xs82", profile: "xs82" as const },
  { name: "xcpng83", profile: "xcpng83" as const },
])("reboot: whenRequired on a simulated $name host alone", ({ name, profile }) => {
  const sim = useSimHost({ profile, rebootDownMs: 1500, rebootDelayMs: 300, shutdownTimeoutMs: 500 }, { name: `xspci-reboot-${name}-`, beforeStop: closeSessions });
  let connection: Record<string, unknown>;
  const power = (uuid: string): string | undefined => sim.state().vms.find((vm) => vm.uuid === uuid)?.powerState;

  beforeAll(() => {
    connection = simConnection(sim);
  });

  test("an assignment, then two hides of one run: one reboot, the devices hidden, every VM that ran running again with its devices", async () => {
    const assigned = await assignment.create({ connection, vmUuid: NAS, devices: ["01:00.0"] });
    expect(assigned.outs).toMatchObject({ pendingColdBoot: true });
    const bootsBefore = sim.state().boots;
    const hide = (address: string) => hidden.create({ connection, address, reboot: "whenRequired", rebootTimeoutMs: 60_000 });
    const { result, lines } = await logged(() => Promise.all([hide("01:00.0"), hide("06:00.0")]));
    expect(sim.state().boots).toBe(bootsBefore + 1);
    for (const { outs } of result) {
      expect(outs).toMatchObject({ hiddenInBootConfig: true, hiddenNow: true, pendingHostReboot: false, nextSteps: [], reboot: "whenRequired", rebootTimeoutMs: 60_000 });
    }
    expect(sim.state().pcis.filter((pci) => pci.driver === "pciback").map((pci) => pci.address)).toEqual(["0000:01:00.0", "0000:06:00.0"]);
    // The VMs that ran run again; the halted one stays halted; the NAS has the device the key names.
    expect([power(NAS), power(GAMING), power(TV)]).toEqual(["running", "running", "halted"]);
    expect(sim.state().vms.find((vm) => vm.uuid === NAS)?.attachedDevices).toEqual(["0000:01:00.0"]);
    nextRun();
    const read = await assignment.read(assigned.id, assigned.outs);
    expect(read.props).toMatchObject({ pendingColdBoot: false, attachedDevices: ["0000:01:00.0"], nextSteps: [] });

    // The progress the engine shows, step by step.
    const host = "127.0.0.1";
    const steps = lines.filter((line) => line.startsWith(`Host ${host}: `));
    const alone = "shut down, started again after (the host has no other member to move it to)";
    expect(steps[0]).toMatch(new RegExp(`^Host ${host}: rebooting it so that dom0 hides 0000:0[16]:00.0, 0000:0[16]:00.0\\. VMs running here: `));
    expect(steps[0]?.replace(/^.*VMs running here: /, "")).toBe(`"NAS" (${NAS}): ${alone}; "Gaming" (${GAMING}): ${alone}.`);
    expect(steps.slice(1, 4)).toEqual([
      `Host ${host}: disabled (xe host-disable): no VM starts here until it is back.`,
      `Host ${host}: shutting down VM "NAS" (${NAS}) cleanly.`,
      `Host ${host}: shutting down VM "Gaming" (${GAMING}) cleanly.`,
    ]);
    // The gaming VM has no PV drivers: its clean shutdown is refused and it is forced off.
    expect(lines).toContain(
      `VM "Gaming" (${GAMING}) has no PV drivers and refused a clean shutdown (${profile === "xs62" ? "VM_MISSING_PV_DRIVERS" : "VM_LACKS_FEATURE"}); forcing it off.`,
    );
    expect(steps.slice(4)).toEqual([
      `Host ${host}: rebooting (xe host-reboot); waiting up to 60 s for it to come back.`,
      `Host ${host}: back and enabled.`,
      `Host ${host}: started VM "NAS" (${NAS}) again.`,
      `Host ${host}: started VM "Gaming" (${GAMING}) again.`,
      expect.stringMatching(new RegExp(`^Host ${host}: 0000:0[16]:00.0, 0000:0[16]:00.0 hidden from dom0; VMs running again: "NAS" \\(${NAS}\\), "Gaming" \\(${GAMING}\\)\\.$`)),
    ]);

    // A rerun converges: nothing pending, no second reboot.
    nextRun();
    const again = await hidden.update(result[0].id, result[0].outs, { connection, address: "01:00.0", reboot: "whenRequired", rebootTimeoutMs: 60_000 });
    expect(again.outs).toMatchObject({ pendingHostReboot: false, nextSteps: [] });
    expect(sim.state().boots).toBe(bootsBefore + 1);
    nextRun();
  });
});

describe("a simulated host with a suspended VM", () => {
  const sim = useSimHost(() => {
    const seed = defaultInventory("xs82");
    const inventory = { ...seed, vms: seed.vms.map((vm) => (vm.uuid === TV ? { ...vm, powerState: "suspended" as const } : vm)) };
    return { profile: "xs82", inventory, rebootDownMs: 1500, rebootDelayMs: 300 };
  }, { name: "xspci-reboot-suspended-", beforeStop: closeSessions });
  let connection: Record<string, unknown>;

  beforeAll(() => {
    connection = simConnection(sim);
  });

  test("is refused before anything is touched: the hide entry is written, the host is not disabled or rebooted", async () => {
    const error = await failureOf(hidden.create({ connection, address: "07:00.0", reboot: "whenRequired" }));
    expect(error).toMatchObject({ code: "VM_NOT_RESTORABLE" });
    expect(error.message).toBe(
      `Unable to create hidden PCI device 0000:07:00.0 on 127.0.0.1: "TV" (${TV}) is suspended on xenserver-home: the reboot sequence restores running and halted VMs only, so it would lose that state; the host was not disabled or rebooted.\n` +
        `Resume or shut it down first (\`xe vm-unpause uuid=${TV}\`, \`xe vm-resume uuid=${TV}\`, or \`xe vm-shutdown uuid=${TV}\`), then run \`pulumi up\` again.`,
    );
    expect(sim.state()).toMatchObject({ boots: 0, enabled: true });
    expect(sim.state().vms.map((vm) => vm.powerState)).toEqual(["running", "running", "suspended"]);
    // The hide entry itself was written (it is what asks for the reboot): a rerun once the VM is resumed reboots.
    expect(sim.state().bootConfig).toContain("0000:07:00.0");
  });
});

describe("a simulated host that does not come back by the deadline", () => {
  const sim = useSimHost({ profile: "xs82", rebootDownMs: 9000, rebootDelayMs: 300, shutdownTimeoutMs: 500 }, { name: "xspci-reboot-late-", beforeStop: closeSessions });
  let connection: Record<string, unknown>;

  beforeAll(() => {
    connection = simConnection(sim);
  });

  test("the deadline error says what is left off and how to finish; a rerun once it is back converges", async () => {
    const error = await failureOf(hidden.create({ connection, address: "01:00.0", reboot: "whenRequired", rebootTimeoutMs: 3000 }));
    expect(error).toMatchObject({ code: "HOST_REBOOT_TIMEOUT" });
    const [reason, hint] = error.message.split("\n");
    expect(reason).toMatch(
      new RegExp(
        "^Unable to create hidden PCI device 0000:01:00.0 on 127.0.0.1: 127.0.0.1 was not back [0-9]+ s after `xe host-reboot` \\(rebootTimeoutMs 3000\\): " +
          "the host or its xapi does not answer\\. The host was disabled for the reboot; VMs it ran, left to start again: " +
          `"NAS" \\(${NAS}\\), "Gaming" \\(${GAMING}\\)\\.$`,
      ),
    );
    const hostUuid = sim.info.hostUuid;
    expect(hint).toBe(
      `When the host is back (check its console), enable it if it is still disabled (\`xe host-enable uuid=${hostUuid}\`), start the VMs that are not running ` +
        `(\`xe vm-start uuid=${NAS} on=${hostUuid}\`, \`xe vm-start uuid=${GAMING} on=${hostUuid}\`), then run \`pulumi refresh\`. ` +
        "Running `pulumi up` again then reboots nothing: the devices are hidden.",
    );
    await sim.waitUntilUp();
    expect(sim.state().vms.filter((vm) => vm.powerState === "running")).toEqual([]);
    nextRun();
    const rerun = await hidden.create({ connection, address: "01:00.0", reboot: "whenRequired", rebootTimeoutMs: 3000 });
    expect(rerun.outs).toMatchObject({ hiddenNow: true, pendingHostReboot: false });
    expect(sim.state().boots).toBe(1);
  });
});

describe("reboot: whenRequired on a member of a simulated xcpng83 pool of 2", () => {
  const WEB = "5a9e0c21-3b7d-4f86-9e12-c4d8a6b0f375";
  const pool = useSimPool(() => {
    const seed = defaultInventory("xcpng83");
    const nas = seed.vms.find((vm) => vm.uuid === NAS);
    if (nas === undefined) throw new Error("the seed has no NAS");
    const inventory: PoolInventory = {
      hosts: [{ nameLabel: "rack-0" }, { nameLabel: "rack-1" }],
      vms: [
        // The NAS runs on member 0 with its controller, pinned there; a web VM without devices runs beside it.
        { ...nas, otherConfig: { ...nas.otherConfig, pci: "0/0000:01:00.0" }, residentOn: 0, affinity: 0 },
        { uuid: WEB, nameLabel: "web", powerState: "running", hasPvDrivers: true, otherConfig: {}, residentOn: 0 },
      ],
    };
    return { size: 2, profile: "xcpng83", inventory, rebootDownMs: 1500, rebootDelayMs: 300, shutdownTimeoutMs: 500 };
  }, { name: "xspci-reboot-pool-", beforeStop: closeSessions });
  let member0: Record<string, unknown>;
  const uuidOf = (i: number): string => pool.members[i]?.info.hostUuid ?? "";
  const vmState = (uuid: string) => pool.state().vms.find((vm) => vm.uuid === uuid);

  beforeAll(() => {
    const first = pool.members[0];
    if (first === undefined) throw new Error("the pool has no member 0");
    member0 = simConnection(first);
  });

  test("the VM with devices is shut down and started again on its member, the other is evacuated and stays where it went", async () => {
    expect(vmState(NAS)).toMatchObject({ powerState: "running", residentOn: uuidOf(0), attachedDevices: ["0000:01:00.0"] });
    const { result, lines } = await logged(() => hidden.create({ connection: member0, address: "06:00.0", reboot: "whenRequired", rebootTimeoutMs: 60_000 }));
    expect(result.outs).toMatchObject({ hostUuid: uuidOf(0), hiddenNow: true, pendingHostReboot: false, nextSteps: [] });
    expect(pool.state().hosts.map((host) => host.boots)).toEqual([1, 0]);
    expect(vmState(NAS)).toMatchObject({ powerState: "running", residentOn: uuidOf(0), attachedDevices: ["0000:01:00.0"] });
    expect(vmState(WEB)).toMatchObject({ powerState: "running", residentOn: uuidOf(1) });
    const host = "127.0.0.1";
    expect(lines.filter((line) => line.startsWith(`Host ${host}: `)).slice(1, 4)).toEqual([
      `Host ${host}: disabled (xe host-disable): no VM starts here until it is back.`,
      `Host ${host}: shutting down VM "NAS" (${NAS}) cleanly (it has PCI devices passed through).`,
      `Host ${host}: moving the other running VMs to other members (xe host-evacuate): "web" (${WEB}).`,
    ]);
    expect(lines).toContain(`Host ${host}: started VM "NAS" (${NAS}) again.`);
    expect(lines).not.toContain(`Host ${host}: started VM "web" (${WEB}) again.`);
  });
});
