/**
 * Plain sentences for what `read` finds odd in extlinux.conf: an edit present
 * in some chosen labels only, labels gone, a duplicated or malformed hide
 * parameter, a default label that will not hide the device. Pure.
 */
import type { ExtlinuxHideStatus } from "../../model/extlinux-hide";
import type { HideKey } from "../../model/hide-list";

/** What the drift is measured against. */
export interface ExtlinuxDriftContext {
  /** Normalised address. */
  readonly address: string;
  readonly key: HideKey;
  /** The labels the resource edits; `undefined`: every Xen label. */
  readonly requested: readonly string[] | undefined;
}

/**
 * The drift sentences for one device's status; empty when the chosen labels
 * agree with each other and with the default label.
 */
export function extlinuxDrift(status: ExtlinuxHideStatus, context: ExtlinuxDriftContext): string[] {
  const found = status.labels.map((label) => label.label);
  const hiddenIn = status.labels.filter((label) => label.hidden).map((label) => label.label);
  const notIn = status.labels.filter((label) => !label.hidden).map((label) => label.label);
  const drift: string[] = [];
  const missing = (context.requested ?? []).filter((name) => !found.includes(name));
  if (missing.length > 0) {
    drift.push(`extlinux.conf has no Xen boot entry ${quoteList(missing)} any more.`);
  }
  if (hiddenIn.length > 0 && notIn.length > 0) {
    drift.push(`${context.address} is in ${context.key} of ${quoteList(hiddenIn)} but not of ${quoteList(notIn)}.`);
  }
  for (const label of status.labels) {
    if (label.occurrences > 1) {
      drift.push(`Boot entry "${label.label}" has ${context.key} ${label.occurrences} times; the kernel reads only the last.`);
    }
    if (label.malformed.length > 0) {
      drift.push(`The ${context.key} list of boot entry "${label.label}" holds malformed items ${label.malformed.map((m) => `"${m}"`).join(", ")}.`);
    }
  }
  const defaultLabel = status.defaultLabel;
  if (hiddenIn.length > 0 && defaultLabel !== undefined && !status.hiddenInDefault) {
    drift.push(`The default boot entry "${defaultLabel}" does not hide ${context.address}, so the next boot will not either.`);
  }
  return drift;
}

function quoteList(names: readonly string[]): string {
  return names.map((name) => `"${name}"`).join(", ");
}
