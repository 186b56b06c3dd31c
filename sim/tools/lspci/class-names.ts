/**
 * The class part of pci.ids (`C` lines and their subclasses) for the classes
 * a simulated host's inventories use. Inventories carry vendor and device
 * names but no class names, so lspci takes these; a class missing here gets
 * pciutils' fallback text (`Class 0d80`), as an unknown class does on a host.
 * Texts from pciutils' `pci.ids` (`C 01  Mass storage controller`, …); only
 * entries that were already in the 2013–2016 lists of the simulated dom0s.
 */

/** Top-level class names by class byte. */
const CLASSES: ReadonlyMap<number, string> = new Map([
  [0x00, "Unclassified device"],
  [0x01, "Mass storage controller"],
  [0x02, "Network controller"],
  [0x03, "Display controller"],
  [0x04, "Multimedia controller"],
  [0x05, "Memory controller"],
  [0x06, "Bridge"],
  [0x07, "Communication controller"],
  [0x08, "Generic system peripheral"],
  [0x09, "Input device controller"],
  [0x0a, "Docking station"],
  [0x0b, "Processor"],
  [0x0c, "Serial bus controller"],
  [0x0d, "Wireless controller"],
  [0x0e, "Intelligent controller"],
  [0x0f, "Satellite communications controller"],
  [0x10, "Encryption controller"],
  [0x11, "Signal processing controller"],
]);

/** Subclass names by `class << 8 | subclass`. */
const SUBCLASSES: ReadonlyMap<number, string> = new Map([
  [0x0100, "SCSI storage controller"],
  [0x0101, "IDE interface"],
  [0x0102, "Floppy disk controller"],
  [0x0103, "IPI bus controller"],
  [0x0104, "RAID bus controller"],
  [0x0105, "ATA controller"],
  [0x0106, "SATA controller"],
  [0x0107, "Serial Attached SCSI controller"],
  [0x0108, "Non-Volatile memory controller"],
  [0x0180, "Mass storage controller"],
  [0x0200, "Ethernet controller"],
  [0x0201, "Token ring network controller"],
  [0x0202, "FDDI network controller"],
  [0x0203, "ATM network controller"],
  [0x0204, "ISDN controller"],
  [0x0207, "Infiniband controller"],
  [0x0280, "Network controller"],
  [0x0300, "VGA compatible controller"],
  [0x0301, "XGA compatible controller"],
  [0x0302, "3D controller"],
  [0x0380, "Display controller"],
  [0x0400, "Multimedia video controller"],
  [0x0401, "Multimedia audio controller"],
  [0x0402, "Computer telephony device"],
  [0x0403, "Audio device"],
  [0x0480, "Multimedia controller"],
  [0x0500, "RAM memory"],
  [0x0501, "FLASH memory"],
  [0x0580, "Memory controller"],
  [0x0600, "Host bridge"],
  [0x0601, "ISA bridge"],
  [0x0604, "PCI bridge"],
  [0x0680, "Bridge"],
  [0x0700, "Serial controller"],
  [0x0780, "Communication controller"],
  [0x0880, "System peripheral"],
  [0x0c00, "FireWire (IEEE 1394)"],
  [0x0c03, "USB controller"],
  [0x0c04, "Fibre Channel"],
  [0x0c05, "SMBus"],
]);

/** The subclass name of `deviceClass` (`0x0200`), if pci.ids has one. */
export function subclassName(deviceClass: number): string | undefined {
  return SUBCLASSES.get(deviceClass);
}

/** The name of the class byte of `deviceClass` (`0x0200` → Network controller), if pci.ids has one. */
export function className(deviceClass: number): string | undefined {
  return CLASSES.get(deviceClass >> 8);
}
