import * as fs from "node:fs";
import * as path from "node:path";

import { closeSessions } from "../../provider/host/session/session-registry";
import { hiddenPciDeviceProvider } from "../../provider/providers/hidden-pci-device";
import { DEFAULT_HOST_UUID, readExtlinuxInstalls } from "../../sim/host";
import { SIM_CASES, simConnection, type SimCase } from "../support/sim-cases";
import { BOOT_EXPECTATIONS, bootView, withHideList, XS62_LABELS, type BootExpectations } from "../support/hide-list-text";
import { nextRun } from "../support/next-run";
import { useSimHost } from "../support/sim-fixture";

/** Every method is implemented; the type says optional. */
const provider = hiddenPciDeviceProvider;

/** A simulated host flavour with what its profile's boot configuration should look like. */
type ProfileExpectations = SimCase & BootExpectations;

const PROFILES: ProfileExpectations[] = SIM_CASES.map((c) => ({ ...c, ...BOOT_EXPECTATIONS[c.profile] }));

function rebootSentence(address: string, hideParameter: string): string {
  return `Reboot host 127.0.0.1 so that dom0 stops using ${address}: it is in the ${hideParameter} list but not yet bound to pciback.`;
}

describe.each(PROFILES)("HiddenPciDevice against a simulated $name host over SSH", (p) => {
  const sim = useSimHost({ profile: p.profile, legacySsh: p.legacySsh }, { name: `hidden-pci-${p.name}-`, beforeStop: closeSessions });
  let original: string;
  let connection: Record<string, unknown>;

  const create = (address: string, extra: Record<string, unknown> = {}) =>
    provider.create({ connection, address, method: "auto", ...extra });
  const bootConfig = (): string => sim.readHostFile(p.bootPath);
  /** What the host will boot with: the exact text of extlinux.conf, the entries' arguments of grub.cfg (see bootView). */
  const view = (text: string): string => bootView(p.profile, text);

  beforeAll(() => {
    connection = simConnection(sim);
    original = bootConfig();
  });

  // Each test is a run of its own: a new provider process, nothing read yet.
  beforeEach(() => {
    nextRun();
  });

  afterEach(() => {
    // Every test leaves the host as it found it, checked here so a leak is visible.
    expect(view(bootConfig())).toBe(view(original));
  });

  test("create puts the full-form entry in the dom0 arguments of each chosen entry, and nowhere else", async () => {
    const installsBefore = readExtlinuxInstalls(sim.info.dir).length;
    const result = await create("01:00.0");
    expect(result).toEqual({
      id: "127.0.0.1/0000:01:00.0",
      outs: {
        connection,
        address: "0000:01:00.0",
        hostUuid: DEFAULT_HOST_UUID,
        method: p.method,
        bootEntries: p.bootEntries,
        hideParameter: p.hideParameter,
        hiddenInBootConfig: true,
        hiddenNow: false,
        pendingHostReboot: true,
        hardware: {
          address: "0000:01:00.0",
          vendorId: "1000",
          deviceId: "0072",
          subsystemVendorId: "1000",
          subsystemId: "3020",
          classCode: "010700",
          vendorName: "LSI Logic / Symbios Logic",
          deviceName: "SAS2008 PCI-Express Fusion-MPT SAS-2 [Falcon]",
        },
        boundId: "1000:0072:1000:3020",
        hardwareChanged: false,
        reboot: "never",
        rebootTimeoutMs: 1200000,
        nextSteps: [rebootSentence("0000:01:00.0", p.hideParameter)],
      },
    });
    const edited = withHideList(original, p, p.editedEntries, "(0000:01:00.0)");
    expect(view(edited)).not.toBe(view(original));
    expect(view(bootConfig())).toBe(view(edited));
    const installs = readExtlinuxInstalls(sim.info.dir);
    // extlinux -i runs once, after the rename: the boot sector is installed from the new file.
    expect(installs.slice(installsBefore)).toEqual(p.profile === "xs62" ? [edited] : []);

    await provider.delete(result.id, result.outs);
    expect(view(bootConfig())).toBe(view(original));
  });

  test("after a host reboot read reports the device hidden now, and delete says it stays hidden until the next one", async () => {
    const result = await create("01:00.0");
    sim.rebootHost();
    nextRun();
    const read = await provider.read(result.id, result.outs);
    expect(read.props).toEqual({
      ...result.outs,
      hiddenNow: true,
      pendingHostReboot: false,
      nextSteps: [],
    });
    expect(sim.state().pcis.find((pci) => pci.address === "0000:01:00.0")?.driver).toBe("pciback");

    const log = jest.spyOn(console, "log").mockImplementation(() => undefined);
    try {
      await provider.delete(result.id, read.props);
      expect(log.mock.calls).toEqual([["0000:01:00.0 stays hidden from dom0 on 127.0.0.1 until the host reboots."]]);
    } finally {
      log.mockRestore();
    }
    expect(view(bootConfig())).toBe(view(original));
    sim.rebootHost();
    nextRun();
    expect(sim.state().pcis.find((pci) => pci.address === "0000:01:00.0")?.driver).not.toBe("pciback");
  });

  test("three devices created in parallel all end up in the list exactly once, and deleting them restores the file byte for byte", async () => {
    const addresses = ["0000:01:00.0", "0000:06:00.0", "0000:07:00.0"];
    const results = await Promise.all(addresses.map((address) => create(address)));
    const text = bootConfig();
    for (const address of addresses) {
      expect(text.split(`(${address})`).length - 1).toBe(p.editedEntries.length);
    }
    const lists = [...text.matchAll(new RegExp(`${p.hideParameter.replace(".", "\\.")}=(\\S+)`, "g"))].map((m) => m[1]);
    expect(lists).toHaveLength(p.editedEntries.length);
    const list = lists[0] ?? "";
    expect(lists.every((value) => value === list)).toBe(true);
    expect(list.match(/\(0000:[0-9a-f:.]+\)/g)?.sort()).toEqual(addresses.map((a) => `(${a})`));
    expect(view(text)).toBe(view(withHideList(original, p, p.editedEntries, list)));

    await Promise.all(results.map((r) => provider.delete(r.id, r.outs)));
    expect(view(bootConfig())).toBe(view(original));
    expect(fs.readdirSync(path.join(sim.info.dir, "root", "boot")).filter((name) => name.startsWith(".xspci"))).toEqual([]);
  });

  test("a hand-removed entry shows as drift on read, and update puts it back", async () => {
    const result = await create("06:00.0");
    const outs = result.outs;
    const handEdited = p.profile === "xs62" ? withHideList(original, p, ["xe", "safe", "fallback", "fallback-serial"], "(0000:06:00.0)") : original;
    sim.writeHostFile(p.bootPath, handEdited);
    nextRun();

    const read = await provider.read(result.id, outs);
    const where =
      p.method === "extlinux"
        ? '/boot/extlinux.conf (labels xe, xe-serial, safe, fallback, fallback-serial)'
        : p.method === "xen-cmdline"
          ? "the dom0 arguments of the grub configuration (/opt/xensource/libexec/xen-cmdline --get-dom0 xen-pciback.hide)"
          : "xapi's dom0 access setting (xe pci-get-dom0-access-status)";
    const partial = p.profile === "xs62" ? ['0000:06:00.0 is in pciback.hide of "xe", "safe", "fallback", "fallback-serial" but not of "xe-serial".'] : [];
    expect(read.props).toEqual({
      ...outs,
      hiddenInBootConfig: false,
      pendingHostReboot: false,
      nextSteps: [...partial, `0000:06:00.0 is missing from ${p.hideParameter} in ${where}; run \`pulumi up\` to add it again.`],
    });
    const readProps = read.props;
    const news = { connection, address: "06:00.0", method: "auto" };
    expect(await provider.diff(result.id, readProps, news)).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });

    const updated = await provider.update(result.id, readProps, news);
    expect(updated.outs).toEqual(outs);
    expect(view(bootConfig())).toBe(view(withHideList(original, p, p.editedEntries, "(0000:06:00.0)")));

    await provider.delete(result.id, updated.outs);
  });

  test("the controller of dom0's root disk is refused, and the boot config stays untouched", async () => {
    await expect(create("00:1f.2")).rejects.toMatchObject({
      code: "ROOT_DISK_CONTROLLER",
      message:
        "Unable to create hidden PCI device 0000:00:1f.2 on 127.0.0.1: 0000:00:1f.2 is the controller of dom0's root disk " +
        "(/sys/devices/pci0000:00/0000:00:1f.2/host0/target0:0:0/0:0:0:0/block/sda/sda1); hiding it from dom0 would leave the host unable to boot.\n" +
        "Remove this HiddenPciDevice from the program: dom0 must keep the device it boots from. Pass another controller to the VM instead.",
    });
  });

  test("an address the host does not have is refused", async () => {
    await expect(create("0a:00.0")).rejects.toMatchObject({
      code: "PCI_DEVICE_NOT_FOUND",
      message:
        "Unable to create hidden PCI device 0000:0a:00.0 on 127.0.0.1: the host has no PCI device 0000:0a:00.0 " +
        "(it has 0000:00:19.0, 0000:00:1f.2, 0000:01:00.0, 0000:06:00.0, 0000:07:00.0, 0000:07:00.1).\n" +
        "Check the address with `lspci` on the host and correct it in the program.",
    });
  });

  test("foreign hand-written entries survive the add and the remove of ours", async () => {
    // XCP-ng 8.3's xapi parses only the full form, so a hand-written list there is in the full form.
    const foreign = p.profile === "xcpng83" ? "(0000:07:00.1)" : "(07:00.1)";
    const handWritten = withHideList(original, p, p.profile === "xs62" ? ["xe"] : p.editedEntries, foreign);
    sim.writeHostFile(p.bootPath, handWritten);
    nextRun();
    try {
      const result = await create("01:00.0");
      const expected =
        p.profile === "xs62"
          ? withHideList(withHideList(original, p, XS62_LABELS, "(0000:01:00.0)"), p, ["xe"], `${foreign}(0000:01:00.0)`)
          : // xapi's disable puts the new device first, then the list it found, reversed.
            withHideList(original, p, p.editedEntries, p.profile === "xcpng83" ? `(0000:01:00.0)${foreign}` : `${foreign}(0000:01:00.0)`);
      expect(view(bootConfig())).toBe(view(expected));
      await provider.delete(result.id, result.outs);
      expect(view(bootConfig())).toBe(view(handWritten));
    } finally {
      sim.writeHostFile(p.bootPath, original);
    }
  });
});
