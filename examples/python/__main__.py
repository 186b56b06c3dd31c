"""The seed's machine in Python, through the xenserver-pci provider plugin.

One XenServer host running a NAS, a gaming VM and a TV recorder:
- the NAS's storage controller (01:00.0) is hidden from dom0 at boot;
- the NAS gets the controller and the Atheros NIC (06:00.0), in that order,
  bound to the cards' vendor:device ids;
- the gaming VM gets the GPU (07:00.0) with its audio function (07:00.1).

The VMs are looked up by name on the host (get_vm_output), so the program
holds no UUIDs. Stack config: host, port (default 22), user (default root),
hostKey, sshKey (secret).
"""
import pulumi
import pulumi_xenserver_pci as xspci

cfg = pulumi.Config()
connection = {
    "host": cfg.require("host"),
    "port": cfg.get_int("port") or 22,
    "user": cfg.get("user") or "root",
    "private_key": cfg.require_secret("sshKey"),
    "host_key": cfg.require("hostKey"),
}
nas_vm = xspci.get_vm_output(connection=connection, name_label="NAS")
gaming_vm = xspci.get_vm_output(connection=connection, name_label="Gaming")

# Never let dom0 see the NAS's storage controller.
hba = xspci.HiddenPciDevice("nas-hba", connection=connection, address="01:00.0", device_id="1000:0072")

# Give the NAS VM the controller (LSI SAS2008) and the NIC (Atheros AR8131), in this order.
nas = xspci.PciAssignment(
    "nas",
    connection=connection,
    vm_uuid=nas_vm.uuid,
    devices=["01:00.0", "06:00.0"],
    device_ids=["1000:0072", "1969:1063"],
    opts=pulumi.ResourceOptions(depends_on=[hba]),
)

# Give the gaming VM the GPU with every function of the device.
gaming = xspci.PciAssignment(
    "gaming",
    connection=connection,
    vm_uuid=gaming_vm.uuid,
    devices=["07:00.0", "07:00.1"],
)

pulumi.export("nasPciValue", nas.pci_value)
pulumi.export("nasNeedsColdBoot", nas.pending_cold_boot)
pulumi.export("gamingNeedsColdBoot", gaming.pending_cold_boot)
pulumi.export("hostNeedsReboot", hba.pending_host_reboot)
