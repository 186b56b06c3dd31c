/**
 * The baseline's boot config edit: one shell command that adds a device to
 * the dom0 hide list of every extlinux `append` line, as a hand-written
 * remote-command resource would. Pure.
 */

/** Where the edit's `mkdir` lock lives: in /boot, so each host has its own. */
export const BASELINE_LOCK_DIR = "/boot/.bench-per-command.lock";

/**
 * A GNU sed script that adds `(address)` to the dom0 part of every `append`
 * line with the Xen three-part form (`xen … --- kernel … --- initrd`): after
 * `pciback.hide=` when the dom0 part has one, else as a new
 * ` pciback.hide=(address)` at the end of the dom0 part. The dom0 part is the
 * text between the first and second ` --- `: the two separators become
 * newlines while the line is edited, which is how a sed script matches
 * "the first separator" (sed has no lazy quantifier).
 *
 * @param address - full PCI address, `0000:BB:DD.F` (only hex digits, `:` and `.`)
 */
export function extlinuxHideSedScript(address: string): string {
  const entry = `(${address})`;
  return [
    "/^[[:space:]]*append .* --- /{",
    "s/ --- /\\n/",
    "s/ --- /\\n/",
    "/^[^\\n]*\\n[^\\n]* pciback\\.hide=/{",
    `s/^\\([^\\n]*\\n[^\\n]* pciback\\.hide=\\)/\\1${entry}/`,
    "b done",
    "}",
    `s/^\\([^\\n]*\\n[^\\n]*\\)/\\1 pciback.hide=${entry}/`,
    ":done",
    "s/\\n/ --- /g",
    "}",
  ].join("\n");
}

/**
 * The shell command of the edit: take the `mkdir` lock (other resources of
 * the same host edit the same file concurrently), run the sed script in
 * place, release the lock, exit with sed's status.
 *
 * @param address - full PCI address, `0000:BB:DD.F`
 * @param file - the boot config, `/boot/extlinux.conf` on XenServer 6.2
 */
export function extlinuxHideEditCommand(address: string, file = "/boot/extlinux.conf"): string {
  return [
    `while ! mkdir ${BASELINE_LOCK_DIR} 2>/dev/null; do sleep 0.1; done`,
    `sed -i '${extlinuxHideSedScript(address)}' ${file}`,
    "status=$?",
    `rmdir ${BASELINE_LOCK_DIR}`,
    'exit "$status"',
  ].join("\n");
}
