/**
 * The VM's `other-config:pci` value: what the provider writes, and what xapi
 * really attaches when it reads a value (including hand-written ones).
 */
import { ValidationError } from "../errors";
import type { OcamlIntBits } from "./ocaml-int";
import { hex, parsePciAddress } from "./pci-address";
import { scanPciPiece } from "./other-config-pci-scan";

/** One comma-separated piece of a decoded value. */
export interface PciValuePiece {
  /** The piece exactly as found between commas. */
  raw: string;
  /** The hotplug order `<n>`, exact (an OCaml int may pass 2^53), when xapi's pattern matched. */
  index?: bigint;
  /** The address xapi builds from the piece (`%04x:%02x:%02x.%01x`), when it matched. */
  address?: string;
  /** True when xapi silently ignores the piece. */
  dropped: boolean;
}

/** What xapi makes of an `other-config:pci` value. */
export interface DecodedPciValue {
  /**
   * Devices in the order they are plugged at VM start: ascending `n`, reversed
   * inside one `n`, and a device listed twice plugged once, at its last place.
   */
  attachOrder: string[];
  /** Every piece, in value order, with what xapi made of it. */
  pieces: PciValuePiece[];
}

/**
 * Encodes devices as `0/0000:01:00.0,1/0000:06:00.0`: one index per device, so
 * the given order is the attach order (xapi reverses devices that share an index).
 *
 * @param devices - PCI addresses in the wanted attach order, any accepted form
 * @throws ValidationError when the list is empty or an entry is not a PCI address
 */
export function encodePciValue(devices: readonly string[]): string {
  if (devices.length === 0) {
    throw new ValidationError("encoding other-config:pci: the device list is empty.", {
      hint: "Pass at least one device; remove the key instead to assign none.",
    });
  }
  return devices
    .map((device, index) => {
      const parsed = parsePciAddress(device);
      if (!parsed.ok) {
        throw new ValidationError(
          `encoding other-config:pci: ${JSON.stringify(device)} ${parsed.problem}.`,
          { hint: "Pass addresses as BB:DD.F or DDDD:BB:DD.F in hex, e.g. 06:00.0." },
        );
      }
      return `${index}/${parsed.address}`;
    })
    .join(",");
}

/**
 * Decodes a value the way xapi does: split on `,` only, match each piece with
 * OCaml's `Scanf.sscanf "%d/%04x:%02x:%02x.%01x"`, drop non-matching pieces
 * silently, ignore trailing characters after a match, then attach groups in
 * ascending index with each group's devices in reverse value order. xenopsd
 * then keeps one plug per device address, the one at its last place in that
 * order (`0/A,1/B,2/A` plugs B, then A): see docs/host-facts.md#what-xenopsd-plugs.
 * Indexes are compared as the bigints they are, never as numbers: past 2^53
 * two different indexes can be the same number.
 *
 * @param raw - the value of `other-config:pci` as stored
 * @param bits - the width of the host's OCaml int (ocaml-int.ts `xapiIntBits`): an
 *   index beyond it drops its piece; default 63, every 64-bit dom0
 */
export function decodePciValue(raw: string, bits: OcamlIntBits = 63): DecodedPciValue {
  const matched: { index: bigint; address: string }[] = [];
  const pieces = raw.split(",").map((piece): PciValuePiece => {
    const scanned = scanPciPiece(piece, bits);
    if (scanned === undefined) {
      return { raw: piece, dropped: true };
    }
    const [domain, bus, device, fn] = scanned.numbers;
    const address = `${hex(domain, 4)}:${hex(bus, 2)}:${hex(device, 2)}.${hex(fn, 1)}`;
    matched.push({ index: scanned.index, address });
    return { raw: piece, index: scanned.index, address, dropped: false };
  });
  // xapi folds the pieces into a list by prepending (reversing it), then filters it per
  // sorted index: so inside one index the last piece written is attached first.
  const reversed = [...matched].reverse();
  const indices = [...new Set(reversed.map((m) => m.index))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const xapiOrder = indices.flatMap((index) => reversed.filter((m) => m.index === index).map((m) => m.address));
  const attachOrder = xapiOrder.filter((address, i) => xapiOrder.lastIndexOf(address) === i);
  return { attachOrder, pieces };
}
