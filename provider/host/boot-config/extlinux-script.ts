/**
 * The remote side of an extlinux.conf edit, as one fixed POSIX sh script: the
 * new content is computed in TypeScript from a read of the file, and this
 * script commits it under the host lock only if the file still has the
 * content that was read (optimistic concurrency). Each step is one
 * identifiable command, so a failure or a cut at any step leaves the old file
 * or the new file, never a mix:
 *
 * 1. `mkdir` lock (stale locks broken, see host-lock.ts), the file checked to exist, leftover temp files removed
 * 2. `md5sum` of the file: still the content read? else exit {@link BOOT_COMMIT_EXIT.conflict}
 * 3. `cp` file → backup (`extlinux.conf.xspci-backup`, the content before this edit)
 * 4. `cat` stdin → temp file in the same directory (`.extlinux.conf.xspci-tmp.<pid>`), mode copied
 * 5. `md5sum` of the temp file: the whole new content arrived? else exit {@link BOOT_COMMIT_EXIT.incomplete}
 * 6. `sync`, then the lock is checked to be still ours
 * 7. `mv` temp → file (atomic rename), `sync`
 * 8. `md5sum` of the file: the new content? else exit {@link BOOT_COMMIT_EXIT.verifyFailed}
 * 9. `extlinux -i /boot` (when asked)
 * 10. `rm` owner line, `rmdir` lock
 *
 * A hang-up, interrupt or termination removes the temp file and releases the
 * lock; a SIGKILL leaves a lock the next run breaks as stale.
 */
import { BOOT_COMMIT_EXIT as EXIT } from "./commit-exit";
import { HOST_LOCK_ARGS_LINE, HOST_LOCK_FUNCTIONS, hostLockArgs, type HostLockVariables } from "./host-lock";
import { FAIL_TRAP_AND_LOCK } from "./locked-scripts";

/** What to commit: every value reaches the script as a positional parameter. */
export interface ExtlinuxCommitRequest extends HostLockVariables {
  /** The config file, `/boot/extlinux.conf`. */
  readonly configPath: string;
  /** Where the pre-edit content is kept. */
  readonly backupPath: string;
  /** md5 (hex) of the content the new text was computed from. */
  readonly oldMd5: string;
  /** md5 (hex) of the new content sent on stdin. */
  readonly newMd5: string;
  /** Directory for `extlinux -i`, or `""` to skip it. */
  readonly installDir: string;
}

/** The backup kept beside a config file. */
export function backupPathFor(configPath: string): string {
  return `${configPath}.xspci-backup`;
}

/** The commit script; see the module comment for its steps. */
export const EXTLINUX_COMMIT_SCRIPT: string = [
  HOST_LOCK_ARGS_LINE,
  'CONF=$1 BACKUP=$2 OLD_MD5=$3 NEW_MD5=$4 INSTALL_DIR=$5',
  'DIR=${CONF%/*} BASE=${CONF##*/}',
  'TMP="$DIR/.$BASE.xspci-tmp.$$"',
  ...HOST_LOCK_FUNCTIONS,
  'md5_of() { md5_sum=$(md5sum < "$1") || return 1; md5_sum=${md5_sum%% *}; }',
  'cleanup() { rm -f "$TMP"; if [ -n "$HELD" ]; then HELD=; release_lock; fi; }',
  ...FAIL_TRAP_AND_LOCK,
  `[ -f "$CONF" ] || fail ${EXIT.stepFailed} "step read: $CONF does not exist"`,
  // Only a lock holder writes temp files: any left now belong to a killed run.
  'rm -f "$DIR/.$BASE.xspci-tmp."*',
  `md5_of "$CONF" || fail ${EXIT.stepFailed} "step check: cannot read $CONF"`,
  `[ "$md5_sum" = "$OLD_MD5" ] || fail ${EXIT.conflict} "step check: $CONF changed since it was read"`,
  `cp "$CONF" "$BACKUP" || fail ${EXIT.stepFailed} "step backup: cannot copy $CONF to $BACKUP"`,
  `cat > "$TMP" || fail ${EXIT.stepFailed} "step write: cannot write $TMP"`,
  `mode=$(stat -c %a "$CONF") && chmod "$mode" "$TMP" || fail ${EXIT.stepFailed} "step write: cannot copy the mode of $CONF to $TMP"`,
  `md5_of "$TMP" || fail ${EXIT.stepFailed} "step write: cannot read $TMP back"`,
  `[ "$md5_sum" = "$NEW_MD5" ] || fail ${EXIT.incomplete} "step write: $TMP does not hold the whole new content"`,
  `sync || fail ${EXIT.stepFailed} "step sync: sync failed"`,
  `owns_lock || { HELD=; fail ${EXIT.conflict} "step rename: the lock $LOCK was taken over"; }`,
  `mv "$TMP" "$CONF" || fail ${EXIT.stepFailed} "step rename: cannot rename $TMP to $CONF"`,
  "sync",
  `md5_of "$CONF" || fail ${EXIT.verifyFailed} "step verify: cannot read $CONF back"`,
  `[ "$md5_sum" = "$NEW_MD5" ] || fail ${EXIT.verifyFailed} "step verify: $CONF does not read back as the new content; the previous content is in $BACKUP"`,
  'if [ -n "$INSTALL_DIR" ]; then',
  `  extlinux -i "$INSTALL_DIR" >&2 || fail ${EXIT.installFailed} "step install: extlinux -i $INSTALL_DIR failed"`,
  "fi",
  "HELD=",
  "release_lock || printf 'xspci: warning: cannot remove the lock %s; the next run breaks it\\n' \"$LOCK\" >&2",
  "exit 0",
].join("\n") + "\n";

/** The positional parameters of {@link EXTLINUX_COMMIT_SCRIPT}, in order. */
export function extlinuxCommitArgs(request: ExtlinuxCommitRequest): string[] {
  return [...hostLockArgs(request), request.configPath, request.backupPath, request.oldMd5, request.newMd5, request.installDir];
}
