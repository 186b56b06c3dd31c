/**
 * Which pciutils a profile's dom0 has, and what differs between them for the
 * simulated lspci. Both are built for Linux x86 with the sysfs, `-H` and dump
 * access methods, DNS support (resolv.h is found) and pci.ids in
 * `/usr/share/hwdata` (the Red Hat packaging, `IDSDIR=/usr/share/hwdata`).
 * unconfirmed: XenServer 6.2 (CentOS 5) shipping pciutils 3.1.7 and glibc
 * 2.5's unquoted getopt messages; XenServer 8.2 and XCP-ng 8.3 (CentOS 7
 * userland) shipping pciutils 3.5.1 with libkmod and glibc 2.17.
 */
import type { Profile } from "../../host/types";

/** The pciutils of one dom0. */
export interface PciutilsFlavour {
  version: "3.1.7" | "3.5.1";
  /** glibc from 2.8 or so quotes the letter: `invalid option -- 'z'`; 2.5 does not. */
  quotedGetoptLetters: boolean;
  /** `-d` takes `:<class>` from 3.3.0 on. */
  idFilterHasClass: boolean;
  /** Names too long for lspci's buffers are cut with `...` from 3.1.8 on; before, the lookup fails. */
  truncatesLongNames: boolean;
}

/** The pciutils of `profile`'s dom0. */
export function pciutilsFlavour(profile: Profile): PciutilsFlavour {
  return profile === "xs62"
    ? { version: "3.1.7", quotedGetoptLetters: false, idFilterHasClass: false, truncatesLongNames: false }
    : { version: "3.5.1", quotedGetoptLetters: true, idFilterHasClass: true, truncatesLongNames: true };
}
