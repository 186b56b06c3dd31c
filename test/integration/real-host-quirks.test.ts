/**
 * What real hosts do that our first picture missed (docs/host-facts.md), over
 * real SSH against the simulated host that now behaves like them:
 * - XCP-ng 8.3's `pci-enable-dom0-access` removes only the lower-case form of
 *   an entry, so a device hidden by hand in upper case stays hidden;
 * - one hide entry in a form other than `(0000:06:00.0)` makes every
 *   `pci-*-dom0-access` command fail with xapi's raw scan failure;
 * - a `pci` key that lists a device twice is plugged once, at its last place.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { closeSessions } from "../../provider/host/session/session-registry";
import { hiddenPciDeviceProvider as hidden } from "../../provider/providers/hidden-pci-device";
import { pciAssignmentProvider as assignment } from "../../provider/providers/pci-assignment";
import { runTool } from "../../sim/host";
import { generatedInventory, generatedPciAddress } from "../support/generated-inventory";
import { nextRun } from "../support/next-run";
import { rejectionOf } from "../support/rejection";
import { simConnection } from "../support/sim-cases";
import { useSimHost } from "../support/sim-fixture";

const XEN_CMDLINE = "/opt/xensource/libexec/xen-cmdline";
/** A device whose bus number has a hex letter: 0000:2a:00.0. */
const LETTERED = generatedPciAddress(10);

describe("XCP-ng 8.3 hosts whose hide list was typed by hand", () => {
  const sim = useSimHost({ profile: "xcpng83", inventory: generatedInventory("xcpng83", { vms: 0, devices: 12 }) }, { name: "xspci-quirks-", beforeStop: closeSessions });
  let connection: Record<string, unknown>;
  const hideList = (): string => runTool(sim.info.dir, "xen-cmdline", ["--get-dom0", "xen-pciback.hide"]).stdout;
  const setHideList = (value: string): void => {
    expect(runTool(sim.info.dir, "xen-cmdline", ["--set-dom0", `xen-pciback.hide=${value}`]).exitCode).toBe(0);
  };

  beforeAll(() => {
    connection = simConnection(sim);
  });

  beforeEach(() => {
    expect(runTool(sim.info.dir, "xen-cmdline", ["--delete-dom0", "xen-pciback.hide"]).exitCode).toBe(0);
    nextRun();
  });

  test("an entry typed in upper case is adopted at create and removed at delete, leaving the others", async () => {
    setHideList("(0000:2A:00.0)(0000:01:00.0)");
    const created = await hidden.create({ connection, address: "2a:00.0", method: "auto" });
    expect(created.outs).toMatchObject({ address: LETTERED, method: "dom0-access", hiddenInBootConfig: true });
    // Adopted as it was: nothing written.
    expect(hideList()).toBe("xen-pciback.hide=(0000:2A:00.0)(0000:01:00.0)\n");

    await hidden.delete(created.id, created.outs);
    expect(hideList()).toBe("xen-pciback.hide=(0000:01:00.0)\n");
    const uuid = sim.xe("pci-list", `pci-id=${LETTERED}`, "params=uuid", "--minimal").stdout.trim();
    expect(sim.xe("pci-get-dom0-access-status", `uuid=${uuid}`).stdout).toBe("enabled\n");
  });

  test("an upper-case entry that is the only one leaves no hide parameter behind", async () => {
    setHideList("(0000:2A:00.0)");
    const created = await hidden.create({ connection, address: LETTERED, method: "auto" });
    await hidden.delete(created.id, created.outs);
    expect(hideList()).toBe("\n");
  });

  // 0000:2b:00.0 (generated device 11) typed by hand in the short form.
  test("a short entry typed by hand: changes fail naming it and the command that fixes it, reads report it, and the fix converges", async () => {
    const nic = await hidden.create({ connection, address: "06:00.0", method: "auto" });
    setHideList(`(0000:06:00.0)(2b:00.0)`);
    nextRun();
    const before = fs.readFileSync(path.join(sim.info.dir, "root", "boot", "grub", "grub.cfg"), "utf8");

    const fix = `${XEN_CMDLINE} --set-dom0 'xen-pciback.hide=(0000:06:00.0)(0000:2b:00.0)'`;
    const error = await rejectionOf(hidden.create({ connection, address: "01:00.0", method: "auto" }));
    expect(error).toMatchObject({
      code: "HIDE_LIST_UNREADABLE_BY_XAPI",
      message:
        "Unable to create hidden PCI device 0000:01:00.0 on 127.0.0.1: disabling dom0 access to 0000:01:00.0 on 127.0.0.1: " +
        'xapi cannot read the xen-pciback.hide list: "(2b:00.0)" is not in the full (0000:06:00.0) form it reads, ' +
        "so every xe pci-*-dom0-access command on this host fails.\n" +
        `Rewrite the list in the full form on the host, then run the update again: \`${fix}\`.`,
    });
    // Refused before anything was changed.
    expect(fs.readFileSync(path.join(sim.info.dir, "root", "boot", "grub", "grub.cfg"), "utf8")).toBe(before);

    // The resource already there still reads, and says what is wrong and how to fix it.
    const read = await hidden.read(nic.id, nic.outs);
    expect(read.props).toMatchObject({ hiddenInBootConfig: true, pendingHostReboot: true });
    expect(read.props.nextSteps).toContain(
      'xapi cannot read the xen-pciback.hide list: "(2b:00.0)" is not in the full (0000:06:00.0) form it reads, ' +
        `so every xe pci-*-dom0-access command on this host fails. Fix it on the host: \`${fix}\`.`,
    );

    // The operator runs the command the error gave; the next run converges.
    const [command = "", ...args] = fix.replace(/'/g, "").split(" ");
    expect(runTool(sim.info.dir, path.basename(command), args).exitCode).toBe(0);
    nextRun();
    const created = await hidden.create({ connection, address: "01:00.0", method: "auto" });
    expect(created.outs.hiddenInBootConfig).toBe(true);
    expect(hideList()).toBe(`xen-pciback.hide=(0000:01:00.0)(0000:2b:00.0)(0000:06:00.0)\n`);
    await hidden.delete(created.id, created.outs);
    await hidden.delete(nic.id, nic.outs);
    expect(hideList()).toBe(`xen-pciback.hide=(0000:2b:00.0)\n`);
  });
});

describe("a pci key that lists a device twice", () => {
  const sim = useSimHost({ profile: "xs62" }, { name: "xspci-dup-", beforeStop: closeSessions });
  let connection: Record<string, unknown>;
  const NAS = "db4c64e1-44ce-f9f3-3236-0d86df260249";

  beforeAll(() => {
    connection = simConnection(sim);
  });

  test("is read back as what xenopsd plugs, and its pending cold boot clears after one", async () => {
    expect(sim.xe("vm-param-set", `uuid=${NAS}`, "other-config:pci=0/0000:01:00.0,1/0000:06:00.0,2/0000:01:00.0").exitCode).toBe(0);
    nextRun();
    // Adopted: the key plugs exactly 06:00.0 then 01:00.0.
    const created = await assignment.create({ connection, vmUuid: NAS, devices: ["06:00.0", "01:00.0"] });
    expect(created.outs).toMatchObject({
      pciValue: "0/0000:01:00.0,1/0000:06:00.0,2/0000:01:00.0",
      devices: ["0000:06:00.0", "0000:01:00.0"],
      pendingColdBoot: true,
    });
    expect(sim.xe("vm-shutdown", `uuid=${NAS}`, "--force").exitCode).toBe(0);
    expect(sim.xe("vm-start", `uuid=${NAS}`).exitCode).toBe(0);
    const read = await assignment.read(created.id, created.outs);
    expect(read.props).toMatchObject({ attachedDevices: ["0000:06:00.0", "0000:01:00.0"], pendingColdBoot: false, nextSteps: [] });
    await assignment.delete(created.id, created.outs);
  });
});
