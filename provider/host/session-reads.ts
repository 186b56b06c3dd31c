/**
 * Shared reads keyed by the SSH session a connection opens (`sessionKey`: host,
 * port, user, host key, credentials digest), so that what was read over one
 * user's session is never handed to a resource with other credentials. Every
 * instance registers itself, and {@link clearSessionReads} forgets them all at
 * once: the state of a new provider process.
 */
import type { Connection } from "../model/connection";
import { sessionKey } from "../remote/ssh";
import { SHARED_READ_WINDOW_MS, SharedReads, type SharedValue } from "./shared-read";

/** Something holding what the process has read of hosts. */
export interface SharedHostState {
  /** Forgets everything it holds. */
  clear(): void;
}

const everyState = new Set<SharedHostState>();

/** Adds `state` to what {@link clearSessionReads} clears. */
export function registerSharedHostState(state: SharedHostState): void {
  everyState.add(state);
}

/** Forgets every host read shared by the provider process (tests model a new `pulumi` command with it). */
export function clearSessionReads(): void {
  for (const state of everyState) state.clear();
}

/** {@link SharedReads} over the {@link SHARED_READ_WINDOW_MS} window, keyed by session. */
export class SessionReads<T> implements SharedHostState {
  private readonly reads: SharedReads<T>;

  /** @param now - the clock, in ms (tests) */
  constructor(now: () => number = () => Date.now()) {
    this.reads = new SharedReads<T>({ windowMs: SHARED_READ_WINDOW_MS, now });
    registerSharedHostState(this);
  }

  /** The value and its fetch's start, from a fetch of this session within the window, or `fetch` run now. */
  read(connection: Connection, fetch: () => Promise<T>): Promise<SharedValue<T>> {
    return this.reads.read(sessionKey(connection), fetch);
  }

  /** {@link SessionReads.read}, the value alone. */
  async value(connection: Connection, fetch: () => Promise<T>): Promise<T> {
    return (await this.read(connection, fetch)).value;
  }

  /** Stores a value this process knows without a fetch (what it just wrote and verified). */
  seed(connection: Connection, value: T): void {
    this.reads.seed(sessionKey(connection), value);
  }

  /** Drops the session's value: the next read fetches. */
  forget(connection: Connection): void {
    this.reads.forget(sessionKey(connection));
  }

  /** @inheritDoc */
  clear(): void {
    this.reads.clear();
  }
}
