/**
 * The texts xe prints on failure (docs/host-facts.md#xe-cli). Every error is a
 * thrown XeError carrying the whole stderr; commands never print errors themselves.
 */
import type { ProfileFacts } from "../../host/profiles";

/** An API error as xapi raised it: its code and its parameters as raw API values (`OpaqueRef:…` for objects). */
export interface RaisedError {
  readonly code: string;
  readonly params: readonly string[];
}

/**
 * A failed xe call; `stderr` is printed as is, `stdout` before it (what the
 * CLI printed before the error, e.g. vm-start's table of hosts), and xe
 * exits 1. `raised` is the API error behind it, when there is one.
 */
export class XeError extends Error {
  constructor(
    readonly stderr: string,
    readonly stdout = "",
    readonly raised?: RaisedError,
  ) {
    super(stderr.trimEnd());
    this.name = "XeError";
  }
}

/** A reference raised in an API error: the raw `OpaqueRef:…` and what xe prints for it (`uuid (name)`, the CLI's `ref_convert`). */
export interface RefValue {
  readonly ref: string;
  readonly printed: string;
}

/** A parameter of an API error: a plain string, printed and raised as is, or a reference. */
export type ErrorValue = string | RefValue;

function printedValue(value: ErrorValue): string {
  return typeof value === "string" ? value : value.printed;
}

function rawValue(value: ErrorValue): string {
  return typeof value === "string" ? value : value.ref;
}

/** The same failure with `stdout` printed before its error. */
export function withStdout(error: XeError, stdout: string): XeError {
  return new XeError(error.stderr, stdout, error.raised);
}

/** A datamodel error's description and parameter names; `xs62` overrides the text where 6.2's differs beyond `host`/`server`. */
interface Description {
  sentence: string;
  xs62?: string;
  params: readonly string[] | ((facts: ProfileFacts) => readonly string[]);
}

/**
 * Descriptions of the datamodel errors the simulator raises (xen-api
 * `ocaml/idl/datamodel_errors.ml` at v1.249.42 and v26.1.4; `datamodel.ml`
 * in tag XS62): `  ` marks a sentence gap that 6.2 prints as two spaces,
 * `{host}` the word `host` that later versions print as `server`.
 */
const DESCRIPTIONS: Readonly<Record<string, Description>> = {
  VM_BAD_POWER_STATE: {
    sentence:
      "You attempted an operation on a VM that was not in an appropriate power state at the time; for example, you attempted to start a VM that was already running.  The parameters returned are the VM's handle, and the expected and actual VM state at the time of the call.",
    params: ["vm", "expected", "actual"],
  },
  UUID_INVALID: { sentence: "The uuid you supplied was invalid.", params: ["type", "uuid"] },
  INTERNAL_ERROR: {
    sentence: "The server failed to handle your request, due to an internal error.  The given message may give details useful for debugging the problem.",
    params: ["message"],
  },
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
  // assert_host_is_enabled (xapi_vm_helpers.ml), raised with the host's reference.
  HOST_DISABLED: { sentence: "The specified {host} is disabled.", params: ["host"] },
  // assert_can_see_SRs: the VM and the first SR the host does not see. The same text on every version.
  VM_REQUIRES_SR: {
    sentence:
      "You attempted to run a VM on a host which doesn't have access to an SR needed by the VM. The VM has at least one VBD attached to a VDI in the SR.",
    params: ["vm", "sr"],
  },
  HOST_NOT_ENOUGH_FREE_MEMORY: {
    sentence: "Not enough server memory is available to perform this operation.",
    xs62: "Not enough host memory is available to perform this operation",
    params: ["needed", "available"],
  },
  // Two parameters in the datamodel up to 8.2 (xapi raises a third, printed as `<extra>`), four from xapi v26.
  OTHER_OPERATION_IN_PROGRESS: {
    sentence: "Another operation involving the object is currently in progress",
    params: (facts) => (facts.namesOperationInProgress ? ["class", "object", "operation_type", "operation_ref"] : ["class", "object"]),
  },
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

/** The datamodel's text of `code` on `facts`' version, or undefined for a code the datamodel does not know. */
export function describe(facts: ProfileFacts, code: string): string | undefined {
  const description = DESCRIPTIONS[code];
  if (description === undefined) return undefined;
  const text = facts.hostWord === "host" && description.xs62 !== undefined ? description.xs62 : description.sentence;
  return text.replace(/\. {2}/g, `.${facts.sentenceGap}`).replace(/\{host\}/g, facts.hostWord);
}

/** A datamodel error: its description, then one `name: value` line per parameter (references printed as `uuid (name)`). */
export function apiError(facts: ProfileFacts, code: string, values: readonly ErrorValue[]): XeError {
  const description = DESCRIPTIONS[code];
  const sentence = describe(facts, code);
  if (description === undefined || sentence === undefined) return errorCode(code, values);
  const names = typeof description.params === "function" ? description.params(facts) : description.params;
  const lines = [sentence, ...parameterLines(names, values.map(printedValue))];
  return new XeError(lines.map((l) => `${l}\n`).join(""), "", { code, params: values.map(rawValue) });
}

/** An error outside the datamodel: `Error code:` and `Error parameters:` lines. */
export function errorCode(code: string, values: readonly ErrorValue[]): XeError {
  return new XeError(`Error code: ${code}\nError parameters: ${values.map(printedValue).join(", ")}\n`, "", { code, params: values.map(rawValue) });
}

/** An internal failure, with xenopsd's or xapi's message (two spaces between its sentences on 6.2, as every 6.2 description). */
export function internalError(facts: ProfileFacts, message: string): XeError {
  return apiError(facts, "INTERNAL_ERROR", [message]);
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
