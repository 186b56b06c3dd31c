/**
 * The plugin's functions: `getPciDevices` and `getVm`, run by the same
 * lookups as the TypeScript functions, but on the run's shared session of the
 * host (the plugin is the provider's process: a program that looks a VM up
 * and then assigns devices to it uses one SSH connection), inside the
 * session's operations (a host reboot of the run waits for them).
 */
import type { LookupRunner } from "../lookups/lookup-host";
import { getPciDevicesWith } from "../lookups/get-pci-devices";
import { getVmWith } from "../lookups/get-vm";
import { hostFor } from "../providers/adapter";
import type { ConnectionInput } from "../schema/connection";
import { checkInputs, type CheckFailure } from "../schema/failures";
import { getPciDevicesArgsSchema, getVmArgsSchema } from "../schema/lookups";
import { FUNCTION_TOKENS } from "./tokens";

/** The run's session of the connection's host, as the resources use it. */
export const sharedSession: LookupRunner = (connection, work) => {
  const host = hostFor(connection);
  return host.during(() => work(host));
};

/** What a function answers: its result, or the failures of its arguments. */
export interface FunctionResult {
  outputs: Record<string, unknown>;
  failures: CheckFailure[];
}

/** The failures of the arguments besides `connection` (the lookup validates that one itself, as the resources word it). */
function argumentFailures(schema: Parameters<typeof checkInputs>[0], args: Record<string, unknown>): CheckFailure[] {
  const { connection: _connection, ...rest } = args;
  return checkInputs(schema, rest).failures;
}

const PCI_DEVICES_OTHER_ARGS = getPciDevicesArgsSchema.omit({ connection: true });
const VM_OTHER_ARGS = getVmArgsSchema.omit({ connection: true });

/** A result as plain JSON: the wire has no `undefined`. */
function plain(value: object): Record<string, unknown> {
  return JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
}

/**
 * Runs the function `token` with plain (unwrapped) arguments.
 *
 * @param token - `xenserver-pci:index:getPciDevices` or `xenserver-pci:index:getVm`
 * @param args - the arguments, secrets unwrapped
 * @throws Error for a token this plugin does not serve; the lookup's typed error when it fails
 */
export async function invokeFunction(token: string, args: Record<string, unknown>): Promise<FunctionResult> {
  switch (token) {
    case FUNCTION_TOKENS.getPciDevices: {
      const failures = argumentFailures(PCI_DEVICES_OTHER_ARGS, args);
      if (failures.length > 0) return { outputs: {}, failures };
      return { outputs: plain(await getPciDevicesWith(sharedSession, { connection: args.connection as ConnectionInput })), failures: [] };
    }
    case FUNCTION_TOKENS.getVm: {
      const failures = argumentFailures(VM_OTHER_ARGS, args);
      if (failures.length > 0) return { outputs: {}, failures };
      return { outputs: plain(await getVmWith(sharedSession, { connection: args.connection as ConnectionInput, nameLabel: args.nameLabel as string })), failures: [] };
    }
    default:
      throw new Error(`unknown function ${token}`);
  }
}
