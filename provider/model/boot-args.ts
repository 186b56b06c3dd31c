/**
 * Kernel argument strings (`root=LABEL=x ro quiet pciback.hide=(06:00.0)`):
 * tokenise without losing a byte, find parameters by exact key, and splice
 * tokens in or out so that every byte we do not own stays where it was.
 */

/** One whitespace-separated word of an argument string, with its exact position. */
export interface ArgToken {
  /** The word as written, quotes included. */
  readonly text: string;
  /** Offset of the first character in the argument string. */
  readonly start: number;
  /** Offset just past the last character. */
  readonly end: number;
  /** Text before the first `=` (the whole word when there is none). */
  readonly key: string;
  /** Text after the first `=`, or `undefined` for a bare flag such as `ro`. */
  readonly value: string | undefined;
}

const WHITESPACE = /\s/;

/**
 * Splits an argument string into words at runs of whitespace. A double-quoted
 * section is part of its word, because the kernel's `parse_args` keeps
 * `key="a b"` together; an unbalanced quote runs to the end of the string, as
 * the kernel does.
 */
export function tokenizeArgs(args: string): ArgToken[] {
  const tokens: ArgToken[] = [];
  let i = 0;
  while (i < args.length) {
    if (WHITESPACE.test(args.charAt(i))) {
      i += 1;
      continue;
    }
    const start = i;
    let quoted = false;
    while (i < args.length && (quoted || !WHITESPACE.test(args.charAt(i)))) {
      if (args.charAt(i) === '"') quoted = !quoted;
      i += 1;
    }
    tokens.push(makeToken(args.slice(start, i), start, i));
  }
  return tokens;
}

function makeToken(text: string, start: number, end: number): ArgToken {
  const eq = text.indexOf("=");
  return eq < 0
    ? { text, start, end, key: text, value: undefined }
    : { text, start, end, key: text.slice(0, eq), value: text.slice(eq + 1) };
}

/** Every word whose key is exactly `key` (case-sensitive, as the kernel compares), in order. */
export function findArgs(args: string, key: string): ArgToken[] {
  return tokenizeArgs(args).filter((token) => token.key === key);
}

/** Replaces the bytes of one token (from {@link tokenizeArgs} on the same string) with `text`. */
export function replaceArg(args: string, token: ArgToken, text: string): string {
  return args.slice(0, token.start) + text + args.slice(token.end);
}

/**
 * Appends a word after the last word, separated by one space, so that
 * {@link removeArg} on the result gives back `args` byte for byte (trailing
 * whitespace after the last word stays trailing).
 */
export function appendArg(args: string, text: string): string {
  const last = tokenizeArgs(args).at(-1);
  if (last === undefined) return text + args;
  return `${args.slice(0, last.end)} ${text}${args.slice(last.end)}`;
}

/**
 * Removes one token and exactly one separating whitespace character: the one
 * before it when another word precedes it, else the one after it when another
 * word follows, else none. This is the inverse of {@link appendArg}.
 */
export function removeArg(args: string, token: ArgToken): string {
  const tokens = tokenizeArgs(args);
  const index = tokens.findIndex((t) => t.start === token.start && t.end === token.end);
  if (index < 0) throw new RangeError(`token "${token.text}" at ${token.start} is not a word of the argument string`);
  if (index > 0) return args.slice(0, token.start - 1) + args.slice(token.end);
  if (index < tokens.length - 1) return args.slice(0, token.start) + args.slice(token.end + 1);
  return args.slice(0, token.start) + args.slice(token.end);
}
