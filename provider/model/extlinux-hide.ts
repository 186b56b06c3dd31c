/**
 * The whole extlinux side of `HiddenPciDevice` as pure functions of the file
 * text, so that `host/boot-config/extlinux.ts` only reads, writes and checks.
 */
import { editDom0Args, resolveBootEntries } from "./extlinux-edit";
import { getDom0Args, parseExtlinux } from "./extlinux-parse";
import { addHideEntry, listHidden, removeHideEntry } from "./hide-edit";
import type { HideKey } from "./hide-list";
import { normalisePciAddress } from "./pci-address";

/** What to change in extlinux.conf. */
export interface ExtlinuxHideRequest {
  /** Labels to edit; `undefined` means every label in the three-part Xen form. */
  readonly labels?: readonly string[] | undefined;
  /** `pciback.hide` (XenServer 6.2) or `xen-pciback.hide`. */
  readonly key: HideKey;
  /** The device, `06:00.0` or `0000:06:00.0`. */
  readonly address: string;
}

/** The outcome of a plan: the new text, or `unchanged` when the file already says so. */
export type ExtlinuxHidePlan =
  | { readonly kind: "unchanged"; readonly labels: readonly string[] }
  | { readonly kind: "changed"; readonly labels: readonly string[]; readonly text: string };

/**
 * New extlinux.conf text with the device added to the hide list of each
 * chosen label.
 *
 * @throws HostStateError when a requested label is missing or not in the Xen
 * form, when no label is in the Xen form, or when a label's hide parameter is
 * duplicated or malformed.
 */
export function planExtlinuxHideAdd(text: string, request: ExtlinuxHideRequest): ExtlinuxHidePlan {
  const config = parseExtlinux(text);
  const labels = resolveBootEntries(config, request.labels);
  const next = editDom0Args(config, labels, (args) => addHideEntry(args, request.key, request.address));
  return next === text ? { kind: "unchanged", labels } : { kind: "changed", labels, text: next };
}

/**
 * New extlinux.conf text with the device's entries removed from the chosen
 * labels. Removal is lenient: a requested label that is gone or no longer in
 * the Xen form holds nothing of ours to remove, so it is skipped.
 *
 * @throws HostStateError when a label's hide parameter appears more than once.
 */
export function planExtlinuxHideRemove(text: string, request: ExtlinuxHideRequest): ExtlinuxHidePlan {
  const config = parseExtlinux(text);
  const xen = new Set(config.labels.filter((l) => l.xen).map((l) => l.name));
  const labels = (request.labels ?? [...xen]).filter((name) => xen.has(name));
  const next = editDom0Args(config, labels, (args) => removeHideEntry(args, request.key, request.address));
  return next === text ? { kind: "unchanged", labels } : { kind: "changed", labels, text: next };
}

/** Whether one label hides the device, with any malformed items of its list. */
export interface LabelHideStatus {
  readonly label: string;
  readonly hidden: boolean;
  /** How many times the hide parameter appears (the kernel reads the last). */
  readonly occurrences: number;
  readonly malformed: readonly string[];
}

/** What extlinux.conf says about the device, for `read`. */
export interface ExtlinuxHideStatus {
  /** The `default` label, which the next boot uses. */
  readonly defaultLabel: string | undefined;
  /** Whether the default label hides the device (`false` when it is absent or not Xen). */
  readonly hiddenInDefault: boolean;
  /** One entry per examined label in the Xen form, in file order. */
  readonly labels: readonly LabelHideStatus[];
}

/**
 * Reads the hide state of `request.labels` (default: every Xen label) and of
 * the default label. Never throws: requested labels that are gone are omitted,
 * so the caller can report them as drift.
 */
export function extlinuxHideStatus(text: string, request: ExtlinuxHideRequest): ExtlinuxHideStatus {
  const config = parseExtlinux(text);
  const wanted = request.labels ?? config.labels.map((l) => l.name);
  // An unparsable address matches nothing rather than throwing: read must not fail on it.
  const target = normalisePciAddress(request.address) ?? request.address;
  const statusOf = (label: string): LabelHideStatus | undefined => {
    const args = getDom0Args(config, label);
    if (args === undefined) return undefined;
    const report = listHidden(args, request.key);
    const hidden = report.addresses.includes(target);
    return { label, hidden, occurrences: report.occurrences, malformed: report.malformed };
  };
  const labels = config.labels
    .map((l) => l.name)
    .filter((name, i, all) => wanted.includes(name) && all.indexOf(name) === i)
    .flatMap((name) => statusOf(name) ?? []);
  const defaultStatus = config.defaultLabel === undefined ? undefined : statusOf(config.defaultLabel);
  return { defaultLabel: config.defaultLabel, hiddenInDefault: defaultStatus?.hidden ?? false, labels };
}
