/**
 * `/etc/xensource-inventory`: shell-quoted `KEY='value'` lines describing the
 * host (its UUID, product and version).
 */

/** `cat /etc/xensource-inventory`: how a dom0's inventory is read (product brand and version, host UUID). */
export const INVENTORY_ARGV: readonly string[] = ["cat", "/etc/xensource-inventory"];

/** The inventory facts the provider uses. */
export interface HostInventory {
  /** The host's UUID (`INSTALLATION_UUID`), for `vm-start on=`. */
  installationUuid?: string | undefined;
  /** `PRODUCT_VERSION`, e.g. `6.2.0`. */
  productVersion?: string | undefined;
  /** `PRODUCT_BRAND`, e.g. `XenServer` or `XCP-ng`. */
  productBrand?: string | undefined;
}

const ASSIGNMENT = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)=(.*)$/;

/**
 * Parses the inventory: one `KEY=value` per line, the value in POSIX shell
 * quoting (`'…'`, `"…"` with `\"`, `\\`, `\$`, `` \` `` escapes, bare words with
 * `\x`, concatenated). Blank lines, comments and other lines are ignored; a later
 * assignment wins, as in the shell.
 *
 * @param text - the file's content
 */
export function parseInventory(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const match = ASSIGNMENT.exec(line.replace(/\r$/, ""));
    if (match === null) continue;
    const value = unquote(match[2] ?? "");
    if (value !== undefined) values[match[1] ?? ""] = value;
  }
  return values;
}

/**
 * The facts the provider needs from the inventory.
 *
 * @param text - the file's content
 */
export function readHostInventory(text: string): HostInventory {
  const values = parseInventory(text);
  return {
    installationUuid: values.INSTALLATION_UUID,
    productVersion: values.PRODUCT_VERSION,
    productBrand: values.PRODUCT_BRAND,
  };
}

/**
 * The host's UUID from the inventory's text, in lower case; `""` when it names none.
 *
 * @param text - the file's content
 */
export function hostUuidOf(text: string): string {
  return (readHostInventory(text).installationUuid ?? "").toLowerCase();
}

/** Removes one word's shell quoting; `undefined` when a quote is not closed. */
function unquote(word: string): string | undefined {
  let out = "";
  let i = 0;
  while (i < word.length) {
    const char = word.charAt(i);
    if (char === "'") {
      const end = word.indexOf("'", i + 1);
      if (end === -1) return undefined;
      out += word.slice(i + 1, end);
      i = end + 1;
    } else if (char === '"') {
      const closed = readDoubleQuoted(word, i + 1);
      if (closed === undefined) return undefined;
      out += closed.text;
      i = closed.next;
    } else if (char === "\\") {
      out += word.charAt(i + 1);
      i += 2;
    } else if (/\s/.test(char)) {
      // An unquoted blank ends the word; what follows is a comment or another command.
      break;
    } else {
      out += char;
      i += 1;
    }
  }
  return out;
}

function readDoubleQuoted(word: string, start: number): { text: string; next: number } | undefined {
  let text = "";
  for (let i = start; i < word.length; i += 1) {
    const char = word.charAt(i);
    if (char === '"') return { text, next: i + 1 };
    if (char === "\\" && '"\\$`'.includes(word.charAt(i + 1)) && i + 1 < word.length) {
      text += word.charAt(i + 1);
      i += 1;
    } else {
      text += char;
    }
  }
  return undefined;
}
