/**
 * Processes of a simulated host. Every process of a host (sshd, its sessions
 * and whatever the remote commands started, even daemonized) lives in the
 * host's private mount namespace, so the namespace identifies them all, and a
 * recycled pid of an unrelated process is never mistaken for one of them.
 */
import * as fs from "node:fs";

/** The mount namespace of `pid` (`mnt:[4026532…]`), or undefined when it is gone. */
export function mountNamespaceOf(pid: number | "self"): string | undefined {
  try {
    return fs.readlinkSync(`/proc/${pid}/ns/mnt`);
  } catch {
    return undefined;
  }
}

/** Pids of every live process in mount namespace `namespace`. */
export function processesInNamespace(namespace: string): number[] {
  const pids: number[] = [];
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    if (mountNamespaceOf(pid) === namespace && !isZombie(pid)) pids.push(pid);
  }
  return pids;
}

function isZombie(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).startsWith("Z");
  } catch {
    return true;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Holds the namespace open through one of its processes (`/proc/<pid>/ns/mnt`),
 * so that it outlives its processes and the kernel cannot give its number to
 * a new namespace while it is being emptied. Undefined when none of `pids`
 * could be opened as that namespace.
 */
function pinNamespace(namespace: string, pids: readonly number[]): number | undefined {
  for (const pid of pids) {
    let fd: number | undefined;
    try {
      fd = fs.openSync(`/proc/${pid}/ns/mnt`, "r");
      if (`mnt:[${fs.fstatSync(fd).ino}]` === namespace) return fd;
    } catch {
      // The process exited meanwhile: try the next.
    }
    if (fd !== undefined) fs.closeSync(fd);
  }
  return undefined;
}

/**
 * SIGKILLs every process of the namespace, again until none is left (a
 * listener may fork while we kill), and resolves once all are gone: absent or
 * zombies. A process in the middle of exiting has already left its namespace
 * (its `ns/mnt` link no longer reads) without being a zombie yet, so the pids
 * killed are watched until they are gone too, not only the namespace.
 * The namespace is held open while it is emptied: otherwise, once its last
 * process is gone, the kernel may give its number at once to the namespace of
 * a host starting meanwhile, whose processes the next look would then kill.
 * Refuses the caller's own namespace, which would mean the whole machine.
 */
export async function killNamespace(namespace: string, timeoutMs = 15000): Promise<void> {
  if (namespace === mountNamespaceOf("self")) {
    throw new Error(`Unable to stop the simulated host: its mount namespace ${namespace} is this machine's own.`);
  }
  const deadline = Date.now() + timeoutMs;
  const killed = new Set<number>();
  let pin: number | undefined;
  let emptied = false;
  try {
    for (;;) {
      // Unpinned and once seen empty, the namespace may already be another
      // one: never look there again; only the pids killed here are watched.
      const pids = emptied ? [] : processesInNamespace(namespace);
      pin ??= pinNamespace(namespace, pids);
      if (pids.length === 0 && pin === undefined) emptied = true;
      const exiting = [...killed].filter((pid) => !isZombie(pid));
      if (pids.length === 0 && exiting.length === 0) return;
      if (Date.now() > deadline) {
        throw new Error(`Unable to stop the simulated host: processes ${[...pids, ...exiting].join(", ")} survived SIGKILL.`);
      }
      for (const pid of pids) {
        killed.add(pid);
        try {
          process.kill(pid, "SIGKILL");
        } catch {
          // Already gone between listing and killing.
        }
      }
      await sleep(20);
    }
  } finally {
    if (pin !== undefined) fs.closeSync(pin);
  }
}
