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

/** A host state as read, with the text it was read from. */
export interface ReadState {
  readonly state: HostState;
  /** The file's text when it was read: a state that still renders to it need not be written. */
  readonly text: string;
}

/** The text of `state` in its file. */
function stateText(state: HostState): string {
  return `${JSON.stringify(state, null, 2)}\n`;
}

/** Reads the host state and its text without taking the lock (a rename-replaced file is always whole). */
export function readHostStateText(dir: string): ReadState {
  const text = fs.readFileSync(hostFiles(dir).state, "utf8");
  return { state: JSON.parse(text) as HostState, text };
}

/** Reads the host state without taking the lock (a rename-replaced file is always whole). */
export function readHostState(dir: string): HostState {
  return readHostStateText(dir).state;
}

/** Writes the host state and mirrors PCI driver bindings into the simulated sysfs. Caller holds the lock. */
export function writeHostState(dir: string, state: HostState): void {
  writeStateText(dir, state, stateText(state));
}

function writeStateText(dir: string, state: HostState, text: string): void {
  writeFileAtomic(hostFiles(dir).state, text);
  syncSysfsDrivers(dir, state.pcis);
}

/**
 * Writes the host state unless it still renders to the text it was read
 * from. Why: a pool's every xe call loads every member and most calls change
 * one member at most (its call counter); writing and mirroring the others
 * again cost the simulated xapi most of its time per call. Caller holds the lock.
 */
export function writeHostStateIfChanged(dir: string, read: ReadState): void {
  const text = stateText(read.state);
  if (text !== read.text) writeStateText(dir, read.state, text);
}

/**
 * Runs `fn` on the state under the lock; `fn` mutates the state it is given
 * and the result is written back even when `fn` throws after a partial change
 * (xapi applies changes one by one). A pool member takes its pool's lock, as
 * xe on another member may be writing this member's state.
 */
export function updateHostState<T>(dir: string, fn: (state: HostState) => T): T {
  return withFileLock(stateLockFile(dir), () => {
    const read = readHostStateText(dir);
    try {
      return fn(read.state);
    } finally {
      writeHostStateIfChanged(dir, read);
    }
  });
}
