/**
 * POSIX shell quoting and remote command building. Pure: no I/O.
 *
 * Every word that reaches the remote shell goes through `quoteWord`, so no input
 * is ever interpreted by the shell: inside single quotes nothing is special
 * except the single quote itself, which is written as `'\''`.
 */
import { ValidationError } from "../errors";

/** Shell variable names a script builder may assign. */
const SHELL_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Quotes one word for a POSIX shell (sh, bash 3.2, dash). Rejects NUL bytes,
 * which no shell argument can carry.
 */
export function quoteWord(word: string): string {
  if (word.includes("\0")) {
    throw new ValidationError(
      `passing ${JSON.stringify(word)} to the remote shell: it contains a NUL byte, which no shell argument can carry.`,
      { hint: "Remove the NUL byte from the value." },
    );
  }
  return `'${word.replaceAll("'", `'\\''`)}'`;
}

/** One command line from an argv: every word quoted, joined by spaces. */
export function buildCommand(argv: readonly string[]): string {
  if (argv.length === 0) {
    throw new ValidationError("building a remote command: the argument list is empty.", {
      hint: "This is a bug in pulumi-xenserver-pci; please report it.",
    });
  }
  return argv.map(quoteWord).join(" ");
}

/**
 * The argv that runs a POSIX sh script with positional arguments: `sh -c SCRIPT
 * sh ARG…`. The script sees its arguments as `$1`, `$2`…, never pasted into its
 * text, and its stdin stays free for file content (XenServer 6.2 has no base64).
 */
export function scriptArgv(script: string, args: readonly string[] = []): string[] {
  return ["sh", "-c", script, "sh", ...args];
}

/** Prefixes an argv with `sudo -n` (never prompt: a prompt would hang until the deadline). */
export function sudoArgv(argv: readonly string[]): string[] {
  return ["sudo", "-n", ...argv];
}

/** The argv as the login user must run it: through `sudo -n` when `sudo` is asked for and the user is not root. */
export function argvForUser(argv: readonly string[], login: { user: string; sudo: boolean }): readonly string[] {
  return login.sudo && login.user !== "root" ? sudoArgv(argv) : argv;
}

/**
 * A script from lines, stopping at the first failing command (`set -e`). The
 * lines are fixed text from this package; values go in as positional arguments
 * or through `assignVariable`.
 */
export function buildScript(lines: readonly string[]): string {
  return ["set -e", ...lines].join("\n") + "\n";
}

/** A script line `name='value'`, quoting the value; the name must be a plain shell identifier. */
export function assignVariable(name: string, value: string): string {
  if (!SHELL_NAME.test(name)) {
    throw new ValidationError(`building a remote script: ${JSON.stringify(name)} is not a shell variable name.`, {
      hint: "This is a bug in pulumi-xenserver-pci; please report it.",
    });
  }
  return `${name}=${quoteWord(value)}`;
}
