/**
 * xe's reading of its words: `key=value` split at the first `=`, `--flag`,
 * and a word without `=` as a parameter with an empty value. No unquoting.
 */
import { missingParameter } from "./errors";

/** One `key=value` word, in command line order. */
export interface XeParam {
  key: string;
  value: string;
}

/** A parsed xe command line. */
export interface XeArgs {
  command: string;
  params: XeParam[];
  flags: Set<string>;
  /**
   * Every word in command line order as the CLI server reads it
   * (`cli_frontend.ml` `parse_params_2`): `--name` is `name=true`. Filters
   * and selectors are taken from these, in order.
   */
  words: XeParam[];
}

/** Parses the words after `xe`. */
export function parseXeArgs(argv: readonly string[]): XeArgs {
  const [command = "", ...words] = argv;
  const params: XeParam[] = [];
  const flags = new Set<string>();
  const ordered: XeParam[] = [];
  for (const word of words) {
    if (word.startsWith("--")) {
      flags.add(word.slice(2));
      ordered.push({ key: word.slice(2), value: "true" });
      continue;
    }
    const eq = word.indexOf("=");
    const param = eq < 0 ? { key: word, value: "" } : { key: word.slice(0, eq), value: word.slice(eq + 1) };
    params.push(param);
    ordered.push(param);
  }
  return { command, params, flags, words: ordered };
}

/** The value of the last `key=` word, or undefined. */
export function optionalParam(args: XeArgs, key: string): string | undefined {
  return args.params.filter((p) => p.key === key).at(-1)?.value;
}

/** The value of `key=`, or the xe "Required parameter not found" error. */
export function requiredParam(args: XeArgs, key: string): string {
  const value = optionalParam(args, key);
  if (value === undefined) throw missingParameter(key);
  return value;
}

/** Whether `--name` or `name=true` was given. */
export function hasFlag(args: XeArgs, name: string): boolean {
  return args.flags.has(name) || optionalParam(args, name) === "true";
}
