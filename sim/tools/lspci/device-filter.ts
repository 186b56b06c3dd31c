/**
 * lspci's `-s` and `-d` filters as libpci parses and matches them (pciutils
 * `lib/filter.c`: `pci_filter_parse_slot`, `pci_filter_parse_id`,
 * `pci_filter_match`). `-s [[[[<domain>]:]<bus>]:][<slot>][.[<func>]]`: the
 * last `:` splits off the bus (and domain), an empty part or `*` matches
 * anything, numbers are hex read by `strtol`. `-d [<vendor>]:[<device>][:<class>]`.
 * Each `-s` or `-d` fills in only the parts it names, so a later one keeps
 * what an earlier one set.
 */
import type { PciutilsFlavour } from "./pciutils-flavour";

/** One function's place and ids, as the filter sees them. */
export interface FilterTarget {
  domain: number;
  bus: number;
  slot: number;
  func: number;
  vendor: number;
  device: number;
  /** Class and subclass, `0x0200`. */
  deviceClass: number;
}

/** The filter of one lspci run: the fields of a target, each -1 to match anything. */
export type DeviceFilter = FilterTarget;

/** A filter that matches every function. */
export function emptyFilter(): DeviceFilter {
  return { domain: -1, bus: -1, slot: -1, func: -1, vendor: -1, device: -1, deviceClass: -1 };
}

/**
 * C's `strtol(text, &end, 16)` followed by libpci's check that nothing is
 * left: leading white space, a sign and a `0x` are taken; undefined when
 * text remains (or no digit was read).
 */
function strtol16(text: string): number | undefined {
  const match = /^[ \t\n\v\f\r]*([+-]?)(0[xX](?=[0-9a-fA-F]))?([0-9a-fA-F]+)$/.exec(text);
  if (match === null) return undefined;
  const value = Number.parseInt(match[3] ?? "", 16);
  return match[1] === "-" ? -value : value;
}

/** A part of a filter: undefined for "any" (empty or `*`), a number in range, or an error. */
function part(text: string, max: number, error: string): number | undefined | Error {
  if (text === "" || text === "*") return undefined;
  const value = strtol16(text);
  if (value === undefined || value < 0 || value > max) return new Error(error);
  return value;
}

function apply(filter: DeviceFilter, field: keyof DeviceFilter, value: number | undefined | Error): string | undefined {
  if (value instanceof Error) return value.message;
  if (value !== undefined) filter[field] = value;
  return undefined;
}

/** Parses `-s text` into `filter`; returns libpci's message on a bad part. */
export function parseSlotFilter(filter: DeviceFilter, text: string): string | undefined {
  const colon = text.lastIndexOf(":");
  const head = colon < 0 ? "" : text.slice(0, colon);
  const mid = colon < 0 ? text : text.slice(colon + 1);
  if (colon >= 0) {
    const colon2 = head.indexOf(":");
    const bus = colon2 < 0 ? head : head.slice(colon2 + 1);
    if (colon2 >= 0) {
      const error = apply(filter, "domain", part(head.slice(0, colon2), 0x7fffffff, "Invalid domain number"));
      if (error !== undefined) return error;
    }
    const error = apply(filter, "bus", part(bus, 0xff, "Invalid bus number"));
    if (error !== undefined) return error;
  }
  const dot = mid.indexOf(".");
  const slot = dot < 0 ? mid : mid.slice(0, dot);
  const error = apply(filter, "slot", part(slot, 0x1f, "Invalid slot number"));
  if (error !== undefined) return error;
  return dot < 0 ? undefined : apply(filter, "func", part(mid.slice(dot + 1), 7, "Invalid function number"));
}

/** Parses `-d text` into `filter`; returns libpci's message on a bad part. */
export function parseIdFilter(filter: DeviceFilter, text: string, flavour: PciutilsFlavour): string | undefined {
  if (text === "") return undefined;
  const colon = text.indexOf(":");
  if (colon < 0) return "':' expected";
  const error = apply(filter, "vendor", part(text.slice(0, colon), 0xffff, "Invalid vendor ID"));
  if (error !== undefined) return error;
  const rest = text.slice(colon + 1);
  const colon2 = flavour.idFilterHasClass ? rest.indexOf(":") : -1;
  const device = colon2 < 0 ? rest : rest.slice(0, colon2);
  const deviceError = apply(filter, "device", part(device, 0xffff, "Invalid device ID"));
  if (deviceError !== undefined) return deviceError;
  // libpci tests the device part, not the class part, against `*` here (lib/filter.c): `-d 8086:*:0200` ignores the class.
  if (colon2 < 0 || device === "*") return undefined;
  return apply(filter, "deviceClass", part(rest.slice(colon2 + 1), 0xffff, "Invalid class code"));
}

/** Whether `target` passes `filter`. */
export function filterMatches(filter: DeviceFilter, target: FilterTarget): boolean {
  const fields = ["domain", "bus", "slot", "func", "vendor", "device", "deviceClass"] as const;
  return fields.every((field) => filter[field] < 0 || filter[field] === target[field]);
}
