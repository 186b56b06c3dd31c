/**
 * The machine of the write-up this package automates: one XenServer host
 * running a NAS, a gaming VM and a TV recorder.
 * - The NAS's storage controller (01:00.0) is hidden from dom0 at boot, so a
 *   reboot of the NAS never hands its disks back to the hypervisor.
 * - The NAS gets the controller and the Atheros NIC (06:00.0), in that order.
 * - The gaming VM gets the GPU (07:00.0) with its audio function (07:00.1).
 *
 * Stack config (see README): host, user, sshKey (secret), hostKey, port,
 * nasVm, gamingVm, coldBoot.
 */
import * as pulumi from "@pulumi/pulumi";
import { HiddenPciDevice, PciAssignment } from "pulumi-xenserver-pci";

const cfg = new pulumi.Config();
const connection = {
  host: cfg.require("host"),
  port: cfg.getNumber("port") ?? 22,
  user: cfg.get("user") ?? "root",
  privateKey: cfg.requireSecret("sshKey"),
  hostKey: cfg.require("hostKey"),
};
const coldBoot = cfg.get("coldBoot") === "whenRequired" ? "whenRequired" : "never";

// Never let dom0 see the NAS's storage controller.
const hba = new HiddenPciDevice("nas-hba", { connection, address: "01:00.0" });

// Give the NAS VM the controller and the NIC, in this order.
const nas = new PciAssignment(
  "nas",
  { connection, vmUuid: cfg.require("nasVm"), devices: ["01:00.0", "06:00.0"], coldBoot },
  { dependsOn: [hba] },
);

// Give the gaming VM the GPU with every function of the device.
const gaming = new PciAssignment("gaming", {
  connection,
  vmUuid: cfg.require("gamingVm"),
  devices: ["07:00.0", "07:00.1"],
  coldBoot,
});

export const nasPciValue = nas.pciValue;
export const nasNeedsColdBoot = nas.pendingColdBoot;
export const gamingNeedsColdBoot = gaming.pendingColdBoot;
export const hostNeedsReboot = hba.pendingHostReboot;
export const todo = pulumi.all([hba.nextSteps, nas.nextSteps, gaming.nextSteps]).apply((steps) => steps.flat());
