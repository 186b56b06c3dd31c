/**
 * The seed's machine (examples/index.ts) through the provider plugin, with the
 * Node.js SDK generated from its schema (sdk/nodejs, npm package
 * `pulumi-xenserver-pci-sdk`) instead of the dynamic resources: the same
 * resources and lookups, with the plugin's types (`xenserver-pci:index:…`),
 * which `pulumi import` can adopt and every other language shares.
 *
 * Stack config: host, port (default 22), user (default root), hostKey,
 * sshKey (secret).
 */
import * as pulumi from "@pulumi/pulumi";
import * as xspci from "pulumi-xenserver-pci-sdk";

const cfg = new pulumi.Config();
const connection = {
  host: cfg.require("host"),
  port: cfg.getNumber("port") ?? 22,
  user: cfg.get("user") ?? "root",
  privateKey: cfg.requireSecret("sshKey"),
  hostKey: cfg.require("hostKey"),
};
const nasVm = xspci.getVmOutput({ connection, nameLabel: "NAS" });
const gamingVm = xspci.getVmOutput({ connection, nameLabel: "Gaming" });

// Never let dom0 see the NAS's storage controller.
const hba = new xspci.HiddenPciDevice("nas-hba", { connection, address: "01:00.0", deviceId: "1000:0072" });

// Give the NAS VM the controller (LSI SAS2008) and the NIC (Atheros AR8131), in this order.
const nas = new xspci.PciAssignment(
  "nas",
  { connection, vmUuid: nasVm.uuid, devices: ["01:00.0", "06:00.0"], deviceIds: ["1000:0072", "1969:1063"] },
  { dependsOn: [hba] },
);

// Give the gaming VM the GPU with every function of the device.
const gaming = new xspci.PciAssignment("gaming", {
  connection,
  vmUuid: gamingVm.uuid,
  devices: ["07:00.0", "07:00.1"],
});

export const nasPciValue = nas.pciValue;
export const nasNeedsColdBoot = nas.pendingColdBoot;
export const gamingNeedsColdBoot = gaming.pendingColdBoot;
export const hostNeedsReboot = hba.pendingHostReboot;
