/**
 * A simulated host behind its own sshd: start, attach, stop. `sim-pool.ts`
 * starts several of them as the members of one pool.
 */
import * as fs from "node:fs";
import { clearFaults } from "./faults";
import type { Inventory, Profile, RebootTimings } from "./host";
import { initHost, isPoolDir, readHostState, readMembership, readPoolMembers, simMounts, xapiDirOf } from "./host";
import { SimHostDir } from "./host-dir";
import { fingerprintOfKeyFile } from "./keys";
import type { SimPaths } from "./paths";
import { simPaths } from "./paths";
import type { SshdRuntime } from "./sshd";
import { readSshdRuntime, readSshdRuntimeFile, startSshd, stopSshd } from "./sshd";
import { readXapiRuntime, startXapi, stopXapi } from "./xapi-process";

/** How to reach a simulated host; the CLI's `start` prints exactly these fields. */
export interface SimHostInfo {
  host: string;
  port: number;
  user: string;
  privateKeyPath: string;
  /** `SHA256:…` of the key sshd presents first: ed25519, or RSA with `legacySsh`. */
  hostKeyFingerprint: string;
  dir: string;
  /** The host's uuid (`INSTALLATION_UUID`, `xe host-list`). */
  hostUuid: string;
  /** The host's name-label when it started. */
  nameLabel: string;
}

/** Options of {@link startSimHost}. */
export interface StartSimOptions {
  /** Directory holding everything of this host; created when missing. */
  dir: string;
  /** Default `xs62`. */
  profile?: Profile;
  /** Default: the seed's machine (the host module's `DEFAULT_INVENTORY`). */
  inventory?: Inventory;
  /** Offer only XenServer 6.2's OpenSSH 4.3 algorithms (and use an RSA client key). */
  legacySsh?: boolean;
  /** Delay of every `xe` call. */
  xeLatencyMs?: number;
  /** From `xe host-reboot` returning to the shutdown beginning. Default 1000 (xapi: 10 s). */
  rebootDelayMs?: number;
  /** How long the shutdown waits for a clean VM shutdown before a hard one. Default 1000 (xapi: 60 s). */
  shutdownTimeoutMs?: number;
  /** How long dom0 is down in a reboot through xapi: sshd refuses connections. Default 3000. */
  rebootDownMs?: number;
  /** From sshd answering again to xapi answering (`xe`: `Connection refused`). Default 500. */
  xapiStartMs?: number;
  /** From xapi answering to the host enabling itself (`host-enable`: HOST_STILL_BOOTING). Default 500. */
  xapiInitMs?: number;
  /** From the host enabling itself to its autostart step (the pool's `auto_poweron` VMs start). Default 2000. */
  autostartDelayMs?: number;
}

/** The reboot timings among `options`, the others left to their defaults. */
export function rebootTimingsOf(options: Partial<RebootTimings>): Partial<RebootTimings> {
  const picked: Partial<RebootTimings> = {};
  if (options.rebootDelayMs !== undefined) picked.rebootDelayMs = options.rebootDelayMs;
  if (options.shutdownTimeoutMs !== undefined) picked.shutdownTimeoutMs = options.shutdownTimeoutMs;
  if (options.rebootDownMs !== undefined) picked.rebootDownMs = options.rebootDownMs;
  if (options.xapiStartMs !== undefined) picked.xapiStartMs = options.xapiStartMs;
  if (options.xapiInitMs !== undefined) picked.xapiInitMs = options.xapiInitMs;
  if (options.autostartDelayMs !== undefined) picked.autostartDelayMs = options.autostartDelayMs;
  return picked;
}

/** A running simulated host: its directory plus the sshd in front of it. */
export class SimHost extends SimHostDir {
  /** Connection details for SSH clients; a reboot through xapi keeps them (same port, same host key). */
  readonly info: SimHostInfo;

  /** Use {@link startSimHost} or {@link attachSimHost}. */
  constructor(dir: string, runtime: SshdRuntime) {
    super(dir);
    const state = readHostState(this.paths.dir);
    this.info = {
      host: "127.0.0.1",
      port: runtime.port,
      user: "root",
      privateKeyPath: this.paths.clientKey,
      hostKeyFingerprint: fingerprintOfKeyFile(runtime.legacySsh ? this.paths.hostKeyRsa : this.paths.hostKeyEd25519),
      dir: this.paths.dir,
      hostUuid: state.hostUuid,
      nameLabel: state.hostName,
    };
  }

  /**
   * The running sshd process, whose mount namespace holds every process of
   * the host; undefined while dom0 is down in a reboot through xapi. A
   * reboot starts a new one.
   */
  get sshdPid(): number | undefined {
    return readSshdRuntime(this.paths)?.pid;
  }

  /**
   * Kills the host's xapi (a single host's; a pool member's belongs to the
   * pool), then sshd and every process it started; resolves once none is
   * left. A reboot through xapi under way stops with it.
   */
  async stop(): Promise<void> {
    await stopSimHost(this.paths.dir);
  }
}

/**
 * Creates a fresh host in `opts.dir` (state, tools, keys) and starts its sshd;
 * resolves once sshd sends its banner, with the counters at zero and no faults.
 * Keys are kept from an earlier host in the same directory.
 */
export async function startSimHost(opts: StartSimOptions): Promise<SimHost> {
  const paths = simPaths(opts.dir);
  refuseRunning(paths.dir, "host");
  fs.mkdirSync(paths.dir, { recursive: true });
  clearSshSideState(paths);
  initHost(paths.dir, {
    profile: opts.profile ?? "xs62",
    ...(opts.inventory === undefined ? {} : { inventory: opts.inventory }),
    ...(opts.xeLatencyMs === undefined ? {} : { xeLatencyMs: opts.xeLatencyMs }),
    rebootTimings: rebootTimingsOf(opts),
  });
  const host = await startHostSshd(paths, opts.legacySsh ?? false);
  await startXapiOrStop(xapiDirOf(paths.dir), [host]);
  return host;
}

/**
 * Starts the xapi of `xapiDir` once `hosts` run; when it cannot start, stops
 * `hosts` again and rethrows.
 */
export async function startXapiOrStop(xapiDir: string, hosts: readonly SimHost[]): Promise<void> {
  try {
    await startXapi(xapiDir);
  } catch (error) {
    for (const host of hosts) await host.stop();
    throw error;
  }
}

/** Drops the counters and faults an earlier host left in the directory; before the host module creates it. */
export function clearSshSideState(paths: SimPaths): void {
  fs.rmSync(paths.countersDir, { recursive: true, force: true });
  fs.rmSync(paths.faultsDir, { recursive: true, force: true });
}

/**
 * Starts the sshd of the host the host module just created at `paths`; the
 * handle it resolves to has no faults and its counters at zero.
 */
export async function startHostSshd(paths: SimPaths, legacySsh: boolean): Promise<SimHost> {
  clearFaults(paths);
  const runtime = await startSshd(paths, { legacySsh, mounts: simMounts(paths.dir) });
  const host = new SimHost(paths.dir, runtime);
  host.resetCounters();
  return host;
}

/**
 * Refuses to create a host or pool in `dir` while a host, a pool member or a
 * pool runs there: re-creating it would replace files under a live sshd's
 * mounts, or under a xapi rebooting a host whose sshd is down.
 */
export function refuseRunning(dir: string, what: "host" | "pool"): void {
  const dirs = [dir, ...(isPoolDir(dir) ? readPoolMembers(dir) : [])];
  if (readXapiRuntime(xapiDirOf(dir)) !== undefined || dirs.some((d) => readSshdRuntime(simPaths(d)) !== undefined)) {
    throw new Error(`Unable to start the simulated ${what} in ${simPaths(dir).dir}: one is already running there; stop it first.`);
  }
}

/** The xapi directory serving the host in `dir`: its own, or its pool's for a member. */
function servingXapiDir(dir: string): string {
  const membership = readMembership(dir);
  return xapiDirOf(membership === undefined ? dir : membership.pool);
}

/** The sshd of a host whose dom0 is down in a reboot its live xapi is taking it through: it will be back on the same port. */
function rebootingSshd(paths: SimPaths): SshdRuntime | undefined {
  const recorded = readSshdRuntimeFile(paths);
  if (recorded === undefined || readHostState(paths.dir).power.phase === "up") return undefined;
  return readXapiRuntime(servingXapiDir(paths.dir)) === undefined ? undefined : recorded;
}

/**
 * A handle on the host already running in `dir` (started by the CLI, for
 * instance), also while a reboot through xapi has its sshd down.
 */
export function attachSimHost(dir: string): Promise<SimHost> {
  const paths = simPaths(dir);
  const runtime = readSshdRuntime(paths) ?? rebootingSshd(paths);
  if (runtime === undefined) {
    return Promise.reject(
      new Error(`Unable to attach to the simulated host in ${dir}: no sshd runs there; start one with \`sim start --dir ${dir}\`.`),
    );
  }
  return Promise.resolve(new SimHost(dir, runtime));
}

/**
 * Stops the host running in `dir`, if any (idempotent; for the CLI and
 * cleanup): its xapi first, so that no reboot under way starts sshd again,
 * then sshd. A pool member's xapi is its pool's: only its sshd stops.
 */
export async function stopSimHost(dir: string): Promise<void> {
  if (readMembership(dir) === undefined) await stopXapi(xapiDirOf(dir));
  await stopSshd(simPaths(dir));
}
