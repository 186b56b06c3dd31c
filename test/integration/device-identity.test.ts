/**
 * Device identity against the simulated host over real SSH: a card moved
 * while the host was off (read reports it and where the card went, update
 * refuses, the corrected program converges), bound ids given by the program,
 * a GPU passed without its audio function, and a host whose IOMMU is off.
 */
import { HostStateError } from "../../provider/errors";
import { closeSessions } from "../../provider/host/session/session-registry";
import { hiddenPciDeviceProvider as hidden } from "../../provider/providers/hidden-pci-device";
import { pciAssignmentProvider as assignment } from "../../provider/providers/pci-assignment";
import type { InventoryPci } from "../../sim";
import { defaultInventory } from "../../sim/host/default-inventory";
import { boundIdOf, hardwareOf, pciAt } from "../support/inventory-hardware";
import { nextRun } from "../support/next-run";
import { simConnection } from "../support/sim-cases";
import { useSimHost } from "../support/sim-fixture";

const NAS = "db4c64e1-44ce-f9f3-3236-0d86df260249";
const TV = "3e5b9d70-1f2c-4a8e-b6d4-90c1e7f2a845";
const SEED = defaultInventory("xs82").pcis;
const NIC = pciAt(SEED, "0000:06:00.0");
/** An Intel 82574L put where the Atheros NIC was, which moved to 08:00.0 while the host was off. */
const INTEL_NIC: InventoryPci = {
  address: "0000:06:00.0",
  vendor: "0x8086",
  device: "0x10d3",
  class: "0x020000",
  driver: "e1000e",
  vendorName: "Intel Corporation",
  deviceName: "82574L Gigabit Network Connection",
  subsystemVendor: "0x8086",
  subsystemDevice: "0xa01f",
  subsystemVendorName: "Intel Corporation",
  subsystemName: "Gigabit CT Desktop Adapter",
};
const MOVED: InventoryPci[] = [...SEED.filter((pci) => pci.address !== NIC.address), INTEL_NIC, { ...NIC, address: "0000:08:00.0" }].sort((a, b) =>
  a.address.localeCompare(b.address),
);

async function failureOf(promise: Promise<unknown>): Promise<HostStateError> {
  try {
    await promise;
  } catch (error) {
    return error as HostStateError;
  }
  throw new Error("expected the operation to fail");
}

describe("device identity on a simulated xs82 host", () => {
  const sim = useSimHost({ profile: "xs82" }, { name: "xspci-identity-", beforeStop: closeSessions });
  let connection: Record<string, unknown>;
  const key = (uuid: string): string | undefined => sim.state().vms.find((vm) => vm.uuid === uuid)?.otherConfig.pci;

  beforeAll(() => {
    connection = simConnection(sim);
  });

  test("a card moved while the host was off: read reports it and where it went, update refuses, the corrected program converges", async () => {
    const wanted = { connection, vmUuid: NAS, devices: ["06:00.0"] };
    const created = await assignment.create(wanted);
    expect(created.outs).toMatchObject({ hardware: [hardwareOf(NIC)], boundIds: [boundIdOf(NIC)], hardwareChanged: [], missingFunctions: [] });
    const hide = { connection, address: "06:00.0" };
    const hiddenCreated = await hidden.create(hide);
    expect(hiddenCreated.outs).toMatchObject({ hardware: hardwareOf(NIC), boundId: boundIdOf(NIC), hardwareChanged: false });

    sim.rebootHost({ pcis: MOVED });
    nextRun();

    const moved =
      `0000:06:00.0 now holds 8086:10d3:8086:a01f (Intel Corporation 82574L Gigabit Network Connection), not the bound ${boundIdOf(NIC)}, ` +
      "which is now at 0000:08:00.0: the cards were renumbered while the host was off.";
    const read = await assignment.read(created.id, created.outs);
    expect(read.props).toMatchObject({
      hardware: [hardwareOf(INTEL_NIC)],
      boundIds: [boundIdOf(NIC)],
      hardwareChanged: ["0000:06:00.0"],
      pciValue: "0/0000:06:00.0",
    });
    expect((read.props.nextSteps)[0]).toBe(moved);
    // The refresh found the change: the next preview proposes an update, which refuses until the program is corrected.
    await expect(assignment.diff(created.id, read.props, wanted)).resolves.toMatchObject({ changes: true, replaces: [] });
    const refused = await failureOf(assignment.update(created.id, read.props, wanted));
    expect(refused).toMatchObject({ name: "HostStateError", code: "PCI_DEVICE_CHANGED" });
    expect(refused.message).toBe(
      `Unable to update PCI assignment for VM ${NAS}: ${moved}\n` +
        `Change devices to the new addresses (0000:06:00.0 → 0000:08:00.0) and run the update again. ` +
        `If the card was replaced on purpose, set deviceIds[0] to "8086:10d3:8086:a01f" (the id of what is there now). ` +
        "`npx pulumi-xenserver-pci devices` lists every device of the host with its id.",
    );
    expect(key(NAS)).toBe("0/0000:06:00.0");

    const corrected = await assignment.update(created.id, read.props, { ...wanted, devices: ["08:00.0"] });
    expect(corrected.outs).toMatchObject({
      devices: ["0000:08:00.0"],
      pciValue: "0/0000:08:00.0",
      hardware: [{ ...hardwareOf(NIC), address: "0000:08:00.0" }],
      boundIds: [boundIdOf(NIC)],
      hardwareChanged: [],
    });
    expect(key(NAS)).toBe("0/0000:08:00.0");

    const hiddenRead = await hidden.read(hiddenCreated.id, hiddenCreated.outs);
    expect(hiddenRead.props).toMatchObject({ hardware: hardwareOf(INTEL_NIC), boundId: boundIdOf(NIC), hardwareChanged: true, hiddenNow: true });
    expect((hiddenRead.props.nextSteps)[0]).toBe(`${moved} dom0 hides what is there at boot and keeps 0000:08:00.0: change address to 0000:08:00.0.`);
    await expect(hidden.diff(hiddenCreated.id, hiddenRead.props, hide)).resolves.toMatchObject({ changes: true, replaces: [] });
    const hideRefused = await failureOf(hidden.update(hiddenCreated.id, hiddenRead.props, hide));
    expect(hideRefused).toMatchObject({ code: "PCI_DEVICE_CHANGED" });
    expect(hideRefused.message.split("\n")[1]).toBe(
      `Change address to 0000:08:00.0 and run the update again. If the card was replaced on purpose, set deviceId to "8086:10d3:8086:a01f" (the id of what is there now). ` +
        "`npx pulumi-xenserver-pci devices` lists every device of the host with its id.",
    );
    // The corrected program names another address: the engine replaces (delete first, then create).
    const fixedHide = { ...hide, address: "08:00.0" };
    await expect(hidden.diff(hiddenCreated.id, hiddenRead.props, fixedHide)).resolves.toMatchObject({ replaces: ["address"], deleteBeforeReplace: true });
    await hidden.delete(hiddenCreated.id, hiddenRead.props);
    const replaced = await hidden.create(fixedHide);
    expect(replaced.outs).toMatchObject({ address: "0000:08:00.0", hardware: { ...hardwareOf(NIC), address: "0000:08:00.0" }, boundId: boundIdOf(NIC), hardwareChanged: false });
    expect(sim.state().cmdline).toContain("(0000:06:00.0)");

    await assignment.delete(created.id, corrected.outs);
    await hidden.delete(replaced.id, replaced.outs);
    sim.rebootHost({ pcis: SEED });
    nextRun();
  });

  test("deviceIds that name another card than the one at the address refuse create before anything is written", async () => {
    const error = await failureOf(assignment.create({ connection, vmUuid: TV, devices: ["06:00.0", "01:00.0"], deviceIds: ["1969:1063", "8086:10d3"] }));
    expect(error).toMatchObject({ code: "PCI_DEVICE_CHANGED" });
    expect(error.message.split("\n")[0]).toBe(
      `Unable to create PCI assignment for VM ${TV}: 0000:01:00.0 now holds ${boundIdOf(pciAt(SEED, "0000:01:00.0"))} (LSI Logic / Symbios Logic SAS2008 PCI-Express Fusion-MPT SAS-2 [Falcon]), ` +
        "not the bound 8086:10d3; the host has no 8086:10d3 any more (the card was removed or replaced while the host was off).",
    );
    expect(key(TV)).toBeUndefined();
    // Given ids that match (the short form compares vendor and device only) are kept as given.
    const created = await assignment.create({ connection, vmUuid: TV, devices: ["06:00.0"], deviceIds: ["1969:1063"] });
    expect(created.outs).toMatchObject({ deviceIds: ["1969:1063"], boundIds: ["1969:1063"], hardwareChanged: [] });
    await assignment.delete(created.id, created.outs);
  });

  test("a GPU passed without its HDMI audio function is written, and the outputs say to pass the audio too", async () => {
    const created = await assignment.create({ connection, vmUuid: TV, devices: ["07:00.0"] });
    expect(created.outs.missingFunctions).toEqual(["0000:07:00.1"]);
    expect(created.outs.nextSteps).toEqual([
      "Pass 0000:07:00.1 too: it is another function of a card in devices (a GPU's HDMI audio, a second port), and guest drivers expect every function of a card.",
    ]);
    const both = await assignment.update(created.id, created.outs, { connection, vmUuid: TV, devices: ["07:00.0", "07:00.1"] });
    expect(both.outs).toMatchObject({ missingFunctions: [], nextSteps: [], pciValue: "0/0000:07:00.0,1/0000:07:00.1" });
    await assignment.delete(created.id, both.outs);
  });
});

describe("a simulated host whose IOMMU is off", () => {
  const sim = useSimHost({ profile: "xcpng83", inventory: { ...defaultInventory("xcpng83"), host: { iommu: false } } }, { name: "xspci-iommu-", beforeStop: closeSessions });
  let connection: Record<string, unknown>;

  beforeAll(() => {
    connection = simConnection(sim);
  });

  test('coldBoot "whenRequired" refuses before touching the VM: a running VM is left running and its key untouched', async () => {
    const before = sim.state().vms.find((vm) => vm.uuid === NAS);
    const error = await failureOf(assignment.create({ connection, vmUuid: NAS, devices: ["01:00.0"], coldBoot: "whenRequired" }));
    expect(error).toMatchObject({ name: "HostStateError", code: "IOMMU_DISABLED" });
    expect(error.message).toBe(
      `Unable to create PCI assignment for VM ${NAS}: the IOMMU (VT-d / AMD-Vi) of 127.0.0.1 is off (chipset-info iommu: false), so VM "NAS" (${NAS}) would not start again after its cold boot; nothing was changed.\n` +
        'Enable VT-d (Intel) or AMD-Vi (AMD) in the host\'s firmware and reboot the host, or set coldBoot: "never" to write the key now and cold boot the VM once the IOMMU is on.',
    );
    expect(sim.state().vms.find((vm) => vm.uuid === NAS)).toEqual(before);
  });

  test('coldBoot "never" writes the key and says the VM will not start until the IOMMU is on', async () => {
    const created = await assignment.create({ connection, vmUuid: TV, devices: ["06:00.0"] });
    expect(created.outs).toMatchObject({ iommuEnabled: false, pciValue: "0/0000:06:00.0", powerState: "halted" });
    expect(created.outs.nextSteps).toEqual([
      `The IOMMU (VT-d / AMD-Vi) of the host is off: VM "TV" (${TV}) will not start with passthrough devices until it is enabled in the host's firmware and the host rebooted.`,
    ]);
    // And indeed: xapi accepts the key, and the start fails.
    const start = sim.xe("vm-start", `uuid=${TV}`);
    expect(start.exitCode).toBe(1);
    expect(start.stderr).toContain('xenopsd internal error: Invalid_argument("IOMMU unavailable")');
    await assignment.delete(created.id, created.outs);
  });
});
