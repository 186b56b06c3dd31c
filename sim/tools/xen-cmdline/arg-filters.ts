/**
 * How the two generations of xen-cmdline pick and drop arguments by key. A
 * key matches `key=…` or the bare word `key`, exactly (`pciback.hide` never
 * matches `xen-pciback.hide=…`). With one key both generations agree; with
 * several each has its own upstream quirk, kept here as is.
 */
import type { ScriptGeneration } from "./python-flavour";

function matches(key: string, arg: string): boolean {
  return arg.startsWith(`${key}=`) || arg === key;
}

/**
 * The arguments `--get-*` prints. py3 walks the arguments, then the keys (an
 * argument is printed once per key it matches); py2 walks the keys, then the
 * arguments.
 */
export function pickArgs(generation: ScriptGeneration, keys: readonly string[], args: readonly string[]): string[] {
  if (generation === "py3") return args.flatMap((arg) => keys.filter((key) => matches(key, arg)).map(() => arg));
  return keys.flatMap((key) => args.filter((arg) => matches(key, arg)));
}

/**
 * The arguments a set or delete keeps. py3 keeps an argument once per key it
 * does not match (with two keys, untouched arguments are doubled); py2 keeps
 * an argument unless it matches every key (with two keys, nothing goes).
 */
export function dropArgs(generation: ScriptGeneration, keys: readonly string[], args: readonly string[]): string[] {
  if (generation === "py3") return args.flatMap((arg) => keys.filter((key) => !matches(key, arg)).map(() => arg));
  return args.filter((arg) => keys.some((key) => !matches(key, arg)));
}

/** The key of a `--set-*` word: the text before the first `=`. */
export function keyOfAssignment(word: string): string {
  return word.split("=")[0] ?? "";
}

/**
 * `--list-cpuid-masks`: py2 lists the Xen arguments starting `cpuid_mask`;
 * py3 matches the key `cpuid_mask` exactly, so `cpuid_mask_xsave_eax=0` is
 * not listed.
 */
export function cpuidMasks(generation: ScriptGeneration, args: readonly string[]): string[] {
  return generation === "py3" ? pickArgs("py3", ["cpuid_mask"], args) : args.filter((arg) => arg.startsWith("cpuid_mask"));
}
