/**
 * Turning zod issues into Pulumi check failures: one `{property, reason}` per
 * problem, the property as a dotted path (`devices[1]`, `connection.port`), the
 * reason naming the bad value (safely) and the expected form.
 */
import type { z } from "zod";
import { ValidationError } from "../errors";
import { isUnknown, valueAtPath } from "../model/unknown";

/** One failed input, as Pulumi's `check` returns it. */
export interface CheckFailure {
  /** Dotted path of the input, e.g. `devices[1]` or `connection.port`. */
  property: string;
  /** The bad value and the expected form, as one sentence without a final period. */
  reason: string;
}

/** What `check` returns: the inputs to use and the failures (empty when valid). */
export interface CheckResult {
  inputs: Record<string, unknown>;
  failures: CheckFailure[];
}

/** How a secret value is named in a reason: its content never appears. */
export const HIDDEN_VALUE = "the given value (hidden)";

const MAX_SHOWN_CHARACTERS = 64;

/**
 * A short, safe rendering of a value for an error message: strings quoted with
 * every character outside printable ASCII escaped (so look-alikes and control
 * characters are visible) and cut after 64 characters; objects and arrays only
 * described, never dumped (they may hold secrets).
 *
 * @param value - any input value
 */
export function describeValue(value: unknown): string {
  if (typeof value === "string") {
    const chars = Array.from(value); // code points: each escaped character is one of them
    const shown = chars.slice(0, MAX_SHOWN_CHARACTERS).map(escapeCharacter).join("");
    return chars.length > MAX_SHOWN_CHARACTERS ? `"${shown}…" (${chars.length} characters)` : `"${shown}"`;
  }
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") {
    return String(value);
  }
  if (value === null) return "null";
  if (value === undefined) return "nothing";
  if (Array.isArray(value)) {
    return value.length === 0 ? "an empty list" : `a list of ${value.length} ${value.length === 1 ? "item" : "items"}`;
  }
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

function escapeCharacter(char: string): string {
  if (char === '"' || char === "\\") return `\\${char}`;
  const code = char.codePointAt(0) ?? 0;
  if (code >= 0x20 && code <= 0x7e) return char;
  return code > 0xffff ? `\\u{${code.toString(16)}}` : `\\u${code.toString(16).padStart(4, "0")}`;
}

/**
 * Formats a zod path as Pulumi shows properties: `devices[1]`, `connection.port`.
 *
 * @param path - property names and array indices
 */
export function formatPropertyPath(path: readonly (string | number)[]): string {
  return path.map((key, i) => (typeof key === "number" ? `[${key}]` : i === 0 ? key : `.${key}`)).join("");
}

/**
 * A zod error map for one field: every issue becomes "<value> is not <noun>; <form>",
 * or "a value is required; <form>" when nothing was given.
 *
 * @param noun - what the value should be, e.g. `a PCI address`
 * @param form - the expected form, starting with `expected`, e.g. `expected an integer from 1 to 65535`
 * @param options - `secret`: never show the value
 */
export function expecting(noun: string, form: string, options: { secret?: boolean } = {}): { errorMap: z.ZodErrorMap } {
  return {
    errorMap: (issue, ctx) => {
      if (issue.code === "unrecognized_keys") {
        return { message: form };
      }
      if (ctx.data === undefined) {
        return { message: `a value is required; ${form}` };
      }
      const shown = options.secret === true ? HIDDEN_VALUE : describeValue(ctx.data);
      return { message: `${shown} is not ${noun}; ${form}` };
    },
  };
}

/**
 * The failures of a zod error, one per issue and one per unrecognized key.
 *
 * @param error - from `safeParse`
 * @param input - the validated object, to recognise the preview placeholder
 * @param allowUnknown - drop issues about values that are (inside) the preview placeholder
 */
export function failuresFrom(error: z.ZodError, input: unknown, allowUnknown: boolean): CheckFailure[] {
  return error.issues.flatMap((issue): CheckFailure[] => {
    if (allowUnknown && isUnknown(valueAtPath(input, issue.path))) {
      return [];
    }
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((key) => ({
        property: formatPropertyPath([...issue.path, key]),
        reason: `${describeValue(key)} is not a known property; ${issue.message}`,
      }));
    }
    return [{ property: formatPropertyPath(issue.path), reason: issue.message }];
  });
}

/**
 * Removes the engine's `__provider` key and keys whose value is `undefined`
 * (output placeholders), which strict schemas would otherwise reject.
 *
 * @param props - inputs as the engine passes them
 */
export function stripEngineKeys(props: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(props).filter(([key, value]) => key !== "__provider" && value !== undefined));
}

/**
 * Pulumi `check`: validates `news` and returns them untouched (the preview
 * placeholder passes anywhere), with one failure per problem.
 *
 * @param schema - the resource's input schema
 * @param news - the new inputs, `__provider` included
 */
export function checkInputs(schema: z.ZodTypeAny, news: Record<string, unknown>): CheckResult {
  const props = stripEngineKeys(news);
  const result = schema.safeParse(props);
  return { inputs: news, failures: result.success ? [] : failuresFrom(result.error, props, true) };
}

/**
 * Validates inputs outside `check` (create, update, read) and returns the parsed
 * value with defaults applied.
 *
 * @param schema - the resource's input schema
 * @param raw - inputs or old outputs, `__provider` included or not
 * @param resource - the resource type for the message, e.g. `PciAssignment`
 * @throws ValidationError naming every failure, in the words `check` uses
 */
export function parseInputs<T extends z.ZodTypeAny>(schema: T, raw: Record<string, unknown>, resource: string): z.output<T> {
  const props = stripEngineKeys(raw);
  const result = schema.safeParse(props);
  if (result.success) {
    return result.data as z.output<T>;
  }
  const failures = failuresFrom(result.error, props, false);
  throw new ValidationError(
    `validating the ${resource} inputs: ${failures.map((f) => `${f.property}: ${f.reason}`).join("; ")}.`,
    { hint: "Correct these inputs in the Pulumi program and run the update again." },
  );
}

/**
 * The entries of `raw` whose key is in `keys`.
 *
 * @param raw - any props object
 * @param keys - the keys to keep
 */
export function pickKeys(raw: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(raw).filter(([key]) => keys.includes(key)));
}
