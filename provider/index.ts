/**
 * pulumi-xenserver-pci: PCI passthrough on XenServer and XCP-ng hosts as Pulumi resources.
 * Public exports only.
 */
export {};
