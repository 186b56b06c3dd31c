// PCI passthrough on XenServer and XCP-ng hosts, over SSH: assign host PCI devices to VMs and hide them from dom0.
package xenserverpci
