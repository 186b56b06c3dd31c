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

function recordText(fields: readonly Field[]): string {
  const labels = fields.map(label);
  const width = 4 + Math.max(0, ...labels.map((l) => l.length));
  const lines = fields.map((field, i) => {
    const text = labels[i] ?? "";
    const padded = i === 0 ? text.padEnd(width) : text.padStart(width);
    return `${padded}: ${field.get()}`;
  });
  return `${lines.join("\n")}\n`;
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
