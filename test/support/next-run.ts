/**
 * What a new provider process starts with: nothing read of any host yet. Each
 * `pulumi` command runs the providers in a new process, while a jest file runs
 * many operations in one; tests that change a host behind the provider's back
 * (direct xe, file writes), or that model a rerun, call this first, or a read
 * shared within the run could answer from before the change.
 */
import { clearSessions } from "../../provider/host/session/session-registry";

/** Forgets every host read shared by the provider process. */
export function nextRun(): void {
  clearSessions();
}
