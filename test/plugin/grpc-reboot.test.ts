/**
 * One plugin process is one run: two `HiddenPciDevice`s with
 * `reboot: "whenRequired"` created side by side through the plugin share one
 * host reboot, as with the dynamic resources, and the reboot's progress
 * reaches the engine's log under one of them.
 */
import { simConnection } from "../support/sim-cases";
import { useSimHost } from "../support/sim-fixture";
import { FakeEngine, PluginProcess, secret, urnOf } from "./plugin-client";

describe("host reboots through the plugin, on a simulated XenServer 6.2 host", () => {
  // The plugin's connections end before the host stops.
  const sim = useSimHost({ profile: "xs62", rebootDownMs: 1500, rebootDelayMs: 300, shutdownTimeoutMs: 500 }, {
    name: "xspci-plugin-reboot-",
    beforeStop: async () => {
      await plugin.stop();
      await engine.stop();
    },
  });
  let engine: FakeEngine;
  let plugin: PluginProcess;

  beforeAll(async () => {
    engine = await FakeEngine.start();
    plugin = await PluginProcess.start({ engineAddress: engine.address });
  });

  test("two hides of one run: one reboot, both devices hidden now, the VMs that ran running again", async () => {
    const connection = simConnection(sim);
    const wired = { ...connection, privateKey: secret(connection.privateKey) };
    const original = sim.readHostFile("/boot/extlinux.conf");
    const bootsBefore = sim.state().boots;
    const urns = [urnOf("xenserver-pci:index:HiddenPciDevice", "sas"), urnOf("xenserver-pci:index:HiddenPciDevice", "nic")];
    const created = await Promise.all(
      ["01:00.0", "06:00.0"].map((address, i) => plugin.create(urns[i] ?? "", { connection: wired, address, reboot: "whenRequired", rebootTimeoutMs: 60_000 })),
    );
    expect(sim.state().boots).toBe(bootsBefore + 1);
    for (const { outs } of created) {
      expect(outs).toMatchObject({ connection: wired, hiddenInBootConfig: true, hiddenNow: true, pendingHostReboot: false, nextSteps: [] });
    }
    expect(sim.state().pcis.filter((pci) => pci.driver === "pciback").map((pci) => pci.address)).toEqual(["0000:01:00.0", "0000:06:00.0"]);
    expect(sim.state().vms.map((vm) => [vm.nameLabel, vm.powerState])).toEqual([
      ["NAS", "running"],
      ["Gaming", "running"],
      ["TV", "halted"],
    ]);
    const back = engine.lines.filter((line) => line.message === "Host 127.0.0.1: back and enabled.");
    expect(back).toHaveLength(1);
    expect(urns).toContain(back[0]?.urn);
    expect(plugin.laterStdout).toBe("");

    await Promise.all(created.map(({ id, outs }, i) => plugin.delete(urns[i] ?? "", id, outs)));
    expect(sim.readHostFile("/boot/extlinux.conf")).toBe(original);
    expect(sim.state().boots).toBe(bootsBefore + 1);
  });
});
