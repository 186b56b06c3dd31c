/**
 * A test-side reading of an extlinux.conf, independent of the provider's
 * model: the hide list in the dom0 part of each label's `append` line.
 */

/** The dom0 arguments (middle part of `append xen --- dom0 --- initrd`) of every label that has them, in file order. */
function dom0ArgsByLabel(text: string): Map<string, string[]> {
  const result = new Map<string, string[]>();
  let label: string | undefined;
  for (const line of text.split("\n")) {
    const named = /^label (\S+)/.exec(line)?.[1];
    if (named !== undefined) label = named;
    const parts = /^\s+append (.*)$/.exec(line)?.[1]?.split(" --- ");
    if (label !== undefined && parts?.length === 3) result.set(label, (parts[1] ?? "").split(" "));
  }
  return result;
}

/**
 * For each label with a three-part `append`, every `(address)` entry of every
 * `parameter=` word in its dom0 arguments, in order (duplicates kept, so that
 * a test can count them).
 */
export function dom0HideLists(text: string, parameter: string): Map<string, string[]> {
  const lists = new Map<string, string[]>();
  for (const [label, args] of dom0ArgsByLabel(text)) {
    const values = args.filter((a) => a.startsWith(`${parameter}=`)).map((a) => a.slice(parameter.length + 1));
    lists.set(label, values.flatMap((v) => [...v.matchAll(/\(([^)]*)\)/g)].map((m) => m[1] ?? "")));
  }
  return lists;
}

/** `text` with every ` parameter=…` word removed from the `append` lines. */
export function withoutHideParameter(text: string, parameter: string): string {
  const word = new RegExp(` ${parameter.replace(/\./g, "\\.")}=\\S*`, "g");
  return text
    .split("\n")
    .map((line) => (/^\s+append /.test(line) ? line.replace(word, "") : line))
    .join("\n");
}
