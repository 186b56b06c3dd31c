/**
 * xen-cmdline's own command line walk: an option word starts collecting the
 * words after it; the next `--` word closes the group. Unknown options close
 * the group but do not start one, so their words join the open option's next
 * group; an option given no words does nothing. Nothing is ever an error.
 */

/** The options that take words. */
const TAKES_WORDS = new Set(["--set-cpuid-masks", "--delete-cpuid-masks", "--get-xen", "--get-dom0", "--set-xen", "--set-dom0", "--delete-xen", "--delete-dom0"]);

/** One operation the script will run, in order. */
export interface Operation {
  option: string;
  /** The words after the option; empty for `--list-cpuid-masks`. */
  words: string[];
}

/** The operations of `argv`, as the script's `__main__` block collects them. */
export function parseArgv(argv: readonly string[]): Operation[] {
  const operations: Operation[] = [];
  let option: string | undefined;
  let words: string[] = [];
  for (const arg of argv) {
    if (arg.startsWith("--") && option !== undefined && words.length > 0) {
      operations.push({ option, words });
      words = [];
    }
    if (arg === "--list-cpuid-masks") operations.push({ option: arg, words: [] });
    else if (TAKES_WORDS.has(arg)) option = arg;
    if (!arg.startsWith("--")) words.push(arg);
  }
  if (option !== undefined && words.length > 0) operations.push({ option, words });
  return operations;
}
