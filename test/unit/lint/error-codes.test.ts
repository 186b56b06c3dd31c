/**
 * docs/errors.md documents every error code, and only those: its table rows
 * must name exactly the codes of ERROR_CODES, each once.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";

import { ERROR_CODES } from "../../../provider/errors";

const ERRORS_DOC = path.resolve(__dirname, "..", "..", "..", "docs", "errors.md");

/** The code of every table row of the page (its first cell, in backquotes). */
function documentedCodes(markdown: string): string[] {
  return [...markdown.matchAll(/^\| `([A-Z][A-Z0-9_]*)` \|/gm)].map((match) => match[1] ?? "");
}

describe("error codes", () => {
  it("has no code twice", () => {
    expect(new Set(ERROR_CODES).size).toBe(ERROR_CODES.length);
  });

  it("documents every code in docs/errors.md once, and no other", () => {
    const documented = documentedCodes(readFileSync(ERRORS_DOC, "utf8"));

    expect([...documented].sort()).toEqual([...ERROR_CODES].sort());
  });
});
