/**
 * Classifies what `xe` printed on stderr when it exited 1, so that the host
 * layer can map it to a typed error or to "already gone" without string matching
 * of its own. The texts are xapi's (see docs/host-facts.md#error-texts).
 */

/** What an xe failure means for the provider. */
export type XeErrorKind =
  | "unknown-vm"
  | "key-absent"
  | "bad-power-state"
  | "missing-pv-drivers"
  | "lacks-feature"
  | "internal"
  | "unknown-command"
  | "connection-refused"
  | "operation-in-progress"
  | "other";

/** A classified xe failure. */
export interface XeError {
  kind: XeErrorKind;
  /** The stderr lines, trimmed and joined with `; ` (for internal errors: the `message:` text). */
  message: string;
  /** The `name: value` parameter lines of an API error (`expected: halted`, `uuid: U`…). */
  parameters: Record<string, string>;
}

// Checked in order: a refused connection says nothing about the request itself.
const RULES: readonly [XeErrorKind, RegExp][] = [
  ["connection-refused", /Connection refused/],
  ["unknown-vm", /The uuid you supplied was invalid\.|No matching VMs found/],
  ["key-absent", /^Key (?:\S+ )?(?:not found in map|is not in map)/m],
  ["bad-power-state", /VM_BAD_POWER_STATE|not in an appropriate power state/],
  ["missing-pv-drivers", /VM_MISSING_PV_DRIVERS|requires PV drivers/],
  ["lacks-feature", /VM_LACKS_FEATURE|lacks the feature/],
  ["internal", /The server failed to handle your request, due to an internal error/],
  ["unknown-command", /^Unknown command: /m],
  // A second `host-reboot` while one is under way, among others (datamodel_errors.ml).
  ["operation-in-progress", /OTHER_OPERATION_IN_PROGRESS|Another operation involving the object is currently in progress/],
];

/**
 * Classifies xe's stderr.
 *
 * @param stderr - what xe printed on stderr
 */
export function classifyXeError(stderr: string): XeError {
  const lines = stderr.split(/\r?\n/).map((line) => line.trim()).filter((line) => line !== "");
  const parameters: Record<string, string> = {};
  for (const line of lines.slice(1)) {
    const match = /^([A-Za-z][\w-]*): (.*)$/.exec(line);
    if (match !== null) parameters[match[1] ?? ""] = match[2] ?? "";
  }
  let kind = RULES.find(([, pattern]) => pattern.test(stderr))?.[0] ?? "other";
  // The same "invalid uuid" error names other object types too (a host UUID in `on=`).
  if (kind === "unknown-vm" && parameters.type !== undefined && parameters.type !== "VM") {
    kind = "other";
  }
  const internalMessage = kind === "internal" ? parameters.message : undefined;
  return { kind, message: internalMessage ?? lines.join("; "), parameters };
}
