/**
 * A re-implementation of exactly one OCaml `Scanf.sscanf` call, the one xapi uses
 * on each `other-config:pci` piece: `"%d/%04x:%02x:%02x.%01x"`. OCaml's scanf
 * differs from C's: conversions do not skip leading whitespace, digits may be
 * separated by `_` (which counts against the width), `%d` takes an optional sign,
 * and an integer that does not fit in xapi's OCaml `int` fails the match: 63 bits
 * on a 64-bit dom0, 31 on XenServer 6.2's 32-bit one (ocaml-int.ts). The index
 * is kept as a bigint: a 63-bit int does not fit a JavaScript number (2^53), and
 * xapi sorts the pieces by it.
 */
import { ocamlIntRange, type OcamlIntBits } from "./ocaml-int";


/** A piece that matched: the hotplug index, exact, and the four hex numbers (domain, bus, device, function). */
export interface ScannedPciPiece {
  index: bigint;
  numbers: [number, number, number, number];
}

/** A cursor over one piece; every reader returns `undefined` on a mismatch. */
class Cursor {
  private pos = 0;

  constructor(private readonly text: string) {}

  /** Matches one literal character. */
  literal(char: string): boolean {
    if (this.text[this.pos] !== char) {
      return false;
    }
    this.pos += 1;
    return true;
  }

  /** `%d`: optional sign, a decimal digit, then digits or `_`, no width limit; `undefined` beyond an int of `bits` too. */
  decimal(bits: OcamlIntBits): bigint | undefined {
    let sign = "";
    const first = this.text[this.pos];
    if (first === "+" || first === "-") {
      sign = first;
      this.pos += 1;
    }
    const digits = this.digits(/[0-9]/, Number.POSITIVE_INFINITY);
    if (digits === undefined) {
      return undefined;
    }
    const value = BigInt(`${sign === "-" ? "-" : ""}${digits}`);
    const { min, max } = ocamlIntRange(bits);
    return value < min || value > max ? undefined : value;
  }

  /** `%0Nx`: a hex digit, then hex digits or `_`, at most `width` characters in all. */
  hex(width: number): number | undefined {
    const digits = this.digits(/[0-9a-fA-F]/, width);
    return digits === undefined ? undefined : parseInt(digits, 16);
  }

  private digits(digit: RegExp, width: number): string | undefined {
    const first = this.text[this.pos];
    if (first === undefined || !digit.test(first)) {
      return undefined;
    }
    let digits = first;
    let used = 1;
    this.pos += 1;
    for (let c = this.text[this.pos]; c !== undefined && used < width; c = this.text[this.pos]) {
      if (digit.test(c)) {
        digits += c;
      } else if (c !== "_") {
        break;
      }
      used += 1;
      this.pos += 1;
    }
    return digits;
  }
}

/**
 * Matches one piece against `%d/%04x:%02x:%02x.%01x`; what follows the match is ignored.
 *
 * @param piece - one comma-separated piece of the value
 * @param bits - the width of the host's OCaml int (default 63: every 64-bit dom0)
 * @returns the scanned numbers, or `undefined` when xapi would drop the piece
 */
export function scanPciPiece(piece: string, bits: OcamlIntBits = 63): ScannedPciPiece | undefined {
  const cursor = new Cursor(piece);
  const index = cursor.decimal(bits);
  if (index === undefined || !cursor.literal("/")) return undefined;
  const domain = cursor.hex(4);
  if (domain === undefined || !cursor.literal(":")) return undefined;
  const bus = cursor.hex(2);
  if (bus === undefined || !cursor.literal(":")) return undefined;
  const device = cursor.hex(2);
  if (device === undefined || !cursor.literal(".")) return undefined;
  const fn = cursor.hex(1);
  if (fn === undefined) return undefined;
  return { index, numbers: [domain, bus, device, fn] };
}
