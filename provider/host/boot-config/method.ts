/**
 * The one interface every way of editing the dom0 hide list implements
 * (`extlinux`, `xen-cmdline`, `dom0-access`), so that the provider does not
 * care which one a host uses.
 */
import type { HideKey } from "../../model/hide-list";
import type { HostShell } from "../exec/host-shell";
import type { BootEditQueue } from "./edit-queue";

/** A hide method after `auto` has been resolved. */
export type ResolvedHideMethod = "extlinux" | "xen-cmdline" | "dom0-access";

/** What the boot configuration says about one device. */
export interface BootConfigHideStatus {
  /**
   * The device is hidden at the next boot: for extlinux, listed in EVERY chosen
   * entry (a partial edit is reported in `drift`, not as hidden).
   */
  readonly hidden: boolean;
  /** The entries examined (extlinux labels; empty for the other methods). */
  readonly entries: readonly string[];
  /** Plain sentences describing drift or oddities found (partial edits, malformed lists, missing labels). */
  readonly drift: readonly string[];
}

/** The outcome of an add or a remove. */
export interface BootConfigEditResult {
  /** Whether the host's configuration was written (false: it already said so). */
  readonly changed: boolean;
  /** The entries edited (extlinux labels; empty for the other methods). */
  readonly entries: readonly string[];
}

/** One way of keeping a device in the dom0 hide list of a host. */
export interface BootConfigMethod {
  /** Which method this is. */
  readonly method: ResolvedHideMethod;
  /** The kernel parameter used (`pciback.hide` or `xen-pciback.hide`). */
  readonly hideKey: HideKey;
  /** What the configuration says about `address` (normalised `0000:06:00.0`). Never writes. */
  status(address: string): Promise<BootConfigHideStatus>;
  /** Adds `address` to the hide list, in the full form; idempotent. */
  add(address: string): Promise<BootConfigEditResult>;
  /** Removes our entry for `address` (foreign entries stay); idempotent, already-gone is success. */
  remove(address: string): Promise<BootConfigEditResult>;
  /** Where the hide list lives, for messages, e.g. `/boot/extlinux.conf (labels xe, xe-serial)`. */
  describe(): string;
}

/** What a method needs of the host's session (host-session.ts): its commands, its edit queue, its batched reads. */
export interface BootConfigSession extends HostShell {
  /** The host's one queue of boot configuration edits. */
  readonly edits: BootEditQueue;
  /** The text of `/boot/extlinux.conf`, from a read that started after the call. */
  extlinuxText(): Promise<string>;
}
