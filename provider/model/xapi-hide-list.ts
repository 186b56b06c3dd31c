/**
 * Whether xapi (XCP-ng 8.3 / XenServer 8) can read the dom0 hide list that
 * `xen-cmdline --get-dom0 xen-pciback.hide` prints. xapi's dom0-access commands
 * read the value in fixed 14-character chunks, each scanned as
 * `(%04x:%02x:%02x.%01x)`; any other entry anywhere in the list (a short
 * `(0b:00.0)` typed by hand, stray text, the key twice) makes every one of them
 * fail with an internal error, for every device (docs/host-facts.md#dom0-access-commands).
 * The kernel reads both forms, so such a list still hides devices at boot.
 * Pure.
 */
import { formatHideItem, parseHideList } from "./hide-list";

/** The key xapi edits. */
export const XAPI_HIDE_KEY = "xen-pciback.hide";

/** One full-form entry as xapi reads it: exactly 14 characters. */
const XAPI_ENTRY = /^\([0-9a-fA-F]{4}:[0-9a-fA-F]{2}:[0-9a-fA-F]{2}\.[0-9a-fA-F]\)$/;

/** A hide list xapi cannot read, and what would make it readable. */
export interface XapiHideListProblem {
  /** The entries xapi cannot read, as written (`(0b:00.0)`), or the whole output when the key appears twice. */
  readonly offending: readonly string[];
  /**
   * The list with every device entry in the full lower-case form, in order:
   * the value to set; `""` when no device is left (delete the key).
   */
  readonly fixedValue: string;
  /** Entries that name no device (malformed text, patterns), which the fixed value leaves out. */
  readonly dropped: readonly string[];
}

/**
 * The problem xapi has with a `--get-dom0 xen-pciback.hide` output, or
 * `undefined` when it reads it (no key, or every entry in the 14-character form).
 *
 * @param getDom0Stdout - what `xen-cmdline --get-dom0 xen-pciback.hide` printed
 */
export function xapiHideListProblem(getDom0Stdout: string): XapiHideListProblem | undefined {
  const tokens = getDom0Stdout.split("\n").filter((line) => line.trim() !== "");
  const prefix = `${XAPI_HIDE_KEY}=`;
  const first = tokens[0];
  // xapi reads nothing when the output does not start with the key: no list, nothing to read.
  if (first === undefined || !getDom0Stdout.startsWith(prefix)) return undefined;
  const values = tokens.map((token) => (token.startsWith(prefix) ? token.slice(prefix.length) : token));
  const list = parseHideList(values.join(""));
  const offending = tokens.length > 1 ? [tokens.join(" ")] : list.items.filter((item) => !XAPI_ENTRY.test(item.raw)).map((item) => item.raw);
  if (offending.length === 0) return undefined;
  const fixedValue = [...new Set(list.addresses)].map(formatHideItem).join("");
  const dropped = list.items.filter((item) => item.kind !== "device").map((item) => item.raw);
  return { offending, fixedValue, dropped };
}
