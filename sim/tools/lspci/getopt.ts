/**
 * glibc `getopt(3)` as lspci calls it (no long options, default ordering):
 * short options cluster (`-vmm`), an option's argument is the rest of its
 * word or the next word (`-s06:00.0`, `-s 06:00.0`), words that are not
 * options are moved after the options (permutation), `--` ends the options,
 * and `--x` is read as the options `-`, `x`, … (so `--help` is the invalid
 * option `-`).
 */

/** One option getopt returned, in command line order. */
export interface GetoptOption {
  letter: string;
  /** Set for letters followed by `:` in the option string. */
  argument?: string;
}

/** Why getopt returned `?`: the letter it could not take. */
export interface GetoptError {
  kind: "invalid" | "missing-argument";
  letter: string;
}

/** Everything getopt returns before the first `?` (which ends lspci's loop). */
export interface GetoptResult {
  options: GetoptOption[];
  /** Words left after the options (lspci refuses any). */
  operands: string[];
  /** The `?` that stopped the loop, if one did. */
  error?: GetoptError;
}

function takesArgument(optstring: string, letter: string): boolean | undefined {
  const at = letter === ":" ? -1 : optstring.indexOf(letter);
  if (at < 0) return undefined;
  return optstring[at + 1] === ":";
}

/** Runs getopt over `argv` (without the program name) with `optstring` until it ends or returns `?`. */
export function getopt(argv: readonly string[], optstring: string): GetoptResult {
  const options: GetoptOption[] = [];
  const operands: string[] = [];
  for (let i = 0; i < argv.length; i += 1) {
    const word = argv[i] ?? "";
    if (word === "--") {
      operands.push(...argv.slice(i + 1));
      break;
    }
    if (!word.startsWith("-") || word === "-") {
      operands.push(word);
      continue;
    }
    for (let at = 1; at < word.length; at += 1) {
      const letter = word.charAt(at);
      const wantsArgument = takesArgument(optstring, letter);
      if (wantsArgument === undefined) return { options, operands, error: { kind: "invalid", letter } };
      if (!wantsArgument) {
        options.push({ letter });
        continue;
      }
      const rest = word.slice(at + 1);
      if (rest !== "") {
        options.push({ letter, argument: rest });
      } else {
        const next = argv[i + 1];
        if (next === undefined) return { options, operands, error: { kind: "missing-argument", letter } };
        options.push({ letter, argument: next });
        i += 1;
      }
      break;
    }
  }
  return { options, operands };
}
