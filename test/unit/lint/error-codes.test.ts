/**
 * The README's "Error codes" section documents every error code, and only
 * those: its table rows must name exactly the codes of ERROR_CODES, each once.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";

import { ERROR_CODES } from "../../../provider/errors";

const README = path.resolve(__dirname, "..", "..", "..", "README.md");

/** The README's "## Error codes" section, up to the next second-level heading. */
function errorCodesSection(markdown: string): string {
  const start = markdown.indexOf("\n## Error codes\n");
  if (start < 0) throw new Error("README.md has no \"## Error codes\" section");
  const end = markdown.indexOf("\n## ", start + 1);
  return markdown.slice(start, end < 0 ? undefined : end);
}

/** The code of every table row of the section (its first cell, in backquotes). */
function documentedCodes(markdown: string): string[] {
  return [...errorCodesSection(markdown).matchAll(/^\| `([A-Z][A-Z0-9_]*)` \|/gm)].map((match) => match[1] ?? "");
}

describe("error codes", () => {
  it("has no code twice", () => {
    expect(new Set(ERROR_CODES).size).toBe(ERROR_CODES.length);
  });

  it("documents every code in the README once, and no other", () => {
    const documented = documentedCodes(readFileSync(README, "utf8"));

    expect([...documented].sort()).toEqual([...ERROR_CODES].sort());
  });
});
