/**
 * Reading and editing the hide parameter inside a dom0 argument string. Edits
 * touch only the parameter's bytes; adding then removing one device gives back
 * the original string byte for byte.
 */
import { HostStateError, ValidationError } from "../errors";
import { appendArg, findArgs, removeArg, replaceArg, type ArgToken } from "./boot-args";
import { formatHideItem, parseHideList, printHideList, type HideKey } from "./hide-list";
import { normalisePciAddress, PCI_ADDRESS_EXPECTED } from "./pci-address";

/** What a dom0 argument string says about one hide parameter. */
export interface HiddenReport {
  /** How many times `key=` appears; the kernel reads only the last one. */
  readonly occurrences: number;
  /** Normalised addresses of the last occurrence, in order. */
  readonly addresses: readonly string[];
  /** Malformed items of the last occurrence, verbatim, so the caller can warn. */
  readonly malformed: readonly string[];
}

/** Lists the devices the last `key=` occurrence hides (what the kernel will use). */
export function listHidden(args: string, key: HideKey): HiddenReport {
  const found = findArgs(args, key);
  const last = found.at(-1);
  if (last === undefined) return { occurrences: 0, addresses: [], malformed: [] };
  const list = parseHideList(splitQuotes(last.value ?? "").inner);
  return { occurrences: found.length, addresses: list.addresses, malformed: list.malformed };
}

/**
 * Adds `address` in the full `(0000:06:00.0)` form at the end of the `key`
 * list, or appends ` key=(0000:06:00.0)` when the parameter is absent.
 * Returns `args` unchanged (the same string) when the device is already listed
 * in either form.
 *
 * @throws HostStateError when the key appears more than once, or when the list
 * holds malformed items (the kernel stops reading at the first one, so a new
 * entry after it would silently not be hidden).
 */
export function addHideEntry(args: string, key: HideKey, address: string): string {
  const target = requireAddress(address, "adding", key);
  const token = singleOccurrence(args, key, `adding ${target} to`);
  if (token === undefined) return appendArg(args, `${key}=${formatHideItem(target)}`);
  const { prefix, inner, suffix } = splitQuotes(token.value ?? "");
  const list = parseHideList(inner);
  if (list.addresses.includes(target)) return args;
  if (list.malformed.length > 0) {
    throw new HostStateError(
      "HIDE_LIST_MALFORMED",
      `adding ${target} to ${key}: the list "${inner}" holds malformed entries ` +
        `${list.malformed.map((m) => `"${m}"`).join(", ")}, and the kernel stops reading the list at the first one.`,
      { hint: `Correct the ${key}= value by hand to the (0000:06:00.0)(0000:01:00.0) form, then run again.` },
    );
  }
  return replaceArg(args, token, `${key}=${prefix}${inner}${formatHideItem(target)}${suffix}`);
}

/**
 * Removes every item naming `address` (short or full form) from the `key`
 * list, keeping other items verbatim. When nothing remains, the whole
 * parameter goes with exactly one separating space. Returns `args` unchanged
 * when the device is not listed or the parameter is absent.
 *
 * @throws HostStateError when the key appears more than once.
 */
export function removeHideEntry(args: string, key: HideKey, address: string): string {
  const target = requireAddress(address, "removing", key);
  const token = singleOccurrence(args, key, `removing ${target} from`);
  if (token === undefined) return args;
  const { prefix, inner, suffix } = splitQuotes(token.value ?? "");
  const items = parseHideList(inner).items;
  const kept = items.filter((item) => !(item.kind === "device" && item.address === target));
  if (kept.length === items.length) return args;
  if (kept.length === 0) return removeArg(args, token);
  return replaceArg(args, token, `${key}=${prefix}${printHideList(kept)}${suffix}`);
}

function requireAddress(address: string, action: string, key: HideKey): string {
  const normalised = normalisePciAddress(address);
  if (normalised === undefined) {
    throw new ValidationError(`${action} "${address}" in ${key}: it is not a PCI address.`, {
      hint: `Use the form lspci prints: ${PCI_ADDRESS_EXPECTED}.`,
    });
  }
  return normalised;
}

function singleOccurrence(args: string, key: HideKey, action: string): ArgToken | undefined {
  const found = findArgs(args, key);
  if (found.length > 1) {
    throw new HostStateError(
      "HIDE_PARAMETER_DUPLICATED",
      `${action} ${key}: the parameter appears ${found.length} times in the dom0 arguments, ` +
        "and the kernel reads only the last one.",
      { hint: `Merge them by hand into one ${key}=(…)(…) parameter, then run again.` },
    );
  }
  return found[0];
}

/** The kernel strips one pair of double quotes around a value; keep them where they were. */
function splitQuotes(value: string): { prefix: string; inner: string; suffix: string } {
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) {
    return { prefix: '"', inner: value.slice(1, -1), suffix: '"' };
  }
  return { prefix: "", inner: value, suffix: "" };
}
