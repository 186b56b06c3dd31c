/**
 * A pool of two XenServer / XCP-ng hosts: each resource names the member
 * whose cards it means, since the same address on two members is two cards.
 * - rack-b hides its storage controller (01:00.0) from dom0 and gives it to
 *   the NAS, which the provider pins to rack-b (its `affinity`), so that xapi
 *   starts it there and nowhere else;
 * - rack-a gives its GPU, both functions, to the gaming VM, pinned to rack-a.
 *
 * Stack config: for each member its address, port and pinned host key (hostA,
 * portA, hostKeyA, hostB, portB, hostKeyB); sshKey (secret), or one key per
 * member (sshKeyA, sshKeyB); nasVm, gamingVm, coldBoot.
 */
import * as pulumi from "@pulumi/pulumi";
import { HiddenPciDevice, PciAssignment } from "pulumi-xenserver-pci";

const cfg = new pulumi.Config();
const member = (suffix: string) => ({
  host: cfg.require(`host${suffix}`),
  port: cfg.getNumber(`port${suffix}`) ?? 22,
  privateKey: cfg.getSecret(`sshKey${suffix}`) ?? cfg.requireSecret("sshKey"),
  hostKey: cfg.require(`hostKey${suffix}`),
});
const rackA = member("A");
const rackB = member("B");
const coldBoot = cfg.get("coldBoot") === "whenRequired" ? "whenRequired" : "never";

const hba = new HiddenPciDevice("rack-b-hba", { connection: rackB, address: "01:00.0" });
const nas = new PciAssignment("nas", { connection: rackB, vmUuid: cfg.require("nasVm"), devices: ["01:00.0", "06:00.0"], coldBoot }, { dependsOn: [hba] });
const gaming = new PciAssignment("gaming", { connection: rackA, vmUuid: cfg.require("gamingVm"), devices: ["07:00.0", "07:00.1"], coldBoot });

export const nasRunsOn = nas.residentOn;
export const nasPinnedTo = nas.affinity;
export const gamingPinnedTo = gaming.affinity;
export const todo = pulumi.all([hba.nextSteps, nas.nextSteps, gaming.nextSteps]).apply((steps) => steps.flat());
