/**
 * Pulumi's preview placeholder. During `pulumi preview` an input that depends on
 * another resource's not-yet-known output reaches a dynamic provider as this
 * exact string, wherever the value sits (a whole object, an array, one element).
 */

/** The string the engine sends for a value unknown until the update runs. */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/**
 * Whether `value` is the preview placeholder itself.
 *
 * @param value - any input value
 */
export function isUnknown(value: unknown): boolean {
  return value === UNKNOWN;
}

/**
 * Whether `value` is, or contains at any depth, the preview placeholder.
 *
 * @param value - any input value
 */
export function containsUnknown(value: unknown): boolean {
  if (isUnknown(value)) {
    return true;
  }
  if (Array.isArray(value)) {
    return value.some(containsUnknown);
  }
  if (typeof value === "object" && value !== null) {
    return Object.values(value).some(containsUnknown);
  }
  return false;
}

/**
 * The value at `path` inside `root`, or `undefined` when the path leads nowhere.
 * Stops early at the placeholder, which then counts as the value of the whole
 * sub-path (`devices.1` inside an unknown `devices` is unknown).
 *
 * @param root - the object to walk
 * @param path - property names and array indices
 */
export function valueAtPath(root: unknown, path: readonly (string | number)[]): unknown {
  let current = root;
  for (const key of path) {
    if (isUnknown(current) || typeof current !== "object" || current === null) {
      return isUnknown(current) ? UNKNOWN : undefined;
    }
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}
