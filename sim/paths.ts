/**
 * Where the SSH side of a simulated host keeps its files inside the host
 * directory. One function so that the sshd launcher, the session wrapper, the
 * fault shims and the counters agree on every path.
 */
import * as path from "node:path";
import { hostFiles } from "./host";

/** Every file the SSH side of a simulated host reads or writes, as absolute paths. */
export interface SimPaths {
  /** The host directory itself. */
  readonly dir: string;
  /** `DIR/ssh`: sshd's config, keys, log, launcher and session wrapper. */
  readonly sshDir: string;
  readonly sshdConfig: string;
  readonly sshdLog: string;
  readonly sshdPidFile: string;
  /** Shell script run inside the private mount namespace; it mounts and then becomes sshd. */
  readonly launcher: string;
  /** The `ForceCommand`: counts the exec, applies exec faults, runs the command. */
  readonly session: string;
  readonly hostKeyEd25519: string;
  readonly hostKeyRsa: string;
  readonly clientKey: string;
  /** Overlay upper/work directories used to create missing mount points privately. */
  readonly overlayDir: string;
  /** `{pid, port, mountNamespace, legacySsh}` of the running sshd. */
  readonly runtimeFile: string;
  /** The pid of an sshd launcher not yet answering, so that a stop never misses one being started. */
  readonly launchingFile: string;
  /** `DIR/xsbin`: the only directory on the remote PATH (written by the host module). */
  readonly xsbin: string;
  readonly countersDir: string;
  /** One line per exec request, appended by the session wrapper. */
  readonly execLog: string;
  /** Counter totals at the last reset, subtracted when counters are read. */
  readonly counterBaseline: string;
  /** The fault list, read by the simulated `xe` too. */
  readonly faultsFile: string;
  /** Derived fault files: exec faults by absolute exec number, tool shims' state. */
  readonly faultsDir: string;
  readonly execFaultsDir: string;
  /** Original xsbin entries of tools replaced by a fault shim. */
  readonly shimOriginalsDir: string;
  /** One invocation log per shimmed tool. */
  readonly toolLogsDir: string;
}

/** Computes the paths of the SSH side of the simulated host living in `dir`. */
export function simPaths(dir: string): SimPaths {
  const root = path.resolve(dir);
  const host = hostFiles(root);
  const ssh = path.join(root, "ssh");
  const counters = path.join(root, "counters");
  const faults = path.join(root, "faults");
  return {
    dir: root,
    sshDir: ssh,
    sshdConfig: path.join(ssh, "sshd_config"),
    sshdLog: path.join(ssh, "sshd.log"),
    sshdPidFile: path.join(ssh, "sshd.pid"),
    launcher: path.join(ssh, "launch.sh"),
    session: path.join(ssh, "session"),
    hostKeyEd25519: path.join(ssh, "ssh_host_ed25519_key"),
    hostKeyRsa: path.join(ssh, "ssh_host_rsa_key"),
    clientKey: path.join(ssh, "client_key"),
    overlayDir: path.join(ssh, "overlay"),
    runtimeFile: path.join(ssh, "runtime.json"),
    launchingFile: path.join(ssh, "launching.pid"),
    // Shared with the host module, which writes them: one definition of each path.
    xsbin: host.xsbin,
    countersDir: counters,
    execLog: path.join(counters, "execs.log"),
    counterBaseline: path.join(counters, "baseline.json"),
    faultsFile: host.faults,
    faultsDir: faults,
    execFaultsDir: path.join(faults, "exec"),
    shimOriginalsDir: path.join(faults, "originals"),
    toolLogsDir: path.join(faults, "tool-calls"),
  };
}
