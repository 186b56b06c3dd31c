/**
 * The parts of OCaml's `Scanf.sscanf` that xapi's formats use (`%d`, `%Nx`
 * and literal characters), with OCaml's rules and its exceptions, checked
 * against OCaml 4.13: a width is a maximum; no whitespace is skipped; after
 * the first digit `_` is accepted, ignored, and counts against the width; `%d`
 * takes a sign; a `%d` beyond the host's int range fails in `int_of_string`.
 * Input is seen as bytes, as OCaml strings are.
 */

/** An exception `Scanf.sscanf` raises. */
export class OcamlScanError extends Error {
  constructor(
    readonly exception: "Scan_failure" | "End_of_file",
    /** The Scan_failure message, already prefixed with the char number. */
    readonly detail = "",
  ) {
    super(exception === "End_of_file" ? "End_of_file" : `Scan_failure(${detail})`);
    this.name = "OcamlScanError";
  }

  /**
   * `Printexc.to_string` of the exception.
   * unconfirmed: the `Stdlib.Scanf.` prefix is OCaml 4.13's rendering; xapi 26.1 is built with 4.14.
   */
  printed(): string {
    return this.exception === "End_of_file" ? "End_of_file" : `Stdlib.Scanf.Scan_failure(${ocamlStringLiteral(this.detail)})`;
  }
}

/** OCaml's `Char.escaped` body of one byte. */
function escapeByte(c: string, inString: boolean): string {
  const code = c.charCodeAt(0);
  if (c === "\\") return "\\\\";
  if (c === "'" && !inString) return "\\'";
  if (c === '"' && inString) return '\\"';
  if (c === "\n") return "\\n";
  if (c === "\t") return "\\t";
  if (c === "\r") return "\\r";
  if (c === "\b") return "\\b";
  if (code >= 0x20 && code <= 0x7e) return c;
  return `\\${code.toString().padStart(3, "0")}`;
}

/** `%C`: a character literal. */
export function ocamlCharLiteral(c: string): string {
  return `'${escapeByte(c, false)}'`;
}

/** `%S`: a string literal. */
export function ocamlStringLiteral(text: string): string {
  return `"${Array.from(text, (c) => escapeByte(c, true)).join("")}"`;
}

/** The bytes of `text` as a string of one char per byte. */
export function asBytes(text: string): string {
  return Buffer.from(text, "utf8").toString("latin1");
}

/** Bits of an OCaml int: 31 on a 32-bit dom0 (XenServer 6.2), 63 on 64-bit ones. */
export type OcamlIntBits = 31 | 63;

const HEX = /^[0-9a-fA-F]$/;
const DEC = /^[0-9]$/;

/** A scanning buffer over one string, as `Scanf.Scanning.from_string` gives. */
export class OcamlScanner {
  private at = 0;
  private readonly bytes: string;

  constructor(text: string) {
    this.bytes = asBytes(text);
  }

  private fail(message: string): never {
    throw new OcamlScanError("Scan_failure", `scanf: bad input at char number ${this.at}: ${message}`);
  }

  private peek(): string {
    const c = this.bytes.charAt(this.at);
    if (c === "") throw new OcamlScanError("End_of_file");
    return c;
  }

  /** Matches one literal character of the format. */
  literal(char: string): void {
    const c = this.peek();
    if (c !== char) this.fail(`looking for ${ocamlCharLiteral(char)}, found ${ocamlCharLiteral(c)}`);
    this.at += 1;
  }

  /** The digits of one conversion: a first digit, then digits or `_`, at most `width` characters taken. */
  private digits(valid: RegExp, basis: string, width: number): string {
    const first = this.peek();
    if (!valid.test(first)) this.fail(`character ${ocamlCharLiteral(first)} is ${basis}`);
    let taken = first;
    let left = width - 1;
    this.at += 1;
    while (left > 0 && this.at < this.bytes.length) {
      const c = this.bytes.charAt(this.at);
      if (!(valid.test(c) || c === "_")) break;
      if (c !== "_") taken += c;
      left -= 1;
      this.at += 1;
    }
    return taken;
  }

  /** `%<width>x`. */
  hex(width: number): number {
    return Number.parseInt(this.digits(HEX, "not a valid hexadecimal digit", width), 16);
  }

  /** `%d` on an OCaml int of `bits`. */
  decimal(bits: OcamlIntBits): bigint {
    let sign = "";
    const c = this.peek();
    if (c === "+" || c === "-") {
      sign = c;
      this.at += 1;
    }
    const value = BigInt(`${sign === "-" ? "-" : ""}${this.digits(DEC, "not a decimal digit", Number.MAX_SAFE_INTEGER)}`);
    const limit = 1n << BigInt(bits - 1);
    if (value >= limit || value < -limit) this.fail("int_of_string");
    return value;
  }
}
