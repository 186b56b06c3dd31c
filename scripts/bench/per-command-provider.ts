/**
 * The baseline's dynamic provider (bench only): `PerCommandChange` runs its
 * list of shell commands one after the other, each over a new SSH connection,
 * and fails on the first non-zero exit, like @pulumi/command's
 * `remote.Command` with one resource per command. The benchmark's program
 * `require`s this compiled module at run time (dist/scripts/bench/).
 */
import { execOverFreshConnection, type FreshConnectionTarget } from "./fresh-connection-exec";

/** Inputs of one PerCommandChange. */
export interface PerCommandChangeInputs extends FreshConnectionTarget {
  /** Names the change in the resource id. */
  readonly name: string;
  readonly commands: readonly string[];
}

/** Outputs of one PerCommandChange: no credentials, only what ran. */
export interface PerCommandChangeOutputs {
  readonly host: string;
  readonly port: number;
  readonly commandCount: number;
}

/**
 * Runs `inputs.commands` in order, one fresh connection each.
 *
 * @throws Error with the command, its exit code and its stderr at the first failure
 */
export async function runPerCommandChange(inputs: PerCommandChangeInputs): Promise<{ id: string; outs: PerCommandChangeOutputs }> {
  for (const command of inputs.commands) {
    const result = await execOverFreshConnection(inputs, command);
    if (result.exitCode !== 0) {
      throw new Error(
        `Unable to apply ${inputs.name}: ${JSON.stringify(command)} exited ${String(result.exitCode)}: ${result.stderr.trim()}`,
      );
    }
  }
  return {
    id: `${inputs.host}:${String(inputs.port)}/${inputs.name}`,
    outs: { host: inputs.host, port: inputs.port, commandCount: inputs.commands.length },
  };
}

/** The provider object: only `create`, since the baseline is only ever brought up. */
export const perCommandProvider = {
  /** See {@link runPerCommandChange}. */
  create: (inputs: PerCommandChangeInputs) => runPerCommandChange(inputs),
};
