/**
 * What a `HiddenPciDevice` does to each profile's boot configuration, as the
 * tests expect it, computed line by line independently of the provider's
 * model: the integration and reliability suites compare the host's file with
 * these texts byte for byte.
 */
import type { Profile } from "../../sim";

/** What differs between the profiles' boot configurations, as the tests expect it. */
export interface BootExpectations {
  method: string;
  hideParameter: string;
  bootPath: string;
  /** The entries the hide parameter goes into. */
  editedEntries: string[];
  /** `bootEntries` output. */
  bootEntries: string[];
}

/** A profile with its expectations. */
export interface ProfileExpectations extends BootExpectations {
  profile: Profile;
}

/** The Xen labels of XenServer 6.2's extlinux.conf, in file order. */
export const XS62_LABELS = ["xe", "xe-serial", "safe", "fallback", "fallback-serial"];

/** Each profile's expectations, with the method `auto` resolves to there. */
export const BOOT_EXPECTATIONS: Record<Profile, BootExpectations> = {
  xs62: { method: "extlinux", hideParameter: "pciback.hide", bootPath: "/boot/extlinux.conf", editedEntries: XS62_LABELS, bootEntries: XS62_LABELS },
  xs82: { method: "xen-cmdline", hideParameter: "xen-pciback.hide", bootPath: "/boot/grub/grub.cfg", editedEntries: ["xe", "xe-serial"], bootEntries: [] },
  xcpng83: { method: "dom0-access", hideParameter: "xen-pciback.hide", bootPath: "/boot/grub/grub.cfg", editedEntries: ["xe", "xe-serial"], bootEntries: [] },
};

/** The expectations of `profile`, with the profile. */
export function profileExpectations(profile: Profile): ProfileExpectations {
  return { profile, ...BOOT_EXPECTATIONS[profile] };
}

/**
 * The label xen-cmdline gives a grub `menuentry` line: entries carry no
 * `--id`, so the title decides (the brand is `xe`, its `(Serial)` variant
 * `xe-serial`; other titles are never edited).
 */
function grubLabel(line: string): string | undefined {
  const title = /^menuentry '([^']*)'/.exec(line)?.[1];
  if (title === undefined) return undefined;
  if (title === "XCP-ng" || title === "XenServer") return "xe";
  return title.endsWith("(Serial)") ? "xe-serial" : title;
}

/**
 * The boot config text with `value` as the hide list at the end of the dom0
 * arguments of `entries` (replacing an existing hide parameter's list).
 */
export function withHideList(text: string, p: Pick<ProfileExpectations, "profile" | "hideParameter">, entries: readonly string[], value: string): string {
  const lines = text.split("\n");
  let entry: string | undefined;
  let dom0Seen = false;
  const out = lines.map((line) => {
    const label = /^label (\S+)/.exec(line)?.[1] ?? grubLabel(line);
    if (label !== undefined) {
      entry = label;
      dom0Seen = false;
      return line;
    }
    if (entry === undefined || !entries.includes(entry)) return line;
    const existing = new RegExp(`(^|\\s)${p.hideParameter.replace(".", "\\.")}=\\S*`);
    if (p.profile === "xs62" && line.startsWith("  append ")) {
      if (existing.test(line)) return line.replace(existing, `$1${p.hideParameter}=${value}`);
      return line.replace(/ --- (\S+)$/, ` ${p.hideParameter}=${value} --- $1`);
    }
    if (p.profile !== "xs62" && line.startsWith("\tmodule2 ") && !dom0Seen) {
      dom0Seen = true;
      if (existing.test(line)) return line.replace(existing, `$1${p.hideParameter}=${value}`);
      return `${line} ${p.hideParameter}=${value}`;
    }
    return line;
  });
  return out.join("\n");
}

/**
 * What the tests compare of a boot configuration. extlinux.conf is edited by
 * this package, byte for byte, so its view is the text itself. grub.cfg is
 * edited by the host's xen-cmdline, which re-renders the whole file as it
 * likes (header, `load_env` block, whitespace, the hide token moved to the
 * end): its view is, per entry, the title, the Xen arguments, the dom0
 * arguments other than the hide lists, and the hide lists, so that tests
 * check what the host will boot with and never the bytes xen-cmdline leaves.
 */
export function bootView(profile: Profile, text: string): string {
  if (profile === "xs62") return text;
  const entries: string[] = [];
  let title: string | undefined;
  let xen: string[] = [];
  let dom0: string[] | undefined;
  for (const line of text.split("\n")) {
    const opened = /^menuentry '([^']*)'/.exec(line)?.[1];
    if (opened !== undefined) {
      title = opened;
      xen = [];
      dom0 = undefined;
      continue;
    }
    if (title === undefined) continue;
    const words = line.trim().split(/\s+/);
    if (words[0] === "multiboot2") xen = words.slice(1);
    else if (words[0] === "module2" && dom0 === undefined) dom0 = words.slice(1);
    else if (line.trim() === "}") {
      const args = dom0 ?? [];
      const isHide = (word: string): boolean => /^(xen-)?pciback\.hide=/.test(word);
      entries.push(
        [`entry ${title}`, `  xen: ${xen.join(" ")}`, `  dom0: ${args.filter((w) => !isHide(w)).join(" ")}`, `  hide: ${args.filter(isHide).join(" ")}`].join("\n"),
      );
      title = undefined;
    }
  }
  return entries.join("\n");
}
