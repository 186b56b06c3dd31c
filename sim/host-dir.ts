/**
 * Operations on a simulated host's directory that need no running sshd:
 * state, direct `xe`, host reboot, host files, faults, counters, key
 * fingerprints. `SimHost` adds the SSH side; the CLI uses this directly.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { SimCounters } from "./counters";
import { discountXeCalls, readCounters, resetCounters } from "./counters";
import type { Fault } from "./faults";
import { clearFaults, setFaults } from "./faults";
import { readHostState, readSimState, rebootHost, runTool, simMounts, type RebootHostOptions, type SimGuestJson, type SimHostSideJson } from "./host";
import { nextStepDue } from "./power/power-steps";
import { fingerprintOfKeyFile } from "./keys";
import type { SimPaths } from "./paths";
import { simPaths } from "./paths";

/** One VM as the state JSON shows it. */
export type SimVmState = SimGuestJson;

/** The state JSON of design.md: what `sim state` prints. */
export interface SimState extends SimHostSideJson {
  vms: SimVmState[];
  counters: SimCounters;
}

/** A simulated host's directory; every method works whether or not its sshd runs. */
export class SimHostDir {
  protected readonly paths: SimPaths;

  /** `dir` must hold a host made by `startSimHost` or `sim start`. */
  constructor(dir: string) {
    this.paths = simPaths(dir);
    if (!fs.existsSync(path.join(this.paths.dir, "state.json"))) {
      throw new Error(`Unable to open the simulated host in ${this.paths.dir}: there is none; create it with \`sim start --dir ${dir}\`.`);
    }
  }

  /**
   * Power-cycles the simulated host at once (boot config becomes the
   * cmdline, VMs halt, xapi starts again, the pool's `auto_poweron` VMs
   * start); sshd keeps running. `options.pcis` / `options.bootDisk`: the
   * cards and the root disk's controller as they are after the host was off
   * (see `applyBootConfig` in host/reboot-host.ts). For a reboot as xapi
   * does it (shutdown, SSH down, boot) use `xe host-reboot`.
   */
  rebootHost(options: RebootHostOptions = {}): void {
    rebootHost(this.paths.dir, options);
  }

  /**
   * Resolves once the host is up after a reboot through xapi (`power` is
   * `up`: xapi started, the host enabled itself unless told not to) and its
   * autostart step has run (the `auto_poweron` VMs started,
   * `autostartDelayMs` after the host was enabled); at once when none runs.
   * Rejects after `timeoutMs`, naming the phase the host is stuck in.
   */
  async waitUntilUp(timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const { power } = readHostState(this.paths.dir);
      const { phase } = power;
      if (nextStepDue(power) === undefined) return;
      if (Date.now() > deadline) {
        throw new Error(`Unable to wait for the simulated host in ${this.paths.dir} to come back: it is still ${phase} after ${timeoutMs} ms; is its xapi running?`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** The host's state and the counters since the last reset. */
  state(): SimState {
    // The install count is the host's own business; the SSH side turns xeCalls into counters.
    const { xeCalls, extlinuxInstalls: _installs, ...view } = readSimState(this.paths.dir);
    return { ...view, counters: readCounters(this.paths, xeCalls) };
  }

  /** Runs `xe` directly (no SSH); the call is left out of the counters. */
  xe(...args: string[]): { stdout: string; stderr: string; exitCode: number } {
    const before = readSimState(this.paths.dir).xeCalls;
    const result = runTool(this.paths.dir, "xe", args);
    discountXeCalls(this.paths, readSimState(this.paths.dir).xeCalls - before);
    return result;
  }

  /** Reads a file of the simulated host by its dom0 path, e.g. `/boot/extlinux.conf`. */
  readHostFile(hostPath: string): string {
    return fs.readFileSync(hostFileOnDisk(this.paths.dir, hostPath), "utf8");
  }

  /** Writes a file of the simulated host by its dom0 path (a hand edit on the host). */
  writeHostFile(hostPath: string, content: string): void {
    fs.writeFileSync(hostFileOnDisk(this.paths.dir, hostPath), content);
  }

  /** Replaces the fault list; see faults.ts. Numbers count from now. */
  setFaults(faults: readonly Fault[]): void {
    const { xeCalls, xeCommandCalls } = readHostState(this.paths.dir);
    setFaults(this.paths, faults, { xeCalls, xeCommandCalls });
  }

  /** Removes every fault and restores the real tools. */
  clearFaults(): void {
    clearFaults(this.paths);
  }

  /** Starts the connection, exec and xe counters from zero. */
  resetCounters(): void {
    resetCounters(this.paths, readSimState(this.paths.dir).xeCalls);
  }

  /** Fingerprints of both host keys, `SHA256:…`, whichever sshd offers. */
  hostKeyFingerprints(): { ed25519: string; rsa: string } {
    return {
      ed25519: fingerprintOfKeyFile(this.paths.hostKeyEd25519),
      rsa: fingerprintOfKeyFile(this.paths.hostKeyRsa),
    };
  }
}


/**
 * Maps a dom0 path to the file behind it in the host directory, through the
 * bind mounts sshd's namespace uses, so tests see what SSH sessions see.
 */
export function hostFileOnDisk(dir: string, hostPath: string): string {
  const normalized = path.posix.normalize(hostPath);
  for (const mount of simMounts(path.resolve(dir))) {
    if (normalized === mount.target) return mount.source;
    if (normalized.startsWith(`${mount.target}/`)) return path.join(mount.source, normalized.slice(mount.target.length + 1));
  }
  throw new Error(`Unable to map ${hostPath} to the simulated host: it is not under any of its mounts (/boot, /opt/xensource, /proc/cmdline, ...).`);
}
