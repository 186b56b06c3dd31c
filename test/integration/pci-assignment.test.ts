/**
 * The PciAssignment provider against the simulated host over real SSH, on every
 * profile and on XenServer 6.2's old sshd: one host per case, VM state reset
 * between tests with direct xe. `nextRun()` models the next `pulumi` command
 * (a new provider process): no read ever answers from before it was asked,
 * so it is needed only where a test means a new run.
 */
import { HostKeyError, HostStateError } from "../../provider/errors";
import { pciAssignmentProvider as provider } from "../../provider/providers/pci-assignment";
import type { PciAssignmentOutputs } from "../../provider/providers/pci-assignment-outputs";
import { closeSessions } from "../../provider/host/session/session-registry";
import type { SimVmState } from "../../sim";
import { nextRun } from "../support/next-run";
import { SIM_CASES, simConnection } from "../support/sim-cases";
import { useSimHost } from "../support/sim-fixture";

const NAS = "db4c64e1-44ce-f9f3-3236-0d86df260249";
const GAMING = "7a1c3f52-9b0e-4d21-8c6e-2f0a9d4b6e13";
const TV = "3e5b9d70-1f2c-4a8e-b6d4-90c1e7f2a845";
const UNKNOWN_VM = "00000000-1111-2222-3333-444444444444";
const INITIAL_POWER: Record<string, string> = { [NAS]: "running", [GAMING]: "running", [TV]: "halted" };

/** Calls every provider method with the `this` and the arguments the engine would use. */
const call = {
  check: (news: Record<string, unknown>) => provider.check({}, news),
  create: (news: Record<string, unknown>) => provider.create(news),
  read: (id: string, props: Record<string, unknown>) => provider.read(id, props),
  update: (id: string, olds: Record<string, unknown>, news: Record<string, unknown>) => provider.update(id, olds, news),
  delete: (id: string, props: Record<string, unknown>) => provider.delete(id, props),
  diff: (id: string, olds: Record<string, unknown>, news: Record<string, unknown>) => provider.diff(id, olds, news),
};

async function failureOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected the operation to fail");
}

describe.each(SIM_CASES)("PciAssignment on a simulated $name host", ({ name, profile, legacySsh }) => {
  const sim = useSimHost({ profile, legacySsh }, { name: `xspci-assign-${name}-`, beforeStop: closeSessions });
  let connection: Record<string, unknown>;
  let initialOtherConfig: Record<string, Record<string, string>>;

  const vmOf = (uuid: string): SimVmState => {
    const vm = sim.state().vms.find((v) => v.uuid === uuid);
    if (vm === undefined) throw new Error(`no VM ${uuid} in the simulator`);
    return vm;
  };
  const inputs = (vmUuid: string, devices: string[], extra: Record<string, unknown> = {}) => ({ connection, vmUuid, devices, ...extra });
  const coldBootInSim = (uuid: string): void => {
    expect(sim.xe("vm-shutdown", `uuid=${uuid}`, "--force").exitCode).toBe(0);
    expect(sim.xe("vm-start", `uuid=${uuid}`).exitCode).toBe(0);
    nextRun();
  };

  beforeAll(() => {
    connection = simConnection(sim);
    initialOtherConfig = Object.fromEntries(sim.state().vms.map((vm) => [vm.uuid, { ...vm.otherConfig }]));
  });

  // Back to the seed's machine: no pci keys, initial power states, no devices
  // attached; only what a test changed is undone (each direct xe call costs time).
  beforeEach(() => {
    for (const vm of sim.state().vms) {
      if (vm.otherConfig.pci !== undefined) {
        expect(sim.xe("vm-param-remove", `uuid=${vm.uuid}`, "param-name=other-config", "param-key=pci").exitCode).toBe(0);
      }
      const wanted = INITIAL_POWER[vm.uuid];
      if (vm.powerState === wanted && vm.attachedDevices.length === 0) continue;
      if (vm.powerState !== "halted") expect(sim.xe("vm-shutdown", `uuid=${vm.uuid}`, "--force").exitCode).toBe(0);
      if (wanted === "running") expect(sim.xe("vm-start", `uuid=${vm.uuid}`).exitCode).toBe(0);
    }
    expect(sim.state().vms.map((vm) => [vm.uuid, vm.powerState, vm.otherConfig, vm.attachedDevices])).toEqual(
      Object.entries(INITIAL_POWER).map(([uuid, power]) => [uuid, power, initialOtherConfig[uuid], []]),
    );
    nextRun();
    sim.resetCounters();
  });

  test("create on a running VM writes the key and reports that it needs a cold boot", async () => {
    const result = await call.create(inputs(NAS, ["01:00.0"]));
    expect(result).toEqual({
      id: `127.0.0.1/${NAS}`,
      outs: {
        connection,
        vmUuid: NAS,
        devices: ["0000:01:00.0"],
        coldBoot: "never",
        pinToHost: true,
        pciValue: "0/0000:01:00.0",
        vmName: "NAS",
        powerState: "running",
        attachedDevices: [],
        pendingColdBoot: true,
        // A host on its own: the VM runs here, and nothing is pinned.
        residentOn: "xenserver-home",
        affinity: "",
        ownsAffinity: false,
        // What is at the address now, from sysfs and lspci, and the resource bound to it.
        hardware: [
          {
            address: "0000:01:00.0",
            vendorId: "1000",
            deviceId: "0072",
            subsystemVendorId: "1000",
            subsystemId: "3020",
            classCode: "010700",
            vendorName: "LSI Logic / Symbios Logic",
            deviceName: "SAS2008 PCI-Express Fusion-MPT SAS-2 [Falcon]",
          },
        ],
        boundIds: ["1000:0072:1000:3020"],
        hardwareChanged: [],
        iommuEnabled: true,
        missingFunctions: [],
        nextSteps: [`Shut down VM "NAS" (${NAS}) and start it again (a reboot is not enough) so that it sees 0000:01:00.0.`],
      },
    });
    expect(vmOf(NAS)).toEqual({
      uuid: NAS,
      nameLabel: "NAS",
      powerState: "running",
      otherConfig: { ...initialOtherConfig[NAS], pci: "0/0000:01:00.0" },
      attachedDevices: [],
    });
  });

  test("create on a halted VM reports no pending cold boot", async () => {
    const { outs } = await call.create(inputs(TV, ["0000:06:00.0"]));
    expect(outs).toMatchObject({ powerState: "halted", pciValue: "0/0000:06:00.0", attachedDevices: [], pendingColdBoot: false, nextSteps: [] });
  });

  test("after a cold boot in the simulator read reports the devices attached and nothing pending", async () => {
    const { id, outs } = await call.create(inputs(NAS, ["01:00.0", "06:00.0"]));
    coldBootInSim(NAS);
    const read = await call.read(id, outs);
    expect(read.id).toBe(id);
    expect(read.props).toEqual({
      ...outs,
      attachedDevices: ["0000:01:00.0", "0000:06:00.0"],
      pendingColdBoot: false,
      nextSteps: [],
    });
  });

  test("two devices keep the user's order in pciValue and in the simulator's attach order", async () => {
    const { outs } = await call.create(inputs(TV, ["07:00.0", "06:00.0"]));
    expect(outs).toMatchObject({ devices: ["0000:07:00.0", "0000:06:00.0"], pciValue: "0/0000:07:00.0,1/0000:06:00.0" });
    expect(sim.xe("vm-start", `uuid=${TV}`).exitCode).toBe(0);
    expect(vmOf(TV).attachedDevices).toEqual(["0000:07:00.0", "0000:06:00.0"]);
  });

  test("other other-config keys survive create, update and delete", async () => {
    const { id, outs } = await call.create(inputs(TV, ["06:00.0"]));
    expect(vmOf(TV).otherConfig).toEqual({ ...initialOtherConfig[TV], pci: "0/0000:06:00.0" });
    const news = inputs(TV, ["07:00.1", "07:00.0"]);
    const updated = await call.update(id, outs, news);
    expect(updated.outs).toMatchObject({ pciValue: "0/0000:07:00.1,1/0000:07:00.0", devices: ["0000:07:00.1", "0000:07:00.0"] });
    expect(vmOf(TV).otherConfig).toEqual({ ...initialOtherConfig[TV], pci: "0/0000:07:00.1,1/0000:07:00.0" });
    await call.delete(id, updated.outs);
    expect(vmOf(TV).otherConfig).toEqual(initialOtherConfig[TV]);
  });

  test("a device already given to another VM is refused with a message naming that VM", async () => {
    await call.create(inputs(NAS, ["06:00.0"]));
    const error = await failureOf(call.create(inputs(TV, ["07:00.0", "06:00.0"])));
    expect(error).toBeInstanceOf(HostStateError);
    expect(error.message).toBe(
      `Unable to create PCI assignment for VM ${TV}: 0000:06:00.0 is already assigned to VM "NAS" (${NAS}) in its other-config:pci.\n` +
        "A device can be passed to one VM only. Take it away from that VM first (its PciAssignment, or " +
        `\`xe vm-param-remove uuid=${NAS} param-name=other-config param-key=pci\`), then run the update again.`,
    );
    expect(vmOf(TV).otherConfig).toEqual(initialOtherConfig[TV]);
  });

  test("a VM whose key holds other devices is refused, and an identical key is adopted", async () => {
    expect(sim.xe("vm-param-set", `uuid=${TV}`, "other-config:pci=0/0000:07:00.0").exitCode).toBe(0);
    nextRun();
    const error = await failureOf(call.create(inputs(TV, ["06:00.0"])));
    expect(error).toMatchObject({ name: "HostStateError", code: "PCI_KEY_IN_USE" });
    expect(error.message.split("\n")[0]).toBe(
      `Unable to create PCI assignment for VM ${TV}: VM "TV" already has other-config:pci=0/0000:07:00.0, ` +
        "which this resource did not write and which differs from the wanted 0/0000:06:00.0.",
    );
    const logged: string[] = [];
    const spy = jest.spyOn(console, "log").mockImplementation((line: string) => logged.push(line));
    try {
      const adopted = await call.create(inputs(TV, ["07:00.0"]));
      expect(adopted.outs).toMatchObject({ pciValue: "0/0000:07:00.0", devices: ["0000:07:00.0"] });
    } finally {
      spy.mockRestore();
    }
    expect(logged).toEqual([
      `VM ${TV} already has other-config:pci=0/0000:07:00.0; adopting it.`,
      // The GPU without its HDMI audio function: said in the progress log too.
      `VM ${TV}: Pass 0000:07:00.1 too: it is another function of a card in devices (a GPU's HDMI audio, a second port), and guest drivers expect every function of a card.`,
    ]);
  });

  test("a device the host does not have is refused", async () => {
    const error = await failureOf(call.create(inputs(TV, ["09:00.0"])));
    expect(error).toMatchObject({ name: "HostStateError", code: "PCI_DEVICE_NOT_FOUND" });
    expect(error.message.split("\n")[0]).toBe(
      `Unable to create PCI assignment for VM ${TV}: 127.0.0.1 has no PCI device 0000:09:00.0 ` +
        "(it has 0000:00:19.0, 0000:00:1f.2, 0000:01:00.0, 0000:06:00.0, 0000:07:00.0, 0000:07:00.1).",
    );
  });

  test("a hand edit of the key shows as drift in read and in the next diff", async () => {
    const { id, outs } = await call.create(inputs(TV, ["06:00.0"]));
    expect(sim.xe("vm-param-set", `uuid=${TV}`, "other-config:pci=0/0000:07:00.0,0/0000:07:00.1").exitCode).toBe(0);
    nextRun();
    const read = await call.read(id, outs);
    expect(read.props).toMatchObject({ pciValue: "0/0000:07:00.0,0/0000:07:00.1", devices: ["0000:07:00.1", "0000:07:00.0"] });
    await expect(call.diff(id, read.props, inputs(TV, ["06:00.0"]))).resolves.toEqual({
      changes: true,
      replaces: [],
      deleteBeforeReplace: false,
    });
  });

  test("read of an assignment whose VM was deleted returns an empty id", async () => {
    const props = { connection, vmUuid: UNKNOWN_VM, devices: ["0000:06:00.0"], coldBoot: "never" };
    await expect(call.read(`127.0.0.1/${UNKNOWN_VM}`, props)).resolves.toEqual({ id: "", props: {} });
  });

  test("a host key mismatch is refused before any command runs", async () => {
    const pinned = { ...connection, hostKey: "SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" };
    const error = await failureOf(call.create({ connection: pinned, vmUuid: TV, devices: ["06:00.0"] }));
    expect(error).toBeInstanceOf(HostKeyError);
    expect(error.message.split("\n")[0]).toBe(
      `Unable to create PCI assignment for VM ${TV}: connecting to 127.0.0.1:${sim.info.port}: the host key ` +
        `${sim.info.hostKeyFingerprint} does not match connection.hostKey (SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA).`,
    );
    expect(sim.state().counters.execs).toBe(0);
  });

  test("bad input is refused by check without opening a connection", async () => {
    const result = await call.check({ ...inputs(TV, ["06:00.0", "zz:00.0"]), __provider: "serialized" });
    expect(result.failures).toEqual([
      { property: "devices[1]", reason: '"zz:00.0" is not a PCI address; expected BB:DD.F or DDDD:BB:DD.F in hex, e.g. 06:00.0' },
    ]);
    expect(sim.state().counters).toEqual({ sshConnections: 0, execs: 0, xeCalls: 0 });
  });

  test("delete twice is success and removes only the pci key", async () => {
    const { id, outs } = await call.create(inputs(TV, ["06:00.0"]));
    await call.delete(id, outs);
    await call.delete(id, outs);
    expect(vmOf(TV).otherConfig).toEqual(initialOtherConfig[TV]);
  });

  test("delete says on stdout which running VM keeps its devices until a cold boot", async () => {
    const { id, outs } = await call.create(inputs(NAS, ["01:00.0"]));
    coldBootInSim(NAS);
    const logged: string[] = [];
    const spy = jest.spyOn(console, "log").mockImplementation((line: string) => logged.push(line));
    try {
      await call.delete(id, outs);
    } finally {
      spy.mockRestore();
    }
    expect(logged).toEqual([
      `VM "NAS" (${NAS}) keeps 0000:01:00.0 until it is shut down and started again (a reboot is not enough): other-config:pci was removed.`,
    ]);
    expect(vmOf(NAS)).toMatchObject({ otherConfig: initialOtherConfig[NAS], attachedDevices: ["0000:01:00.0"] });
  });

  test("coldBoot whenRequired forces off a VM without PV drivers after the clean shutdown fails, and starts it with the devices", async () => {
    const logged: string[] = [];
    const spy = jest.spyOn(console, "log").mockImplementation((line: string) => logged.push(line));
    let outs: PciAssignmentOutputs;
    try {
      ({ outs } = await call.create(inputs(GAMING, ["07:00.0", "07:00.1"], { coldBoot: "whenRequired" })));
    } finally {
      spy.mockRestore();
    }
    const refusal = profile === "xs62" ? "VM_MISSING_PV_DRIVERS" : "VM_LACKS_FEATURE";
    expect(logged).toEqual([`VM "Gaming" (${GAMING}) has no PV drivers and refused a clean shutdown (${refusal}); forcing it off.`]);
    expect(outs).toMatchObject({ powerState: "running", attachedDevices: ["0000:07:00.0", "0000:07:00.1"], pendingColdBoot: false, nextSteps: [] });
    expect(vmOf(GAMING)).toMatchObject({ powerState: "running", attachedDevices: ["0000:07:00.0", "0000:07:00.1"] });
  });

  test("a credentials-only update runs nothing but the read back", async () => {
    const { id, outs } = await call.create(inputs(TV, ["06:00.0"]));
    nextRun();
    sim.resetCounters();
    const updated = await call.update(id, outs, { ...inputs(TV, ["06:00.0"]), connection: { ...connection, timeoutMs: 30000 } });
    expect(updated.outs).toMatchObject({ pciValue: "0/0000:06:00.0", connection: { ...connection, timeoutMs: 30000 } });
    // One listing, side by side: every guest's xe vm-list and the pool's xe host-list in an exec
    // each, xenstore, sysfs and the inventory together in a third.
    expect(sim.state().counters).toMatchObject({ execs: 3, xeCalls: 2 });
  });

  test("an unknown VM is refused with a clear message", async () => {
    const error = await failureOf(call.create(inputs(UNKNOWN_VM, ["06:00.0"])));
    expect(error).toBeInstanceOf(HostStateError);
    expect(error.message).toBe(
      `Unable to create PCI assignment for VM ${UNKNOWN_VM}: no VM with UUID ${UNKNOWN_VM} exists on 127.0.0.1.\n` +
        "Check vmUuid against `xe vm-list params=uuid,name-label` on the host; if the VM was deleted, remove the resource from the program.",
    );
  });
});
