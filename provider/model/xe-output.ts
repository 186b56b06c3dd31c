/**
 * Parsers for what the `xe` CLI prints on stdout: `--minimal` lists, map
 * parameters (`k1: v1; k2: v2`) and record listings (`vm-list`, `pci-list`).
 */

/**
 * Parses `--minimal` output: the first field of each record, comma-joined on one
 * line, with `,` and `\` inside values escaped as `\,` and `\\`. An empty line is
 * an empty list (xe prints one for "no match").
 *
 * @param stdout - the command's whole stdout
 */
export function parseMinimal(stdout: string): string[] {
  const line = stripFinalNewline(stdout);
  if (line === "") {
    return [];
  }
  const values: string[] = [];
  let current = "";
  for (let i = 0; i < line.length; i += 1) {
    const char = line.charAt(i);
    const next = line.charAt(i + 1);
    if (char === "\\" && (next === "," || next === "\\")) {
      current += next;
      i += 1;
    } else if (char === ",") {
      values.push(current);
      current = "";
    } else {
      current += char;
    }
  }
  values.push(current);
  return values;
}

/**
 * Parses a map parameter as `vm-param-get param-name=other-config` prints it:
 * `k1: v1; k2: v2`, an empty line for an empty map.
 *
 * The format is ambiguous: xe joins entries with `; ` and key from value with
 * `: ` without escaping, so a value containing `; ` cannot be told from two
 * entries. This parser splits on `; ` and glues a fragment without `: ` back onto
 * the previous value, which is right for every value that does not contain
 * `; <word>: `. The provider never relies on it for the `pci` key: it reads that
 * key on its own with `param-key=pci`.
 *
 * @param text - the printed map (stdout, or a record field's value)
 */
export function parseMap(text: string): Record<string, string> {
  const map: Record<string, string> = {};
  let lastKey: string | undefined;
  for (const fragment of stripFinalNewline(text).split("; ")) {
    // `key: value`, or `key:` when an empty value lost its trailing space at the end of the line.
    const entry = /^(.+?): (.*)$/s.exec(fragment) ?? /^([^ ]+):()$/.exec(fragment);
    if (entry !== null) {
      lastKey = entry[1] ?? "";
      map[lastKey] = entry[2] ?? "";
    } else if (lastKey !== undefined) {
      map[lastKey] = `${map[lastKey] ?? ""}; ${fragment}`;
    }
  }
  return map;
}

/**
 * What a printed map (`k: v; k2: v2`) says `key` holds, and whether it can
 * say so for sure: it cannot when more than one fragment starts the key
 * (another key's value holds `; key: `), since xe does not escape.
 *
 * @param printedMap - the printed map, a final newline allowed
 * @param key - the key
 */
export function printedMapValue(printedMap: string, key: string): { value: string | undefined; exact: boolean } {
  const text = stripFinalNewline(printedMap);
  const fragments = text.split("; ").filter((fragment) => fragment.startsWith(`${key}: `) || fragment === `${key}:`).length;
  return { value: parseMap(text)[key], exact: fragments <= 1 };
}

// `name-label ( RW): NAS`: a right-aligned label, one of xe's six annotations, a colon.
const RECORD_LINE = /^\s*(\S.*?) \((?: RO| RW|MRO|MRW|SRO|SRW)\)\s*:(?: (.*))?$/;

/**
 * Parses a record listing (`xe vm-list params=…`): records separated by blank
 * lines, one `label (ANN): value` line per field. Labels are trimmed; values are
 * kept as printed (maps stay `k: v; k2: v2`, see {@link parseMap}).
 *
 * @param stdout - the command's whole stdout
 * @returns one object per record, field label to value
 */
export function parseRecords(stdout: string): Record<string, string>[] {
  const records: Record<string, string>[] = [];
  let current: Record<string, string> | undefined;
  for (const line of stdout.split(/\r?\n/)) {
    const match = RECORD_LINE.exec(line);
    if (match === null) {
      // A blank line ends a record; any other stray line (a warning) is ignored.
      if (line.trim() === "") current = undefined;
      continue;
    }
    if (current === undefined) {
      current = {};
      records.push(current);
    }
    current[match[1] ?? ""] = match[2] ?? "";
  }
  return records;
}

function stripFinalNewline(text: string): string {
  return text.replace(/\r?\n$/, "");
}
