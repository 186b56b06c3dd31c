/**
 * Pieces shared by the two pure `diff` functions: the result shape and the
 * comparison of `connection`, where only `host` decides which machine is changed.
 */
import { DEFAULT_TIMEOUT_MS } from "./connection";
import { containsUnknown, isUnknown } from "./unknown";

/** What a dynamic provider's `diff` returns. */
export interface DiffResult {
  /** Something differs: the engine will call update, or replace when `replaces` is non-empty. */
  changes: boolean;
  /** Property paths whose change needs a new resource, e.g. `vmUuid`, `connection.host`. */
  replaces: string[];
  /** Delete the old resource first: a device cannot be in two places at once. True whenever `replaces` is non-empty. */
  deleteBeforeReplace: boolean;
}

// The defaults the schema applies, so that `{port: 22}` and `{}` compare equal
// (old outputs may come from state written with or without defaults).
const CONNECTION_DEFAULTS: Readonly<Record<string, unknown>> = {
  port: 22,
  user: "root",
  insecureIgnoreHostKey: false,
  timeoutMs: DEFAULT_TIMEOUT_MS,
  sudo: false,
};

/**
 * Builds the result from the replace paths found and whether anything else changed.
 *
 * @param replaces - property paths that need a replacement
 * @param updated - whether a property that only needs an update changed
 */
export function diffResult(replaces: string[], updated: boolean): DiffResult {
  return { changes: replaces.length > 0 || updated, replaces, deleteBeforeReplace: replaces.length > 0 };
}

/**
 * Whether a replace-triggering value changed. A preview placeholder counts as a
 * change: the real value may differ, and saying "replace" in a preview that then
 * turns out to be an update is the safe mistake.
 *
 * @param oldValue - from the old outputs (already normalised there)
 * @param newValue - from the new inputs
 * @param normalise - maps both sides to their comparable form
 */
export function replaceFieldChanged(oldValue: unknown, newValue: unknown, normalise: (value: unknown) => unknown): boolean {
  return containsUnknown(newValue) || normalise(oldValue) !== normalise(newValue);
}

/**
 * Whether `connection.host` changed (case-insensitive, trailing dot ignored). An
 * unknown connection or host counts as changed.
 *
 * @param oldConnection - `connection` of the old outputs
 * @param newConnection - `connection` of the new inputs
 */
export function hostChanged(oldConnection: unknown, newConnection: unknown): boolean {
  if (isUnknown(newConnection)) {
    return true;
  }
  return replaceFieldChanged(field(oldConnection, "host"), field(newConnection, "host"), normaliseHost);
}

/**
 * Whether anything in `connection` other than `host` changed (credentials, port,
 * user, deadlines…), defaults applied on both sides. Such a change is an update
 * that touches nothing on the host: the new values are simply stored.
 *
 * @param oldConnection - `connection` of the old outputs
 * @param newConnection - `connection` of the new inputs
 */
export function connectionSettingsChanged(oldConnection: unknown, newConnection: unknown): boolean {
  if (isUnknown(newConnection)) {
    return true;
  }
  const keys = new Set([...Object.keys(asRecord(oldConnection)), ...Object.keys(asRecord(newConnection)), ...Object.keys(CONNECTION_DEFAULTS)]);
  keys.delete("host");
  return [...keys].some((key) => {
    const newValue = field(newConnection, key) ?? CONNECTION_DEFAULTS[key];
    return containsUnknown(newValue) || JSON.stringify(field(oldConnection, key) ?? CONNECTION_DEFAULTS[key]) !== JSON.stringify(newValue);
  });
}

/**
 * The property `key` of `value` when it is an object, else `undefined`.
 *
 * @param value - any props value
 * @param key - the property name
 */
export function field(value: unknown, key: string): unknown {
  return asRecord(value)[key];
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function normaliseHost(value: unknown): unknown {
  return typeof value === "string" ? value.trim().toLowerCase().replace(/\.$/, "") : value;
}
