/**
 * An exclusive lock file shared by concurrent tool processes (several `xe`
 * run at once over parallel SSH sessions). Node has no flock(2), so the lock
 * is an O_EXCL-created file holding the owner's pid; a holder that died is
 * detected by its pid and its lock taken over.
 */
import * as fs from "node:fs";
import { sleepSync } from "./sleep";

const RETRY_MS = 3;
const GIVE_UP_MS = 60_000;
/** A lock file still empty after this long was left by a writer that died between create and write. */
const EMPTY_LOCK_STALE_MS = 2_000;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function isStale(lockFile: string): boolean {
  let text: string;
  let ageMs: number;
  try {
    text = fs.readFileSync(lockFile, "utf8");
    ageMs = Date.now() - fs.statSync(lockFile).mtimeMs;
  } catch {
    return false;
  }
  const pid = Number.parseInt(text, 10);
  if (Number.isNaN(pid)) return ageMs > EMPTY_LOCK_STALE_MS;
  return !isAlive(pid);
}

function tryAcquire(lockFile: string): boolean {
  try {
    const fd = fs.openSync(lockFile, "wx");
    fs.writeSync(fd, String(process.pid));
    fs.closeSync(fd);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    return false;
  }
}

/** Runs `fn` while holding the O_EXCL lock file `lockFile`, waiting for other holders. */
export function withFileLock<T>(lockFile: string, fn: () => T): T {
  const deadline = Date.now() + GIVE_UP_MS;
  while (!tryAcquire(lockFile)) {
    if (isStale(lockFile)) {
      // Two waiters may both see the stale lock; renaming it away first lets only one remove it.
      const aside = `${lockFile}.stale.${process.pid}`;
      try {
        fs.renameSync(lockFile, aside);
        // A live holder's lock moved by mistake goes back, without overwriting a newer one.
        if (!isStale(aside)) fs.linkSync(aside, lockFile);
      } catch {
        // Another waiter moved it first, or a newer lock is already in place.
      }
      fs.rmSync(aside, { force: true });
      continue;
    }
    if (Date.now() > deadline) throw new Error(`Unable to lock the simulated host: ${lockFile} is held by a live process`);
    sleepSync(RETRY_MS);
  }
  try {
    return fn();
  } finally {
    fs.rmSync(lockFile, { force: true });
  }
}
