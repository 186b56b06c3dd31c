/**
 * What the host layer runs commands through: one host connection's commands,
 * scripts and batches. {@link HostSession} implements it; the read and edit
 * modules take it as a parameter, so that they never reach for a connection
 * pool or a cache of their own.
 */
import type { Connection } from "../../model/connection";
import type { CommandResult, RunOptions, ScriptOptions } from "../../remote/ssh";

/** Commands on one host, over the connection its session owns. */
export interface HostShell {
  /** The validated connection (host name for messages, deadlines, sudo). */
  readonly connection: Connection;
  /** Runs `argv` (every word quoted); see `remote/ssh.ts` `runCommand`. */
  runCommand(argv: readonly string[], options?: RunOptions): Promise<CommandResult>;
  /** Runs a fixed POSIX sh script with positional arguments; see `remote/ssh.ts` `runScript`. */
  runScript(script: string, options?: ScriptOptions): Promise<CommandResult>;
  /** Runs commands in one exec, one after the other; one result per command, failures returned (see batch.ts). */
  runBatch(commands: readonly (readonly string[])[], label: string): Promise<CommandResult[]>;
  /** Runs independent read-only commands side by side; one result per command, failures returned (see batch.ts). */
  runReads(commands: readonly (readonly string[])[], label: string): Promise<CommandResult[]>;
}
