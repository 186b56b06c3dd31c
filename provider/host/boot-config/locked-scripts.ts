/**
 * The remote scripts of the `xen-cmdline` and `dom0-access` methods. Both run
 * under the host lock of host-lock.ts, because `xen-cmdline` (called directly
 * or by xapi) rewrites the whole grub configuration: two concurrent edits
 * would lose one of them.
 */
import { BOOT_COMMIT_EXIT as EXIT } from "./commit-exit";
import { HOST_LOCK_ARGS_LINE, HOST_LOCK_FUNCTIONS, hostLockArgs, type HostLockVariables } from "./host-lock";

/** Where XenServer 6.1+ and XCP-ng keep the tool. */
export const XEN_CMDLINE_PATH = "/opt/xensource/libexec/xen-cmdline";

/**
 * The lines every locked script runs once it has defined `cleanup` (which
 * must release the lock when `$HELD` is set): `fail CODE MESSAGE…`, a trap
 * that cleans up when the connection or the script is cut, and the lock
 * acquisition, which fails with a `step lock` message naming the holder.
 */
export const FAIL_TRAP_AND_LOCK: readonly string[] = [
  "fail() { code=$1; shift; printf 'xspci: %s\\n' \"$*\" >&2; cleanup; exit \"$code\"; }",
  `trap 'cleanup; exit ${EXIT.interrupted}' HUP INT TERM PIPE`,
  "acquire_lock",
  "case $? in",
  "  0) HELD=1 ;;",
  `  1) fail ${EXIT.lockBusy} "step lock: $LOCK is held by another run (owner: \${lock_owner_line:-none}) after waiting \${WAIT}s" ;;`,
  `  *) fail ${EXIT.lockFailed} "step lock: cannot create $LOCK" ;;`,
  "esac",
];

const LOCK_PROLOGUE: readonly string[] = [
  HOST_LOCK_ARGS_LINE,
  ...HOST_LOCK_FUNCTIONS,
  'cleanup() { if [ -n "$HELD" ]; then HELD=; release_lock; fi; }',
  ...FAIL_TRAP_AND_LOCK,
];

const RELEASE_EPILOGUE: readonly string[] = [
  "HELD=",
  "release_lock || printf 'xspci: warning: cannot remove the lock %s; the next run breaks it\\n' \"$LOCK\" >&2",
];

/**
 * Under the lock: checks that `TOOL --get-dom0 KEY` still prints what was read
 * (else exits {@link BOOT_COMMIT_EXIT.conflict}), runs `TOOL ACTION ARG`
 * (`--set-dom0 KEY=VALUE` or `--delete-dom0 KEY`), and prints what
 * `--get-dom0 KEY` says afterwards on stdout for the caller to verify.
 */
export const XEN_CMDLINE_COMMIT_SCRIPT: string = [
  ...LOCK_PROLOGUE.slice(0, 1),
  'TOOL=$1 KEY=$2 EXPECTED=$3 ACTION=$4 ARG=$5',
  ...LOCK_PROLOGUE.slice(1),
  `current=$("$TOOL" --get-dom0 "$KEY") || fail ${EXIT.stepFailed} "step check: $TOOL --get-dom0 $KEY failed"`,
  `[ "$current" = "$EXPECTED" ] || fail ${EXIT.conflict} "step check: $KEY changed since it was read"`,
  `"$TOOL" "$ACTION" "$ARG" >&2 || fail ${EXIT.stepFailed} "step write: $TOOL $ACTION $ARG failed"`,
  `after=$("$TOOL" --get-dom0 "$KEY") || fail ${EXIT.verifyFailed} "step verify: $TOOL --get-dom0 $KEY failed"`,
  "printf '%s\\n' \"$after\"",
  ...RELEASE_EPILOGUE,
  "exit 0",
].join("\n") + "\n";

/** One xen-cmdline change, checked against what was read. */
export interface XenCmdlineCommitRequest extends HostLockVariables {
  readonly key: string;
  /** `--get-dom0 KEY` output as read, without its final newlines. */
  readonly expected: string;
  readonly action: "--set-dom0" | "--delete-dom0";
  /** `KEY=VALUE` for a set, `KEY` for a delete. */
  readonly arg: string;
}

/** The positional parameters of {@link XEN_CMDLINE_COMMIT_SCRIPT}. */
export function xenCmdlineCommitArgs(request: XenCmdlineCommitRequest): string[] {
  return [...hostLockArgs(request), XEN_CMDLINE_PATH, request.key, request.expected, request.action, request.arg];
}

/** Runs the argv given after the lock parameters under the lock and exits with its status. */
export const LOCKED_RUN_SCRIPT: string = [
  ...LOCK_PROLOGUE,
  '"$@"',
  "status=$?",
  ...RELEASE_EPILOGUE,
  'exit "$status"',
].join("\n") + "\n";

/** The positional parameters of {@link LOCKED_RUN_SCRIPT}: the lock's, then the command's argv. */
export function lockedRunArgs(vars: HostLockVariables, argv: readonly string[]): string[] {
  return [...hostLockArgs(vars), ...argv];
}
