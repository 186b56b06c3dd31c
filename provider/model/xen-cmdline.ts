/**
 * Output of `/opt/xensource/libexec/xen-cmdline --get-dom0 KEY` and the
 * `--set-dom0` / `--delete-dom0` step that adds or removes one hide entry.
 * xen-cmdline edits grub itself; the provider only decides what to ask.
 */
import { addHideEntry, listHidden, removeHideEntry, type HiddenReport } from "./hide-edit";
import { findArgs } from "./boot-args";
import type { HideKey } from "./hide-list";

/**
 * The hide list as `--get-dom0 KEY` reports it: the output is
 * `KEY=(0000:00:02.0)(0000:00:02.1)` or an empty line.
 */
export function parseGetDom0(stdout: string, key: HideKey): HiddenReport {
  return listHidden(stdout.trim(), key);
}

/** What to run next: nothing, `--set-dom0 <arg>`, or `--delete-dom0 <key>`. */
export type XenCmdlineStep =
  | { readonly kind: "unchanged" }
  | { readonly kind: "set"; readonly arg: string }
  | { readonly kind: "delete"; readonly key: HideKey };

/**
 * The step that adds `address` to the list `--get-dom0` printed.
 *
 * @throws HostStateError when the list is duplicated or malformed (see `addHideEntry`).
 */
export function planXenCmdlineAdd(stdout: string, key: HideKey, address: string): XenCmdlineStep {
  const current = stdout.trim();
  const next = addHideEntry(current, key, address);
  return next === current ? { kind: "unchanged" } : stepFor(next, key);
}

/**
 * The step that removes `address` from the list `--get-dom0` printed: a
 * shorter `--set-dom0`, or `--delete-dom0` when the list becomes empty.
 *
 * @throws HostStateError when the parameter appears more than once.
 */
export function planXenCmdlineRemove(stdout: string, key: HideKey, address: string): XenCmdlineStep {
  const current = stdout.trim();
  const next = removeHideEntry(current, key, address);
  return next === current ? { kind: "unchanged" } : stepFor(next, key);
}

function stepFor(args: string, key: HideKey): XenCmdlineStep {
  const token = findArgs(args, key)[0];
  return token === undefined ? { kind: "delete", key } : { kind: "set", arg: token.text };
}
