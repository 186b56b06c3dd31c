/**
 * The machine of the write-up this package automates: one XenServer host
 * running a NAS, a gaming VM and a TV recorder.
 * - The NAS's storage controller (01:00.0) is hidden from dom0 at boot, so a
 *   reboot of the NAS never hands its disks back to the hypervisor.
 * - The NAS gets the controller and the Atheros NIC (06:00.0), in that order.
 * - The gaming VM gets the GPU (07:00.0) with its audio function (07:00.1).
 *
 * The VMs are looked up by name on the host (getVmOutput), so the program
 * holds no UUIDs; the NAS's devices are bound to the cards' vendor:device ids,
 * so a card moved while the host was off is refused, not handed over.
 *
 * Stack config (see README): host, user, sshKey (secret), hostKey, port,
 * nasVmName (default NAS), gamingVmName (default Gaming), coldBoot, reboot.
 * With `coldBoot` and `reboot` set to `whenRequired`, one `pulumi up` ends with
 * the controller hidden (the host rebooted once) and every VM running with
 * its devices.
 */
import * as pulumi from "@pulumi/pulumi";
import { getVmOutput, HiddenPciDevice, PciAssignment } from "pulumi-xenserver-pci";

const cfg = new pulumi.Config();
const connection = {
  host: cfg.require("host"),
  port: cfg.getNumber("port") ?? 22,
  user: cfg.get("user") ?? "root",
  privateKey: cfg.requireSecret("sshKey"),
  hostKey: cfg.require("hostKey"),
};
const coldBoot = cfg.get("coldBoot") === "whenRequired" ? "whenRequired" : "never";
const reboot = cfg.get("reboot") === "whenRequired" ? "whenRequired" : "never";
const nasVm = getVmOutput({ connection, nameLabel: cfg.get("nasVmName") ?? "NAS" });
const gamingVm = getVmOutput({ connection, nameLabel: cfg.get("gamingVmName") ?? "Gaming" });

// Never let dom0 see the NAS's storage controller.
const hba = new HiddenPciDevice("nas-hba", { connection, address: "01:00.0", deviceId: "1000:0072", reboot });

// Give the NAS VM the controller (LSI SAS2008) and the NIC (Atheros AR8131), in this order.
const nas = new PciAssignment(
  "nas",
  { connection, vmUuid: nasVm.uuid, devices: ["01:00.0", "06:00.0"], deviceIds: ["1000:0072", "1969:1063"], coldBoot },
  { dependsOn: [hba] },
);

// Give the gaming VM the GPU with every function of the device.
const gaming = new PciAssignment("gaming", {
  connection,
  vmUuid: gamingVm.uuid,
  devices: ["07:00.0", "07:00.1"],
  coldBoot,
});

export const nasPciValue = nas.pciValue;
export const nasNeedsColdBoot = nas.pendingColdBoot;
export const gamingNeedsColdBoot = gaming.pendingColdBoot;
export const hostNeedsReboot = hba.pendingHostReboot;
export const todo = pulumi.all([hba.nextSteps, nas.nextSteps, gaming.nextSteps]).apply((steps) => steps.flat());
