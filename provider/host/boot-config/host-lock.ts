/**
 * The host-wide lock that serializes every edit of a host's boot
 * configuration (ours, from any process or machine), as POSIX sh functions to
 * paste into a remote script. `mkdir` is the lock: atomic on every filesystem
 * and present on XenServer 6.2 (`flock(1)` may not be).
 *
 * The lock directory holds one `owner` line, `<pid> <epoch seconds> <token>`.
 * A lock is stale, and is broken, when its holder process is gone, when it is
 * older than the stale limit, or when it has had no owner line for longer than
 * the grace period (its holder died between `mkdir` and writing the line).
 * Before its commit step a holder checks the owner line is still its own, so
 * that a lock broken by mistake aborts the edit instead of racing.
 *
 * To clear a lock by hand: `rm -rf /boot/.xspci.lock` (only when no
 * `pulumi up` is running against the host).
 */
import { randomUUID } from "node:crypto";

/** The lock directory on the host: in /boot, beside extlinux.conf and grub's directory. */
export const HOST_LOCK_DIR = "/boot/.xspci.lock";

/** A lock older than this is broken even when its holder still seems alive (a hung run). */
export const STALE_LOCK_SECONDS = 600;

/** A lock with no owner line for this long lost its holder between `mkdir` and the write. */
export const OWNERLESS_LOCK_GRACE_SECONDS = 5;

/** The shell variables the functions below read; the script must set them first. */
export interface HostLockVariables {
  /** `LOCK`: the lock directory. */
  readonly lock: string;
  /** `WAIT`: seconds to wait for a live holder before giving up. */
  readonly waitSeconds: number;
  /** `STALE`: see {@link STALE_LOCK_SECONDS}. */
  readonly staleSeconds: number;
  /** `GRACE`: see {@link OWNERLESS_LOCK_GRACE_SECONDS}. */
  readonly graceSeconds: number;
  /** `TOKEN`: a random token naming this run in the owner line. */
  readonly token: string;
}

/**
 * The lock variables of one run: the shared lock directory, a wait derived
 * from the command deadline (so that the wait ends before the deadline), and
 * a fresh random token.
 */
export function newHostLock(timeoutMs: number): HostLockVariables {
  return {
    lock: HOST_LOCK_DIR,
    waitSeconds: lockWaitSeconds(timeoutMs),
    staleSeconds: STALE_LOCK_SECONDS,
    graceSeconds: OWNERLESS_LOCK_GRACE_SECONDS,
    token: randomUUID(),
  };
}

/** The five positional parameters `LOCK WAIT STALE GRACE TOKEN`, in that order. */
export function hostLockArgs(vars: HostLockVariables): string[] {
  return [vars.lock, String(vars.waitSeconds), String(vars.staleSeconds), String(vars.graceSeconds), vars.token];
}

/** The script line that reads {@link hostLockArgs} from `$1`…`$5` and shifts them away. */
export const HOST_LOCK_ARGS_LINE = 'LOCK=$1 WAIT=$2 STALE=$3 GRACE=$4 TOKEN=$5; shift 5; OWNER= HELD=';

/** How long a run waits for a live holder: half the command deadline, at least one second. */
export function lockWaitSeconds(timeoutMs: number): number {
  return Math.max(1, Math.floor(timeoutMs / 2000));
}

/**
 * Shell functions `acquire_lock` (0: held; 1: a live holder kept it for
 * `$WAIT` seconds; 2: the directory cannot be created), `owns_lock` and
 * `release_lock`. After a failed `acquire_lock`, `$lock_owner_line` names the
 * holder. Only builtins besides the identifiable steps: `mkdir` (lock taken),
 * `rm`, `rmdir` (lock released), `date`, `stat`, `sleep`.
 */
export const HOST_LOCK_FUNCTIONS: readonly string[] = [
  "lock_is_stale() {",
  "  lock_owner_line=",
  '  if [ -f "$LOCK/owner" ]; then { read -r lock_owner_line < "$LOCK/owner"; } 2>/dev/null || lock_owner_line=; fi',
  '  if [ -z "$lock_owner_line" ]; then',
  '    lock_mtime=$(stat -c %Y "$LOCK" 2>/dev/null) || return 1',
  '    [ $(( $(date +%s) - lock_mtime )) -ge "$GRACE" ]',
  "    return",
  "  fi",
  "  set -- $lock_owner_line",
  '  case "$1:$2" in *[!0-9:]*|:*|*:) return 0 ;; esac',
  '  kill -0 "$1" 2>/dev/null || return 0',
  '  [ $(( $(date +%s) - $2 )) -ge "$STALE" ]',
  "}",
  "acquire_lock() {",
  "  lock_waited=0",
  "  lock_errors=0",
  "  while :; do",
  '    if mkdir "$LOCK" 2>/dev/null; then',
  '      OWNER="$$ $(date +%s) $TOKEN"',
  "      printf '%s\\n' \"$OWNER\" > \"$LOCK/owner\" && return 0",
  '      rmdir "$LOCK" 2>/dev/null',
  "      return 2",
  "    fi",
  // mkdir failed yet no lock is there: released meanwhile, or /boot is not writable.
  '    if [ ! -e "$LOCK" ]; then lock_errors=$((lock_errors + 1)); [ "$lock_errors" -lt 3 ] || return 2; continue; fi',
  "    if lock_is_stale; then",
  "      printf 'xspci: breaking the stale lock %s (owner: %s)\\n' \"$LOCK\" \"${lock_owner_line:-none}\" >&2",
  '      rm -rf "$LOCK"',
  "      continue",
  "    fi",
  '    [ "$lock_waited" -lt "$WAIT" ] || return 1',
  "    sleep 1",
  "    lock_waited=$((lock_waited + 1))",
  "  done",
  "}",
  "owns_lock() {",
  "  lock_line=",
  '  { read -r lock_line < "$LOCK/owner"; } 2>/dev/null',
  '  [ -n "$OWNER" ] && [ "$lock_line" = "$OWNER" ]',
  "}",
  "release_lock() {",
  "  owns_lock || return 0",
  '  rm -f "$LOCK/owner" && rmdir "$LOCK"',
  "}",
];
