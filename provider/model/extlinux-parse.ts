/**
 * Lossless model of a syslinux/extlinux configuration (`/boot/extlinux.conf`
 * on XenServer 6.2): every line keeps its raw text and its own line ending, so
 * `printExtlinux(parseExtlinux(x)) === x` for any text, CRLF, tabs, a missing
 * final newline and all.
 */

/** One physical line. */
export interface ExtlinuxLine {
  /** The line without its ending. */
  readonly raw: string;
  /** `"\n"`, `"\r\n"`, or `""` for a last line without a newline. */
  readonly eol: string;
}

/** Offsets of a span inside one line's `raw` text, end exclusive. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

/**
 * An `append` line in the Xen multiboot form
 * `<xen.gz> <xen args> --- <dom0 kernel> <dom0 args> --- <initrd>`.
 */
export interface XenAppend {
  /** Index of the `append` line in {@link ExtlinuxConfig.lines}. */
  readonly lineIndex: number;
  /** The dom0 kernel word, e.g. `/boot/vmlinuz-2.6-xen`. */
  readonly dom0Kernel: string;
  /**
   * The dom0 arguments without surrounding whitespace. When there are none this
   * is an empty span just after the kernel word.
   */
  readonly dom0Args: Span;
}

/** A `label` block: the `label` line and every line up to the next `label`. */
export interface ExtlinuxLabel {
  /** The label name, e.g. `xe`. */
  readonly name: string;
  /** Index of the `label` line. */
  readonly lineIndex: number;
  /** Indexes of the block's `append` lines. */
  readonly appendLineIndexes: readonly number[];
  /** The Xen form of its single `append` line, or `undefined` (see `notXenReason`). */
  readonly xen: XenAppend | undefined;
  /** Why the label has no editable Xen form; `undefined` when `xen` is set. */
  readonly notXenReason: string | undefined;
}

/** A parsed configuration. */
export interface ExtlinuxConfig {
  readonly lines: readonly ExtlinuxLine[];
  /** Label blocks in file order; lines before the first one are global. */
  readonly labels: readonly ExtlinuxLabel[];
  /** First word of the last `default` line, if any. */
  readonly defaultLabel: string | undefined;
}

const SEPARATOR = "---";
/** The append form we can edit, quoted in error messages. */
export const XEN_FORM = '"<xen.gz> <xen args> --- <dom0 kernel> <dom0 args> --- <initrd>"';
const WORD = /\S+/g;

/** Parses extlinux.conf text; never fails, whatever the text. */
export function parseExtlinux(text: string): ExtlinuxConfig {
  const lines = splitLines(text);
  const labels: ExtlinuxLabel[] = [];
  let defaultLabel: string | undefined;
  let current: { name: string; lineIndex: number; appends: number[] } | undefined;
  const close = (): void => {
    if (current) labels.push(buildLabel(lines, current.name, current.lineIndex, current.appends));
  };
  lines.forEach((line, index) => {
    const directive = parseDirective(line.raw);
    if (directive === undefined) return;
    if (directive.keyword === "label") {
      close();
      current = { name: directive.argument, lineIndex: index, appends: [] };
    } else if (directive.keyword === "append") {
      current?.appends.push(index);
    } else if (directive.keyword === "default") {
      // syslinux reads global keywords anywhere; the last one wins.
      defaultLabel = directive.argument.split(/\s/)[0];
    }
  });
  close();
  return { lines, labels, defaultLabel };
}

/** Prints a configuration back to text, byte for byte. */
export function printExtlinux(config: ExtlinuxConfig): string {
  return config.lines.map((line) => line.raw + line.eol).join("");
}

/** Label names in file order. */
export function labelNames(config: ExtlinuxConfig): string[] {
  return config.labels.map((label) => label.name);
}

/** Names of the labels whose `append` line has the three-part Xen form: the default set to edit. */
export function xenLabelNames(config: ExtlinuxConfig): string[] {
  return config.labels.filter((label) => label.xen !== undefined).map((label) => label.name);
}

/** The label called `name` (the first, if a name repeats), or `undefined`. */
export function findLabel(config: ExtlinuxConfig, name: string): ExtlinuxLabel | undefined {
  return config.labels.find((label) => label.name === name);
}

/** The dom0 arguments of a Xen label, or `undefined` when the label is absent or not in the Xen form. */
export function getDom0Args(config: ExtlinuxConfig, name: string): string | undefined {
  const xen = findLabel(config, name)?.xen;
  const line = xen ? config.lines[xen.lineIndex] : undefined;
  return xen && line ? line.raw.slice(xen.dom0Args.start, xen.dom0Args.end) : undefined;
}

function splitLines(text: string): ExtlinuxLine[] {
  const lines: ExtlinuxLine[] = [];
  let start = 0;
  while (start < text.length) {
    const nl = text.indexOf("\n", start);
    if (nl < 0) {
      lines.push({ raw: text.slice(start), eol: "" });
      break;
    }
    const cr = nl > start && text.charAt(nl - 1) === "\r";
    lines.push({ raw: text.slice(start, cr ? nl - 1 : nl), eol: cr ? "\r\n" : "\n" });
    start = nl + 1;
  }
  return lines;
}

/** Keyword (lower case: syslinux keywords ignore case) and the rest of the line, trimmed. */
function parseDirective(raw: string): { keyword: string; argument: string } | undefined {
  const m = /^\s*([^\s#]\S*)(?:\s+(.*?))?\s*$/.exec(raw);
  if (!m?.[1]) return undefined;
  return { keyword: m[1].toLowerCase(), argument: m[2] ?? "" };
}

function buildLabel(lines: readonly ExtlinuxLine[], name: string, lineIndex: number, appends: number[]): ExtlinuxLabel {
  const base = { name, lineIndex, appendLineIndexes: appends };
  if (appends.length !== 1) {
    const reason = appends.length === 0 ? "it has no append line" : `it has ${appends.length} append lines`;
    return { ...base, xen: undefined, notXenReason: reason };
  }
  const appendIndex = appends[0] ?? 0;
  const result = parseXenAppend(lines[appendIndex]?.raw ?? "", appendIndex);
  return typeof result === "string"
    ? { ...base, xen: undefined, notXenReason: result }
    : { ...base, xen: result, notXenReason: undefined };
}

/** The Xen form of an append line, or the reason it has none. */
function parseXenAppend(raw: string, lineIndex: number): XenAppend | string {
  // Word 0 is the "append" keyword itself.
  const words = [...raw.matchAll(WORD)].map((m) => ({ text: m[0], start: m.index, end: m.index + m[0].length }));
  const separators = words.flatMap((word, i) => (word.text === SEPARATOR ? [i] : []));
  const [first, second] = separators;
  if (first === undefined || second === undefined) {
    const count = `${separators.length} "${SEPARATOR}" separator${separators.length === 1 ? "" : "s"}`;
    return `its append line has ${count}, not the three-part Xen form ${XEN_FORM}`;
  }
  if (first < 2) return 'its append line has no Xen hypervisor before the first "---"';
  const kernel = words[first + 1];
  if (kernel === undefined || first + 1 === second) return 'its append line has no dom0 kernel between the two "---"';
  const firstArg = words[first + 2];
  const lastArg = words[second - 1];
  const dom0Args =
    second > first + 2 && firstArg && lastArg
      ? { start: firstArg.start, end: lastArg.end }
      : { start: kernel.end, end: kernel.end };
  return { lineIndex, dom0Kernel: kernel.text, dom0Args };
}
