/**
 * lspci's `help_msg`, which it prints on stderr for any option it does not
 * take (then exits 1), as compiled for Linux x86 with DNS, `-H` and `-F`:
 * pciutils `lspci.c` `help_msg` and `pciutils.h` `GENERIC_HELP` (tags v3.1.7,
 * v3.5.1), `%s` being the pci.ids path.
 */
import type { PciutilsFlavour } from "./pciutils-flavour";

/** Where Red Hat's pciutils reads pci.ids (`IDSDIR=/usr/share/hwdata`). */
export const PCI_IDS_PATH = "/usr/share/hwdata/pci.ids";

/** The usage text of `flavour`'s lspci. */
export function lspciUsage(flavour: PciutilsFlavour): string {
  const idFilter = flavour.idFilterHasClass
    ? "-d [<vendor>]:[<device>][:<class>]\t\tShow only devices with specified ID's\n"
    : "-d [<vendor>]:[<device>]\t\t\tShow only devices with specified ID's\n";
  return (
    "Usage: lspci [<switches>]\n" +
    "\n" +
    "Basic display modes:\n" +
    "-mm\t\tProduce machine-readable output (single -m for an obsolete format)\n" +
    "-t\t\tShow bus tree\n" +
    "\n" +
    "Display options:\n" +
    "-v\t\tBe verbose (-vv for very verbose)\n" +
    "-k\t\tShow kernel drivers handling each device\n" +
    "-x\t\tShow hex-dump of the standard part of the config space\n" +
    "-xxx\t\tShow hex-dump of the whole config space (dangerous; root only)\n" +
    "-xxxx\t\tShow hex-dump of the 4096-byte extended config space (root only)\n" +
    "-b\t\tBus-centric view (addresses and IRQ's as seen by the bus)\n" +
    "-D\t\tAlways show domain numbers\n" +
    "\n" +
    "Resolving of device ID's to names:\n" +
    "-n\t\tShow numeric ID's\n" +
    "-nn\t\tShow both textual and numeric ID's (names & numbers)\n" +
    "-q\t\tQuery the PCI ID database for unknown ID's via DNS\n" +
    "-qq\t\tAs above, but re-query locally cached entries\n" +
    "-Q\t\tQuery the PCI ID database for all ID's via DNS\n" +
    "\n" +
    "Selection of devices:\n" +
    "-s [[[[<domain>]:]<bus>]:][<slot>][.[<func>]]\tShow only devices in selected slots\n" +
    idFilter +
    "\n" +
    "Other options:\n" +
    `-i <file>\tUse specified ID database instead of ${PCI_IDS_PATH}\n` +
    "-p <file>\tLook up kernel modules in a given file instead of default modules.pcimap\n" +
    "-M\t\tEnable `bus mapping' mode (dangerous; root only)\n" +
    "\n" +
    "PCI access options:\n" +
    "-A <method>\tUse the specified PCI access method (see `-A help' for a list)\n" +
    "-O <par>=<val>\tSet PCI access parameter (see `-O help' for a list)\n" +
    "-G\t\tEnable PCI access debugging\n" +
    "-H <mode>\tUse direct hardware access (<mode> = 1 or 2)\n" +
    "-F <file>\tRead PCI configuration dump from a given file\n"
  );
}

/** The option string lspci passes to getopt: `options` plus `GENERIC_OPTIONS` with `-H` and `-F`. */
export const LSPCI_OPTSTRING = "nvbxs:d:ti:mgp:qkMDQA:GO:H:F:";
