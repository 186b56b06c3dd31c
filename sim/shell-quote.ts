/** Quoting for the shell scripts the simulator generates (sshd launcher, session wrapper, fault shims). */

/** Quotes `value` as one POSIX sh word. */
export function shq(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}
