/**
 * Host PCI addresses (BDF): strict parsing of what users type and the one
 * normalised form (`0000:06:00.0`) the rest of the package compares and writes.
 */

/** The numeric parts of a PCI address. */
export interface PciAddressParts {
  /** PCI segment (domain), 0-ffff. */
  domain: number;
  /** Bus, 0-ff. */
  bus: number;
  /** Device (slot), 0-1f. */
  device: number;
  /** Function, 0-7. */
  fn: number;
}

/** Result of {@link parsePciAddress}: the normalised address, or why the input is not one. */
export type PciAddressParseResult =
  | { ok: true; address: string; parts: PciAddressParts }
  | { ok: false; problem: string };

/** The accepted forms, worded for error messages. */
export const PCI_ADDRESS_EXPECTED = "expected BB:DD.F or DDDD:BB:DD.F in hex, e.g. 06:00.0";

// ASCII hex classes only: `\d` or the `i` flag would not admit look-alikes, but spelling
// the ranges out makes the strictness visible. `$` without the `m` flag anchors at the very end.
const PCI_ADDRESS_PATTERN = /^(?:([0-9a-fA-F]{4}):)?([0-9a-fA-F]{2}):([0-9a-fA-F]{2})\.([0-9a-fA-F])$/;

/** Highest device number on a bus (5 bits). */
const MAX_DEVICE = 0x1f;
/** Highest function number of a device (3 bits). */
const MAX_FUNCTION = 7;

/**
 * Parses `BB:DD.F` or `DDDD:BB:DD.F` (hex, any case). Anything else (spaces,
 * extra characters, a missing part, device above 1f, function above 7) is refused.
 *
 * @param input - the address as the user wrote it
 * @returns the normalised address and its parts, or a `problem` phrase that
 *   completes the sentence "<value> …", e.g. `is not a PCI address`
 */
export function parsePciAddress(input: string): PciAddressParseResult {
  const match = PCI_ADDRESS_PATTERN.exec(input);
  if (match === null) {
    return { ok: false, problem: "is not a PCI address" };
  }
  const [, domain = "0000", bus = "", device = "", fn = ""] = match;
  const parts: PciAddressParts = {
    domain: parseInt(domain, 16),
    bus: parseInt(bus, 16),
    device: parseInt(device, 16),
    fn: parseInt(fn, 16),
  };
  if (parts.device > MAX_DEVICE) {
    return { ok: false, problem: `is not a PCI address (device ${device.toLowerCase()} is above 1f)` };
  }
  if (parts.fn > MAX_FUNCTION) {
    return { ok: false, problem: `is not a PCI address (function ${fn.toLowerCase()} is above 7)` };
  }
  return { ok: true, address: formatPciAddress(parts), parts };
}

/**
 * Whether `input` is a PCI address {@link parsePciAddress} accepts.
 *
 * @param input - any string
 */
export function isPciAddress(input: string): boolean {
  return parsePciAddress(input).ok;
}

/**
 * The normalised form of a valid address, or `undefined` when it is not one.
 *
 * @param input - `BB:DD.F` or `DDDD:BB:DD.F`
 */
export function normalisePciAddress(input: string): string | undefined {
  const result = parsePciAddress(input);
  return result.ok ? result.address : undefined;
}

/**
 * Formats parts as the full form `0000:06:00.0` (lower case, zero-padded).
 *
 * @param parts - the numeric parts
 */
export function formatPciAddress(parts: PciAddressParts): string {
  return `${hex(parts.domain, 4)}:${formatShortPciAddress(parts)}`;
}

/**
 * Formats parts as the short form `06:00.0` that `lspci` prints (domain dropped).
 *
 * @param parts - the numeric parts
 */
export function formatShortPciAddress(parts: PciAddressParts): string {
  return `${hex(parts.bus, 2)}:${hex(parts.device, 2)}.${hex(parts.fn, 1)}`;
}

/**
 * Zero-padded lower-case hex of `value`, at least `width` digits.
 *
 * @param value - a non-negative integer
 * @param width - minimum number of digits
 */
export function hex(value: number, width: number): string {
  return value.toString(16).padStart(width, "0");
}
