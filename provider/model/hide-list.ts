/**
 * The value of a `pciback.hide=` / `xen-pciback.hide=` parameter: a run of
 * parenthesised PCI addresses, `(06:00.0)(0000:01:00.0)`. Parsing is lossless
 * (every byte lands in exactly one item) so that edits keep what we do not own.
 */

/** The hide parameter names: `pciback.hide` on XenServer 6.2 (2.6 xenlinux), `xen-pciback.hide` on pvops dom0s. */
export const HIDE_KEYS = ["pciback.hide", "xen-pciback.hide"] as const;

/** One of {@link HIDE_KEYS}. They are different keys: a kernel reads only its own. */
export type HideKey = (typeof HIDE_KEYS)[number];

/** One item of a hide list, in file order. Concatenating every `raw` gives back the list. */
export type HideItem =
  /** A single function, `(06:00.0)` or `(0000:06:00.0)`; `address` is the 14-character form. */
  | { readonly kind: "device"; readonly raw: string; readonly address: string }
  /** A pvops wildcard such as `(0000:06:00.*)`: valid, never ours, kept verbatim. */
  | { readonly kind: "pattern"; readonly raw: string }
  /** Anything the kernel cannot read, e.g. `(0b::00.1)` or an unclosed `(06:00.0`. */
  | { readonly kind: "malformed"; readonly raw: string };

/** A parsed hide list value. */
export interface HideList {
  /** Every item, in order; their `raw` texts concatenate to the parsed value (quotes aside). */
  readonly items: readonly HideItem[];
  /** Normalised addresses of the `device` items, in order. */
  readonly addresses: readonly string[];
  /** Raw text of the `malformed` items, for a warning. */
  readonly malformed: readonly string[];
}

const HEX4 = "[0-9a-fA-F]{1,4}";
const HEX2 = "[0-9a-fA-F]{1,2}";
const DEVICE_ITEM = new RegExp(`^\\((?:(${HEX4}):)?(${HEX2}):(${HEX2})\\.([0-7])\\)$`);
const PATTERN_ITEM = new RegExp(`^\\(${HEX4}:${HEX2}:(?:${HEX2}\\.\\*|\\*\\.\\*)\\)$`);
const MAX_SLOT = 0x1f;

/**
 * Items written on the host are read as leniently as the kernel's `sscanf("%x")`
 * does (`(6:0.0)` is valid there), unlike user input, which `pci-address.ts`
 * parses strictly.
 */
function formatAddress(
  domain: string | undefined,
  bus: string | undefined,
  slot: string | undefined,
  func: string | undefined,
): string | undefined {
  if (bus === undefined || slot === undefined || func === undefined) return undefined;
  // The kernel rejects a slot above 0x1f (5 bits of devfn); so do we.
  if (parseInt(slot, 16) > MAX_SLOT) return undefined;
  const pad = (s: string, n: number): string => s.toLowerCase().padStart(n, "0");
  return `${pad(domain ?? "0", 4)}:${pad(bus, 2)}:${pad(slot, 2)}.${func}`;
}

/** The full `(0000:06:00.0)` item this package writes for an already normalised address. */
export function formatHideItem(address: string): string {
  return `(${address})`;
}

/**
 * Parses a hide list value losslessly. A well-formed item is `(` … `)` holding
 * one address; text outside parentheses, an unclosed `(`, or a `(` inside an
 * item becomes a `malformed` item (the kernel stops reading there).
 */
export function parseHideList(value: string): HideList {
  const items = splitItems(value).map(classifyItem);
  return {
    items,
    addresses: items.flatMap((item) => (item.kind === "device" ? [item.address] : [])),
    malformed: items.flatMap((item) => (item.kind === "malformed" ? [item.raw] : [])),
  };
}

/** Prints items back; `printHideList(parseHideList(v).items) === v`. */
export function printHideList(items: readonly HideItem[]): string {
  return items.map((item) => item.raw).join("");
}

function splitItems(value: string): string[] {
  const pieces: string[] = [];
  let i = 0;
  while (i < value.length) {
    const nextOpen = value.indexOf("(", i + 1);
    if (value.charAt(i) !== "(") {
      // Stray text up to the next "(" is one malformed piece.
      const end = nextOpen < 0 ? value.length : nextOpen;
      pieces.push(value.slice(i, end));
      i = end;
      continue;
    }
    const end = itemEnd(value, i, nextOpen);
    pieces.push(value.slice(i, end));
    i = end;
  }
  return pieces;
}

/** An item ends after its ")", or, when unbalanced, where the next "(" starts or the value ends. */
function itemEnd(value: string, open: number, nextOpen: number): number {
  const close = value.indexOf(")", open + 1);
  if (close >= 0 && (nextOpen < 0 || close < nextOpen)) return close + 1;
  return nextOpen < 0 ? value.length : nextOpen;
}

function classifyItem(raw: string): HideItem {
  const m = DEVICE_ITEM.exec(raw);
  const address = m ? formatAddress(m[1], m[2], m[3], m[4]) : undefined;
  if (address !== undefined) return { kind: "device", raw, address };
  if (PATTERN_ITEM.test(raw)) return { kind: "pattern", raw };
  return { kind: "malformed", raw };
}
