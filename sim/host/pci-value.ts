/**
 * xapi's reading of `other-config:pci` (docs/host-facts.md) and what xenopsd then
 * plugs: the value is split on `,`; each piece is scanned with OCaml's
 * `Scanf.sscanf "%d/%04x:%02x:%02x.%01x"`; pieces that do not scan (or whose
 * index overflows the dom0's OCaml int) are silently dropped and trailing text
 * after a match is ignored. Groups attach in ascending index, inside one index
 * in reverse order; a device listed twice is plugged once, at its last position.
 */
import { OcamlScanError, OcamlScanner, type OcamlIntBits } from "./ocaml-scanf";

/** One device of the value, with its hotplug index. */
export interface PciPiece {
  index: number;
  address: string;
}

/** A piece with its index exact: a 63-bit OCaml int does not fit a double, and groups sort by it. */
interface ExactPiece {
  index: bigint;
  address: string;
}

function hex(value: number, width: number): string {
  return value.toString(16).padStart(width, "0");
}

function scanExact(piece: string, bits: OcamlIntBits): ExactPiece | undefined {
  const scan = new OcamlScanner(piece);
  try {
    const index = scan.decimal(bits);
    scan.literal("/");
    const domain = scan.hex(4);
    scan.literal(":");
    const bus = scan.hex(2);
    scan.literal(":");
    const device = scan.hex(2);
    scan.literal(".");
    const fn = scan.hex(1);
    return { index, address: `${hex(domain, 4)}:${hex(bus, 2)}:${hex(device, 2)}.${fn.toString(16)}` };
  } catch (error) {
    // xapi's `try of_string dev :: acc with _ -> acc`.
    if (error instanceof OcamlScanError) return undefined;
    throw error;
  }
}

/** Scans one piece like xapi does on an OCaml int of `bits` (default 63); undefined when xapi would drop it. */
export function scanPciPiece(piece: string, bits: OcamlIntBits = 63): PciPiece | undefined {
  const exact = scanExact(piece, bits);
  return exact === undefined ? undefined : { index: Number(exact.index), address: exact.address };
}

/**
 * The devices of an `other-config:pci` value in the order they are plugged:
 * xapi folds the pieces into a reversed list, groups them by ascending index
 * (`sort_pcidevs`) and numbers them; xenopsd keys its PCI database by address,
 * so a second listing replaces the first and keeps only the later position.
 */
export function pciAttachOrder(value: string, bits: OcamlIntBits = 63): string[] {
  const pieces = value
    .split(",")
    .map((piece) => scanExact(piece, bits))
    .filter((p): p is ExactPiece => p !== undefined)
    .reverse();
  const indices = [...new Set(pieces.map((p) => p.index))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const positioned = indices.flatMap((index) => pieces.filter((p) => p.index === index).map((p) => p.address));
  return positioned.filter((address, position) => positioned.lastIndexOf(address) === position);
}
