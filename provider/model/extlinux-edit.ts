/**
 * Edits of the dom0 arguments of chosen extlinux labels. Only the bytes of
 * those arguments change; every other byte of the file stays as it was.
 */
import { HostStateError } from "../errors";
import {
  labelNames,
  printExtlinux,
  XEN_FORM,
  xenLabelNames,
  type ExtlinuxConfig,
  type ExtlinuxLine,
} from "./extlinux-parse";

/**
 * The labels to edit: `requested` after checking that each one exists and
 * has the three-part Xen form, or, when `requested` is undefined, every label
 * that has it.
 *
 * @throws HostStateError naming the label and the reason when a requested label
 * is missing or not in the Xen form, or when no label at all is in the Xen form.
 */
export function resolveBootEntries(config: ExtlinuxConfig, requested?: readonly string[]): string[] {
  if (requested === undefined) {
    const xen = xenLabelNames(config);
    if (xen.length === 0) {
      throw new HostStateError(
        "NO_XEN_BOOT_ENTRY",
        `editing extlinux.conf: no label has an append line in the three-part Xen form ${XEN_FORM}.`,
        { hint: 'Check /boot/extlinux.conf on the host, or use method "xen-cmdline" if the host boots with grub.' },
      );
    }
    return xen;
  }
  return requested.map((name) => requireXenLabel(config, name));
}

function requireXenLabel(config: ExtlinuxConfig, name: string): string {
  const label = config.labels.find((l) => l.name === name);
  if (label === undefined) {
    throw new HostStateError(
      "BOOT_ENTRY_NOT_FOUND",
      `editing boot entry "${name}" in extlinux.conf: there is no such label ` +
        `(labels: ${labelNames(config).join(", ") || "none"}).`,
      { hint: "Set bootEntries to labels that exist, or leave it unset to edit every Xen entry." },
    );
  }
  if (label.notXenReason !== undefined) {
    throw new HostStateError(
      "BOOT_ENTRY_NOT_XEN",
      `editing boot entry "${name}" in extlinux.conf: ${label.notXenReason}.`,
      { hint: `Remove "${name}" from bootEntries: only entries that boot Xen with a dom0 kernel take dom0 arguments.` },
    );
  }
  return name;
}

/**
 * Applies `edit` to the dom0 arguments of every Xen-form label named in
 * `labels` and returns the new file text. Labels that are absent or not in the
 * Xen form are skipped (call {@link resolveBootEntries} first to reject them).
 */
export function editDom0Args(
  config: ExtlinuxConfig,
  labels: readonly string[],
  edit: (args: string, label: string) => string,
): string {
  const lines: ExtlinuxLine[] = [...config.lines];
  for (const label of config.labels) {
    const line = label.xen ? lines[label.xen.lineIndex] : undefined;
    if (!label.xen || !line || !labels.includes(label.name)) continue;
    const { start, end } = label.xen.dom0Args;
    const before = line.raw.slice(start, end);
    const after = edit(before, label.name);
    if (after === before) continue;
    lines[label.xen.lineIndex] = { raw: spliceArgs(line.raw, start, end, after), eol: line.eol };
  }
  return printExtlinux({ ...config, lines });
}

/**
 * Empty dom0 arguments are an empty span right after the kernel word: filling
 * it adds one separating space, emptying it takes one away, so that an edit
 * and its inverse give back the same line.
 */
function spliceArgs(raw: string, start: number, end: number, args: string): string {
  if (start === end) return `${raw.slice(0, start)} ${args}${raw.slice(end)}`;
  if (args === "") return raw.slice(0, start - 1) + raw.slice(end);
  return raw.slice(0, start) + args + raw.slice(end);
}
