/**
 * The width of xapi's `int`: OCaml ints are one bit short of the machine word,
 * so 63 bits on a 64-bit dom0 and 31 bits on a 32-bit one. It matters where
 * xapi reads a number out of text a user may have written, such as the index
 * of an `other-config:pci` piece: one that does not fit makes the read fail,
 * and xapi drops the piece. Pure.
 */

/** Bits of an OCaml int: 31 on a 32-bit dom0, 63 on a 64-bit one. */
export type OcamlIntBits = 31 | 63;

/** The range of an OCaml int of `bits`, as `int_of_string` accepts it: -2^(bits-1) to 2^(bits-1)-1. */
export function ocamlIntRange(bits: OcamlIntBits): { readonly min: bigint; readonly max: bigint } {
  const half = 1n << BigInt(bits - 1);
  return { min: -half, max: half - 1n };
}

/**
 * The int width of the xapi of a host, from its `PRODUCT_VERSION`: XenServer
 * before 6.5 has a 32-bit dom0 (6.2 is CentOS 5 i386), 6.5 moved dom0 to 64
 * bits, and every XenServer and XCP-ng since is 64-bit. A version that does
 * not read as `major.minor` counts as a current, 64-bit host.
 *
 * @param productVersion - `PRODUCT_VERSION` of /etc/xensource-inventory, e.g. `6.2.0`
 */
export function xapiIntBits(productVersion: string | undefined): OcamlIntBits {
  const match = /^(\d+)\.(\d+)/.exec(productVersion?.trim() ?? "");
  if (match === null) return 63;
  const [major, minor] = [Number(match[1]), Number(match[2])];
  return major < 6 || (major === 6 && minor < 5) ? 31 : 63;
}
