/**
 * Where the simulated host keeps each of its files inside the host directory.
 * One function so that the tools, init and reboot agree on every path.
 */
import * as path from "node:path";

/** Absolute paths of the simulated host's own files in `dir`. */
export interface HostFiles {
  readonly dir: string;
  readonly state: string;
  readonly lock: string;
  /** `{"profile","xeLatencyMs"}`. */
  readonly hostConfig: string;
  /** The first wait of the thin xe client, in seconds as sleep(1) takes them: the xe latency (xe-client.ts). */
  readonly xeFirstWait: string;
  /** Fault list written by the SSH side; `xe` reads its `xe` entry. */
  readonly faults: string;
  /** What fired `xe` faults left: xapi made unreachable, and until when. */
  readonly xeFaultState: string;
  /** The simulated filesystem root whose pieces are bind-mounted over the real paths. */
  readonly root: string;
  readonly boot: string;
  readonly optXensource: string;
  readonly xeWrapper: string;
  readonly xenCmdlineWrapper: string;
  readonly xensourceInventory: string;
  readonly procCmdline: string;
  readonly sysPciDevices: string;
  readonly sysPciDrivers: string;
  readonly sysDevBlock: string;
  readonly sysDev: string;
  readonly sysDevices: string;
  readonly xsbin: string;
}

/** Computes the paths of the simulated host living in `dir`. */
export function hostFiles(dir: string): HostFiles {
  const root = path.resolve(dir);
  const fsRoot = path.join(root, "root");
  const opt = path.join(fsRoot, "opt", "xensource");
  const sys = path.join(fsRoot, "sys");
  return {
    dir: root,
    state: path.join(root, "state.json"),
    lock: path.join(root, "state.lock"),
    hostConfig: path.join(root, "host.json"),
    xeFirstWait: path.join(root, "xe-first-wait"),
    faults: path.join(root, "faults.json"),
    xeFaultState: path.join(root, "xe-fault-state.json"),
    root: fsRoot,
    boot: path.join(fsRoot, "boot"),
    optXensource: opt,
    xeWrapper: path.join(opt, "bin", "xe"),
    xenCmdlineWrapper: path.join(opt, "libexec", "xen-cmdline"),
    xensourceInventory: path.join(fsRoot, "etc", "xensource-inventory"),
    procCmdline: path.join(fsRoot, "proc", "cmdline"),
    sysPciDevices: path.join(sys, "bus", "pci", "devices"),
    sysPciDrivers: path.join(sys, "bus", "pci", "drivers"),
    sysDev: path.join(sys, "dev"),
    sysDevBlock: path.join(sys, "dev", "block"),
    sysDevices: path.join(sys, "devices"),
    xsbin: path.join(root, "xsbin"),
  };
}
