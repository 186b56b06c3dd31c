/**
 * xapi's reading of `other-config:pci` (xapi-notes.md): split on `,`, each
 * piece scanned with OCaml's `Scanf.sscanf "%d/%04x:%02x:%02x.%01x"`, pieces
 * that do not scan silently dropped, trailing text after a match ignored;
 * groups attach in ascending index, and inside one index in reverse order.
 */

/** One device of the value, with its hotplug index. */
export interface PciPiece {
  index: number;
  address: string;
}

interface Cursor {
  text: string;
  at: number;
}

/** OCaml's Scanf digits: a first digit, then digits or `_`, at most `width` characters. */
function scanDigits(cursor: Cursor, digit: RegExp, width: number): string | undefined {
  let taken = "";
  while (cursor.at < cursor.text.length && taken.length < width) {
    const c = cursor.text.charAt(cursor.at);
    if (!(digit.test(c) || (c === "_" && taken !== ""))) break;
    taken += c;
    cursor.at += 1;
  }
  const digits = taken.replace(/_/g, "");
  return digits === "" ? undefined : digits;
}

function scanDecimal(cursor: Cursor): number | undefined {
  let sign = "";
  const first = cursor.text.charAt(cursor.at);
  if (first === "-" || first === "+") {
    sign = first;
    cursor.at += 1;
  }
  const digits = scanDigits(cursor, /[0-9]/, Number.MAX_SAFE_INTEGER);
  return digits === undefined ? undefined : Number(`${sign}${digits}`);
}

function scanHex(cursor: Cursor, width: number): number | undefined {
  const digits = scanDigits(cursor, /[0-9a-fA-F]/, width);
  return digits === undefined ? undefined : Number.parseInt(digits, 16);
}

function literal(cursor: Cursor, char: string): boolean {
  if (cursor.text.charAt(cursor.at) !== char) return false;
  cursor.at += 1;
  return true;
}

function hex(value: number, width: number): string {
  return value.toString(16).padStart(width, "0");
}

/** Scans one piece like xapi does; undefined when xapi would drop it. */
export function scanPciPiece(piece: string): PciPiece | undefined {
  const cursor: Cursor = { text: piece, at: 0 };
  const index = scanDecimal(cursor);
  if (index === undefined || !literal(cursor, "/")) return undefined;
  const domain = scanHex(cursor, 4);
  if (domain === undefined || !literal(cursor, ":")) return undefined;
  const bus = scanHex(cursor, 2);
  if (bus === undefined || !literal(cursor, ":")) return undefined;
  const device = scanHex(cursor, 2);
  if (device === undefined || !literal(cursor, ".")) return undefined;
  const fn = scanHex(cursor, 1);
  if (fn === undefined) return undefined;
  return { index, address: `${hex(domain, 4)}:${hex(bus, 2)}:${hex(device, 2)}.${fn.toString(16)}` };
}

/** The devices of an `other-config:pci` value in the order xapi attaches them. */
export function pciAttachOrder(value: string): string[] {
  const pieces = value.split(",").map(scanPciPiece).filter((p): p is PciPiece => p !== undefined);
  const indices = [...new Set(pieces.map((p) => p.index))].sort((a, b) => a - b);
  return indices.flatMap((index) =>
    pieces
      .filter((p) => p.index === index)
      .map((p) => p.address)
      .reverse(),
  );
}
