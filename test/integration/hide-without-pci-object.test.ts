/**
 * Hiding a device xapi has no PCI object for, on a simulated XCP-ng 8.3 host
 * over SSH. xapi makes PCI objects only for storage, network and display
 * controllers and the other functions of their cards (xen-api `xapi_pci.ml`
 * `managed_classes`), so `xe pci-*-dom0-access` cannot reach a USB controller:
 * `method: "auto"` hides it with xen-cmdline in the same grub list, an explicit
 * `"dom0-access"` is refused before anything is touched, and a NIC on the same
 * host still goes through xapi.
 */
import { getPciDevices } from "../../provider";
import { closeSessions } from "../../provider/host/session/session-registry";
import { hiddenPciDeviceProvider as provider } from "../../provider/providers/hidden-pci-device";
import type { InventoryPci } from "../../sim";
import { DEFAULT_HOST_UUID, defaultInventory } from "../../sim/host";
import { nextRun } from "../support/next-run";
import { simConnection } from "../support/sim-cases";
import { useSimHost } from "../support/sim-fixture";

const GRUB = "/boot/grub/grub.cfg";
const USB = "0000:08:00.0";
const NIC = "0000:06:00.0";

/** A USB 3 add-in card: an xHCI controller (class 0c0330), alone on its slot, so xapi makes no PCI object for it. */
const USB_CARD: InventoryPci = {
  address: USB,
  vendor: "0x1912",
  device: "0x0014",
  class: "0x0c0330",
  driver: "xhci_hcd",
  vendorName: "Renesas Technology Corp.",
  deviceName: "uPD720201 USB 3.0 Host Controller",
  subsystemVendor: "0x1912",
  subsystemDevice: "0x0014",
  revision: "0x03",
};

const USB_HARDWARE = {
  address: USB,
  vendorId: "1912",
  deviceId: "0014",
  subsystemVendorId: "1912",
  subsystemId: "0014",
  classCode: "0c0330",
  vendorName: "Renesas Technology Corp.",
  deviceName: "uPD720201 USB 3.0 Host Controller",
};

const NIC_HARDWARE = {
  address: NIC,
  vendorId: "1969",
  deviceId: "1063",
  subsystemVendorId: "1458",
  subsystemId: "e000",
  classCode: "020000",
  vendorName: "Qualcomm Atheros",
  deviceName: "AR8131 Gigabit Ethernet",
};

/** The block xen-cmdline adds before the first entry the first time it rewrites the file. */
const LOAD_ENV = 'if [ -s $prefix/grubenv ]; then\n\tload_env\nfi\n\nif [ -n "$override_entry" ]; then\n\tset default=$override_entry\nfi\n\n';

/**
 * The simulated XCP-ng 8.3 grub.cfg, byte for byte: as the installer wrote it
 * (`rewritten: false`), or as xen-cmdline rewrites it, with `hide` at the end
 * of the dom0 arguments of the `XCP-ng` and `XCP-ng (Serial)` entries.
 */
function grubCfg(rewritten: boolean, hide?: string): string {
  const param = hide === undefined ? "" : ` xen-pciback.hide=${hide}`;
  return (
    "serial --unit=0 --speed=115200\n" +
    "terminal_input serial console\n" +
    "terminal_output serial console\n" +
    "set default=0\n" +
    "set timeout=5\n" +
    (rewritten ? LOAD_ENV : "") +
    "menuentry 'XCP-ng' {\n" +
    "\tsearch --label --set root root-5f0c7a\n" +
    "\tmultiboot2 /boot/xen.gz dom0_mem=7584M,max:7584M watchdog ucode=scan dom0_max_vcpus=1-16 crashkernel=256M,below=4G console=vga vga=mode-0x0311\n" +
    `\tmodule2 /boot/vmlinuz-4.19-xen root=LABEL=root-5f0c7a ro nolvm hpet=disable console=hvc0 console=tty0 quiet vga=785 splash plymouth.ignore-serial-consoles${param}\n` +
    "\tmodule2 /boot/initrd-4.19-xen.img\n" +
    "}\n" +
    "menuentry 'XCP-ng (Serial)' {\n" +
    "\tsearch --label --set root root-5f0c7a\n" +
    "\tmultiboot2 /boot/xen.gz com1=115200,8n1 console=com1,vga dom0_mem=7584M,max:7584M watchdog ucode=scan dom0_max_vcpus=1-16 crashkernel=256M,below=4G\n" +
    `\tmodule2 /boot/vmlinuz-4.19-xen root=LABEL=root-5f0c7a ro nolvm hpet=disable console=tty0 console=hvc0${param}\n` +
    "\tmodule2 /boot/initrd-4.19-xen.img\n" +
    "}\n" +
    "menuentry 'XCP-ng in Safe Mode' {\n" +
    "\tsearch --label --set root root-5f0c7a\n" +
    "\tmultiboot2 /boot/xen.gz nosmp noreboot noirqbalance no-mce no-bootscrub no-numa no-hap no-mmcfg max_cstate=0 nmi=ignore allow_unsafe dom0_mem=7584M,max:7584M com1=115200,8n1 console=com1,vga\n" +
    "\tmodule2 /boot/vmlinuz-4.19-xen earlyprintk=xen root=LABEL=root-5f0c7a ro nolvm hpet=disable console=tty0 console=hvc0\n" +
    "\tmodule2 /boot/initrd-4.19-xen.img\n" +
    "}\n" +
    "menuentry 'XCP-ng (Xen 4.17.5 / Linux 4.19.0+1)' {\n" +
    "\tsearch --label --set root root-5f0c7a\n" +
    "\tmultiboot2 /boot/xen-fallback.gz dom0_mem=7584M,max:7584M watchdog ucode=scan dom0_max_vcpus=1-16 crashkernel=256M,below=4G\n" +
    "\tmodule2 /boot/vmlinuz-fallback root=LABEL=root-5f0c7a ro nolvm hpet=disable console=hvc0 console=tty0\n" +
    "\tmodule2 /boot/initrd-fallback.img\n" +
    "}\n" +
    "menuentry 'XCP-ng (Serial, Xen 4.17.5 / Linux 4.19.0+1)' {\n" +
    "\tsearch --label --set root root-5f0c7a\n" +
    "\tmultiboot2 /boot/xen-fallback.gz com1=115200,8n1 console=com1,vga dom0_mem=7584M,max:7584M watchdog ucode=scan dom0_max_vcpus=1-16 crashkernel=256M,below=4G\n" +
    "\tmodule2 /boot/vmlinuz-fallback root=LABEL=root-5f0c7a ro nolvm hpet=disable console=tty0 console=hvc0\n" +
    "\tmodule2 /boot/initrd-fallback.img\n" +
    "}\n"
  );
}

function rebootSentence(address: string): string {
  return `Reboot host 127.0.0.1 so that dom0 stops using ${address}: it is in the xen-pciback.hide list but not yet bound to pciback.`;
}

describe("HiddenPciDevice for a device without a PCI object, on a simulated XCP-ng 8.3 host over SSH", () => {
  const inventory = defaultInventory("xcpng83");
  const sim = useSimHost({ profile: "xcpng83", inventory: { ...inventory, pcis: [...inventory.pcis, USB_CARD] } }, { name: "hide-without-pci-object-", beforeStop: closeSessions });
  let connection: Record<string, unknown>;

  const create = (address: string, method: string) => provider.create({ connection, address, method });
  const bootConfig = (): string => sim.readHostFile(GRUB);
  /** `xe pci-list pci-id=… --minimal` on the host: the PCI object's UUID, or `""` when xapi has none. */
  const pciUuid = (address: string): string => sim.xe("pci-list", `pci-id=${address}`, "params=uuid", "--minimal").stdout.trim();
  const dom0AccessStatus = (address: string): string => sim.xe("pci-get-dom0-access-status", `uuid=${pciUuid(address)}`).stdout.trim();

  beforeAll(() => {
    connection = simConnection(sim);
  });

  // Each test is a run of its own, on the grub.cfg the installer wrote.
  beforeEach(() => {
    sim.writeHostFile(GRUB, grubCfg(false));
    nextRun();
  });

  test("the host is as the tests assume: xapi has a PCI object for the NIC and none for the USB controller", () => {
    expect(bootConfig()).toBe(grubCfg(false));
    expect(pciUuid(NIC)).toMatch(/^[0-9a-f-]{36}$/);
    expect(pciUuid(USB)).toBe("");
  });

  test("auto hides the USB controller with xen-cmdline, read reports it, and delete takes the entry out again", async () => {
    const result = await create("08:00.0", "auto");
    const outs = {
      connection,
      address: USB,
      hostUuid: DEFAULT_HOST_UUID,
      method: "xen-cmdline",
      bootEntries: [],
      hideParameter: "xen-pciback.hide",
      hiddenInBootConfig: true,
      hiddenNow: false,
      pendingHostReboot: true,
      hardware: USB_HARDWARE,
      boundId: "1912:0014:1912:0014",
      hardwareChanged: false,
      reboot: "never",
      rebootTimeoutMs: 1200000,
      nextSteps: [rebootSentence(USB)],
    };
    expect(result).toEqual({ id: `127.0.0.1/${USB}`, outs });
    expect(bootConfig()).toBe(grubCfg(true, `(${USB})`));

    nextRun();
    expect(await provider.read(result.id, result.outs)).toEqual({ id: result.id, props: outs });
    // A refresh keeps `auto` and the resolved method apart: nothing to do.
    expect(await provider.diff(result.id, outs, { connection, address: "08:00.0", method: "auto" })).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });

    nextRun();
    await provider.delete(result.id, outs);
    // xen-cmdline rewrote the file: its own form stays, without the parameter.
    expect(bootConfig()).toBe(grubCfg(true));
  });

  test("after a host reboot the USB controller is bound to pciback; delete leaves it so until the next one", async () => {
    const result = await create(USB, "auto");
    sim.rebootHost();
    nextRun();
    const read = await provider.read(result.id, result.outs);
    expect(read.props).toEqual({ ...result.outs, hiddenNow: true, pendingHostReboot: false, nextSteps: [] });
    expect(sim.state().pcis.find((pci) => pci.address === USB)?.driver).toBe("pciback");

    nextRun();
    const log = jest.spyOn(console, "log").mockImplementation(() => undefined);
    try {
      await provider.delete(result.id, read.props);
      expect(log.mock.calls).toEqual([[`${USB} stays hidden from dom0 on 127.0.0.1 until the host reboots.`]]);
    } finally {
      log.mockRestore();
    }
    expect(bootConfig()).toBe(grubCfg(true));
    sim.rebootHost();
    expect(sim.state().pcis.find((pci) => pci.address === USB)?.driver).toBe("xhci_hcd");
  });

  test("an explicit dom0-access for the USB controller is refused before anything runs on the host", async () => {
    sim.resetCounters();
    await expect(create(USB, "dom0-access")).rejects.toMatchObject({
      code: "HIDE_METHOD_UNSUPPORTED",
      message:
        `Unable to create hidden PCI device ${USB} on 127.0.0.1: using method "dom0-access" for ${USB} on XCP-ng 8.3.0: ` +
        "xapi makes PCI objects only for storage, network and display controllers and the other functions of their cards, " +
        `and ${USB} (class 0c0330) is none of them, so xe pci-*-dom0-access cannot reach it.\n` +
        'Use method "xen-cmdline", or "auto", which picks it for this device: it writes the same xen-pciback.hide list, in the form xapi reads.',
    });
    expect(bootConfig()).toBe(grubCfg(false));
    // Only the host's facts were read (inventory, kernel, tools, sysfs, root disk): no xe call at all.
    expect(sim.state().counters.xeCalls).toBe(0);
  });

  test("a NIC on the same host still goes through xapi's dom0-access", async () => {
    const result = await create(NIC, "auto");
    expect(result.outs).toEqual({
      connection,
      address: NIC,
      hostUuid: DEFAULT_HOST_UUID,
      method: "dom0-access",
      bootEntries: [],
      hideParameter: "xen-pciback.hide",
      hiddenInBootConfig: true,
      hiddenNow: false,
      pendingHostReboot: true,
      hardware: NIC_HARDWARE,
      boundId: "1969:1063:1458:e000",
      hardwareChanged: false,
      reboot: "never",
      rebootTimeoutMs: 1200000,
      nextSteps: [rebootSentence(NIC)],
    });
    expect(bootConfig()).toBe(grubCfg(true, `(${NIC})`));
    expect(dom0AccessStatus(NIC)).toBe("disable_on_reboot");

    nextRun();
    await provider.delete(result.id, result.outs);
    expect(bootConfig()).toBe(grubCfg(true));
    expect(dom0AccessStatus(NIC)).toBe("enabled");
  });

  test("the USB controller and the NIC share the one list, which xapi still reads, and the lookup reports both", async () => {
    const [usb, nic] = await Promise.all([create(USB, "auto"), create(NIC, "auto")]);
    expect([usb.outs.method, nic.outs.method]).toEqual(["xen-cmdline", "dom0-access"]);
    // Whichever went first, the list is the same: xapi's disable puts its device first, xen-cmdline's add appends.
    expect(bootConfig()).toBe(grubCfg(true, `(${NIC})(${USB})`));
    expect(dom0AccessStatus(NIC)).toBe("disable_on_reboot");

    nextRun();
    const { devices } = await getPciDevices({ connection: connection as never });
    expect(devices.map((device) => [device.address, device.hiddenInBootConfig])).toEqual([
      ["0000:00:19.0", false],
      ["0000:00:1f.2", false],
      ["0000:01:00.0", false],
      [NIC, true],
      ["0000:07:00.0", false],
      ["0000:07:00.1", false],
      [USB, true],
    ]);

    nextRun();
    await Promise.all([provider.delete(usb.id, usb.outs), provider.delete(nic.id, nic.outs)]);
    expect(bootConfig()).toBe(grubCfg(true));
    expect(dom0AccessStatus(NIC)).toBe("enabled");
  });
});
