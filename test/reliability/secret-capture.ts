/**
 * For the secrets checks: run a provider call while capturing everything it
 * could leak through (its stdout, stderr and console output, the error with
 * its whole cause chain in every serialised form, the check result), and find
 * which secrets, if any, appear in it, without ever printing them.
 */
import { format, inspect } from "node:util";

/** A secret to look for, and a name to report it by. */
export interface Needle {
  name: string;
  text: string;
}

/** What a call left behind: its result or error, and every text derived from them. */
export interface Capture {
  result: unknown;
  error: unknown;
  /** Labelled texts: `stdout`, `error.cause.message`… */
  texts: [string, string][];
}

/** `JSON.stringify` as it behaves: `undefined` (nothing returned) serialises to undefined. */
const serialise: (value: unknown) => string | undefined = JSON.stringify;

function json(value: unknown): string {
  try {
    return serialise(value) ?? "";
  } catch (error) {
    return `unserialisable: ${String(error)}`;
  }
}

/** Every own property of an error (message, stack, code, details…), non-enumerable ones included. */
function ownProperties(error: Error): string {
  const record = error as unknown as Record<string, unknown>;
  return Object.getOwnPropertyNames(error)
    .map((key) => `${key}=${typeof record[key] === "string" ? record[key] : json(record[key])}`)
    .join("\n");
}

/** Texts of `error` and of each error in its cause chain. */
export function errorTexts(error: unknown): [string, string][] {
  const texts: [string, string][] = [["inspect(error)", inspect(error, { showHidden: true, depth: 20 })]];
  let current: unknown = error;
  for (let depth = 0, label = "error"; current !== undefined && current !== null && depth < 10; depth += 1, label += ".cause") {
    if (current instanceof Error) {
      texts.push([`${label}.message`, current.message], [`${label}.stack`, current.stack ?? ""]);
      texts.push([`JSON(${label})`, json(current)], [`${label} properties`, ownProperties(current)], [`String(${label})`, String(current)]);
      current = current.cause;
    } else {
      texts.push([label, typeof current === "string" ? current : json(current)]);
      current = undefined;
    }
  }
  return texts;
}

/** Runs `call` with stdout, stderr and console captured; never throws. */
export async function captureCall(call: () => Promise<unknown>): Promise<Capture> {
  const written: string[] = [];
  const write = ((chunk: unknown) => {
    written.push(typeof chunk === "string" ? chunk : Buffer.from(chunk as Uint8Array).toString("utf8"));
    return true;
  }) as typeof process.stdout.write;
  const spies = [
    jest.spyOn(process.stdout, "write").mockImplementation(write),
    jest.spyOn(process.stderr, "write").mockImplementation(write),
    ...(["log", "info", "warn", "error", "debug", "trace"] as const).map((method) =>
      jest.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        written.push(format(...args));
      }),
    ),
  ];
  let result: unknown;
  let error: unknown;
  try {
    result = await call();
  } catch (thrown) {
    error = thrown;
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
  const texts: [string, string][] = [["output", written.join("")], ["JSON(result)", json(result)], ["inspect(result)", inspect(result, { depth: 20 })]];
  return { result, error, texts: error === undefined ? texts : [...texts, ...errorTexts(error)] };
}

/** `needle name in text label` for each needle found; empty when nothing leaked. */
export function leaks(capture: Capture, needles: readonly Needle[]): string[] {
  return needles.flatMap((needle) => capture.texts.filter(([, text]) => text.includes(needle.text)).map(([label]) => `${needle.name} in ${label}`));
}

/**
 * The secrets of a private key for leak checks: the whole text and each line
 * of its base64 body (lines under 12 characters are left out: too short to
 * tell apart from chance).
 */
export function keyNeedles(name: string, keyText: string): Needle[] {
  const body = keyText.split("\n").filter((line) => line !== "" && !line.startsWith("-----"));
  return [{ name: `${name} (whole)`, text: keyText.trim() }, ...body.filter((line) => line.length >= 12).map((text, i) => ({ name: `${name} line ${i + 1}`, text }))];
}
