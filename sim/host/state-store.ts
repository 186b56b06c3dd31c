/**
 * Reads and writes `DIR/state.json` under the host lock. Writes go through a
 * temp file and a rename so a reader never sees half a state.
 */
import * as fs from "node:fs";
import { writeFileAtomic } from "./atomic-write";
import { hostFiles } from "./files";
import { withFileLock } from "./lock";
import { stateLockFile } from "./pool-files";
import { syncSysfsDrivers } from "./sysfs";
import type { HostState } from "./types";

/** Reads the host state without taking the lock (a rename-replaced file is always whole). */
export function readHostState(dir: string): HostState {
  return JSON.parse(fs.readFileSync(hostFiles(dir).state, "utf8")) as HostState;
}

/** Writes the host state and mirrors PCI driver bindings into the simulated sysfs. Caller holds the lock. */
export function writeHostState(dir: string, state: HostState): void {
  writeFileAtomic(hostFiles(dir).state, `${JSON.stringify(state, null, 2)}\n`);
  syncSysfsDrivers(dir, state.pcis);
}

/**
 * Runs `fn` on the state under the lock; `fn` mutates the state it is given
 * and the result is written back even when `fn` throws after a partial change
 * (xapi applies changes one by one). A pool member takes its pool's lock, as
 * xe on another member may be writing this member's state.
 */
export function updateHostState<T>(dir: string, fn: (state: HostState) => T): T {
  return withFileLock(stateLockFile(dir), () => {
    const state = readHostState(dir);
    try {
      return fn(state);
    } finally {
      writeHostState(dir, state);
    }
  });
}
