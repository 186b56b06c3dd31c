/**
 * The provider process's run (run-state.ts): the one process-wide piece of
 * state of the package. The engine loads the providers once per process and
 * calls every resource on its own, so resources of one run that name the
 * same host meet here; the exported providers use it. Tests that build
 * providers with a run of their own do not touch it.
 */
import type { Connection } from "../../model/connection";
import type { HostSession } from "./host-session";
import { RunState } from "./run-state";

let run: RunState | undefined;

/** The process's run, made on first use. */
export function processRun(): RunState {
  run ??= new RunState();
  return run;
}

/** The session of `connection` in the process's run. */
export function sessionFor(connection: Connection): HostSession {
  return processRun().sessionFor(connection);
}

/** Forgets the process's run state, keeping the SSH connections (tests model a new `pulumi` command with it). */
export function clearSessions(): void {
  processRun().clear();
}

/** Closes the process's SSH connections and forgets its sessions: the state of a new provider process. */
export function closeSessions(): Promise<void> {
  return processRun().close();
}
