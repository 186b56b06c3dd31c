/**
 * The few Python string and number rules the bootloader library relies on:
 * `str.strip`/`split` whitespace, `int()` of a string, and universal newlines.
 */
import { PythonError, pyRepr } from "./python-error";

// Python also strips the separators \x1c-\x1f; no boot config holds them.

/** `s.strip()`. */
export function strip(text: string): string {
  return text.trim();
}

/** `s.rstrip()`. */
export function rstrip(text: string): string {
  return text.trimEnd();
}

/** `s.split(None, maxsplit)`: runs of whitespace separate, leading and trailing whitespace ignored. */
export function splitWords(text: string, maxsplit = -1): string[] {
  const words: string[] = [];
  let rest = text.replace(/^\s+/, "");
  while (rest !== "") {
    if (maxsplit >= 0 && words.length === maxsplit) {
      words.push(rest);
      break;
    }
    const match = /\s+/.exec(rest);
    if (match === null) {
      words.push(rest);
      break;
    }
    words.push(rest.slice(0, match.index));
    rest = rest.slice(match.index + match[0].length);
  }
  return words;
}

/** A text file's lines as Python 3's text mode yields them: `\n`, `\r\n` and `\r` all end a line; the ending is kept. */
export function textLines(content: string): string[] {
  return content.match(/[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$/g) ?? [];
}

/** The largest index CPython accepts for a list (`sys.maxsize` on a 64-bit dom0). */
const MAX_INDEX = (1n << 63n) - 1n;

/**
 * `int(text)`: surrounding whitespace, a sign, decimal digits; Python 3.6
 * also takes single `_` between digits. Raises ValueError like CPython.
 */
export function pyInt(text: string, underscores: boolean): bigint {
  const body = strip(text);
  const pattern = underscores ? /^[+-]?\d+(?:_\d+)*$/ : /^[+-]?\d+$/;
  if (!pattern.test(body)) throw new PythonError("ValueError", `invalid literal for int() with base 10: ${pyRepr(text)}`);
  return BigInt(body.replace(/_/g, ""));
}

/** `items[index]` with Python's negative indices; IndexError when out of range. */
export function pyIndex<T>(items: readonly T[], index: bigint): T {
  if (index > MAX_INDEX || index < -MAX_INDEX - 1n) throw new PythonError("IndexError", "cannot fit 'int' into an index-sized integer");
  const at = index < 0n ? BigInt(items.length) + index : index;
  const item = at >= 0n && at < BigInt(items.length) ? items[Number(at)] : undefined;
  if (item === undefined) throw new PythonError("IndexError", "list index out of range");
  return item;
}
