/**
 * The texts xe prints on failure (docs/host-facts.md#xe-cli). Every error is a
 * thrown XeError carrying the whole stderr; commands never print errors themselves.
 */
import type { ProfileFacts } from "../../host/profiles";

/** A failed xe call; `stderr` is printed as is and xe exits 1. */
export class XeError extends Error {
  constructor(readonly stderr: string) {
    super(stderr.trimEnd());
    this.name = "XeError";
  }
}

/**
 * Descriptions of the datamodel errors the simulator raises (xen-api
 * `ocaml/idl/datamodel_errors.ml`; `datamodel.ml` in tag XS62): `  ` marks a
 * sentence gap that 6.2 prints as two spaces, `{host}` the word `host` that
 * later versions print as `server`.
 */
const DESCRIPTIONS: Readonly<Record<string, { sentence: string; params: readonly string[] }>> = {
  VM_BAD_POWER_STATE: {
    sentence:
      "You attempted an operation on a VM that was not in an appropriate power state at the time; for example, you attempted to start a VM that was already running.  The parameters returned are the VM's handle, and the expected and actual VM state at the time of the call.",
    params: ["vm", "expected", "actual"],
  },
  UUID_INVALID: { sentence: "The uuid you supplied was invalid.", params: ["type", "uuid"] },
  VM_MISSING_PV_DRIVERS: {
    sentence: "You attempted an operation on a VM which requires PV drivers to be installed but the drivers were not detected.",
    params: ["vm"],
  },
  VM_LACKS_FEATURE: { sentence: "You attempted an operation on a VM which lacks the feature.", params: ["vm"] },
  VM_HAS_PCI_ATTACHED: {
    sentence: "This operation could not be performed, because the VM has one or more PCI devices passed through.",
    params: ["vm"],
  },
  OPERATION_NOT_ALLOWED: { sentence: "You attempted an operation that was not allowed.", params: ["reason"] },
  HOST_NOT_DISABLED: {
    sentence: "This operation cannot be performed because the host is not disabled. Please disable the host and then try again.",
    params: [],
  },
  HOST_STILL_BOOTING: { sentence: "The host toolstack is still initialising. Please wait.", params: [] },
  HOST_DISABLED_UNTIL_REBOOT: {
    sentence: "The specified {host} is disabled and cannot be re-enabled until after it has rebooted.",
    params: ["host"],
  },
  NO_HOSTS_AVAILABLE: { sentence: "There were no {host}s available to complete the specified operation.", params: [] },
};

/**
 * The parameter lines, as xe's CLI server pairs the datamodel's names with
 * the values raised (`cli_util.ml` `get_server_error`): a missing value
 * prints `<unknown>`, a value without a name `<extra>`.
 */
function parameterLines(names: readonly string[], values: readonly string[]): string[] {
  const count = Math.max(names.length, values.length);
  return Array.from({ length: count }, (_, i) => `${names[i] ?? "<extra>"}: ${values[i] ?? "<unknown>"}`);
}

/** A datamodel error: its description, then one `name: value` line per parameter. */
export function apiError(facts: ProfileFacts, code: string, values: readonly string[]): XeError {
  const description = DESCRIPTIONS[code];
  if (description === undefined) return errorCode(code, values);
  const sentence = description.sentence.replace(/\. {2}/g, `.${facts.sentenceGap}`).replace(/\{host\}/g, facts.hostWord);
  return new XeError([sentence, ...parameterLines(description.params, values)].map((l) => `${l}\n`).join(""));
}

/** An error outside the datamodel: `Error code:` and `Error parameters:` lines. */
export function errorCode(code: string, values: readonly string[]): XeError {
  return new XeError(`Error code: ${code}\nError parameters: ${values.join(", ")}\n`);
}

/** An internal failure, with xenopsd's or xapi's message. */
export function internalError(message: string): XeError {
  return new XeError(
    "The server failed to handle your request, due to an internal error. The given message may give details useful for debugging the problem.\n" +
      `message: ${message}\n`,
  );
}

const USAGE = "For usage run: 'xe help'\n";

/** A required parameter is missing from the command line. */
export function missingParameter(name: string): XeError {
  return new XeError(`Required parameter not found: ${name}\n${USAGE}`);
}

/** The command does not exist on this version. */
export function unknownCommand(name: string): XeError {
  return new XeError(`Unknown command: ${name}\n${USAGE}`);
}

/** A plain failure message (an OCaml `Failure` in the CLI server). */
export function failure(message: string): XeError {
  return new XeError(`${message}\n`);
}

/**
 * What xe prints when xapi does not listen (a host booting, or the pool
 * master away): `newcli.ml` prints the `Unix_error` of its `connect`.
 */
export function connectionRefused(): XeError {
  return new XeError("Error: Connection refused (calling connect )\n");
}

/** A value the CLI server could not read (`Record_util.Record_failure`): `Error: <text>`. */
export function recordFailure(text: string): XeError {
  return new XeError(`Error: ${text}\n`);
}
