/**
 * xe's record printing, as `Cli_printer.multi_line_record` does it: labels
 * `name (ACC)`, padded to 4 more than the longest; the first label padded on
 * the right, the others on the left; each record followed by a blank line,
 * and the client's newline after each print. `--minimal` prints the first
 * field of each record, comma-joined, with `,` and `\` escaped.
 */
import type { Field } from "./fields";

function label(field: Field): string {
  return `${field.name} (${field.access})`;
}

/** `Cli_printer.multi_line_record` of `(label, value)` pairs, with its trailing newline. */
function pairsText(pairs: readonly (readonly [string, string])[]): string {
  const width = 4 + Math.max(0, ...pairs.map(([l]) => l.length));
  const lines = pairs.map(([text, value], i) => `${i === 0 ? text.padEnd(width) : text.padStart(width)}: ${value}`);
  return `${lines.join("\n")}\n`;
}

function recordText(fields: readonly Field[]): string {
  return pairsText(fields.map((field) => [label(field), field.get()] as const));
}

/**
 * The stdout of one `PTable` of one record of plain `(name, value)` pairs
 * (no access annotations), as the CLI prints its own tables (vm-start's
 * per-host report): like a listed record, followed by two blank lines.
 */
export function printTable(pairs: readonly (readonly [string, string])[]): string {
  return `${pairsText(pairs)}\n\n`;
}

function escapeMinimal(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/,/g, "\\,");
}

/** The stdout of a list command over `records` (fields already selected). */
export function printRecords(records: readonly (readonly Field[])[], minimal: boolean): string {
  if (minimal) {
    const firsts = records.filter((r) => r.length > 0).map((r) => escapeMinimal(r[0]?.get() ?? ""));
    return `${firsts.join(",")}\n`;
  }
  return records.map((r) => `${recordText(r)}\n\n`).join("");
}

/** The fields of `record` that `params=` selects, in record order (not `params` order). */
export function selectFields(record: readonly Field[], params: string | undefined, defaults: readonly string[]): Field[] {
  if (params === "all") return [...record];
  const wanted = params === undefined ? defaults : params.split(",");
  return record.filter((f) => wanted.includes(f.name));
}
