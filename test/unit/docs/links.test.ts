/**
 * Every relative link of the README and of docs/ leads somewhere: to a file
 * or folder of the repository that exists, and, when it names a heading
 * (`file.md#heading`, or `#heading` in the same page), to a heading that
 * exists there, by GitHub's anchor rules. Web links are not followed.
 */
import * as fs from "node:fs";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "..", "..", "..");

/** The Markdown files checked: the README and every page under docs/. */
function pages(): string[] {
  const found = ["README.md"];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
      const rel = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(rel);
      else if (entry.name.endsWith(".md")) found.push(rel);
    }
  };
  walk("docs");
  return found.sort();
}

/** The lines of a page outside fenced code blocks. */
function proseLines(markdown: string): string[] {
  const lines: string[] = [];
  let fenced = false;
  for (const line of markdown.split("\n")) {
    if (/^\s*(```|~~~)/.test(line)) {
      fenced = !fenced;
      continue;
    }
    if (!fenced) lines.push(line);
  }
  return lines;
}

/**
 * GitHub's anchor of a heading: lower case, every character that is not a
 * letter, a digit, a space, `-` or `_` dropped, spaces turned into `-`; a
 * repeated anchor gets `-1`, `-2`, … in order.
 */
function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const result = new Set<string>();
  for (const line of proseLines(markdown)) {
    const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line.replace(/`/g, ""));
    if (heading === null) continue;
    const base = (heading[1] ?? "").toLowerCase().replace(/[^\p{L}\p{N} _-]/gu, "").replace(/ /g, "-");
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    result.add(count === 0 ? base : `${base}-${String(count)}`);
  }
  return result;
}

/** Every link target of a page's prose: `[text](target)`. */
function linkTargets(markdown: string): string[] {
  // Inline code is blanked first: a link written in backquotes is an example, not a link.
  return proseLines(markdown).flatMap((line) => [...line.replace(/`[^`]+`/g, "code").matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map((match) => match[1] ?? ""));
}

/** What is wrong with `target` as a link of `page`, or undefined when it leads somewhere. */
function brokenReason(page: string, target: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(target)) return undefined;
  const [file = "", anchor] = target.split("#", 2);
  const resolved = file === "" ? path.join(ROOT, page) : path.resolve(path.dirname(path.join(ROOT, page)), decodeURI(file));
  if (!resolved.startsWith(ROOT + path.sep)) return "leads out of the repository";
  if (!fs.existsSync(resolved)) return `${path.relative(ROOT, resolved)} does not exist`;
  if (anchor === undefined || anchor === "") return undefined;
  if (!resolved.endsWith(".md")) return undefined;
  return anchors(fs.readFileSync(resolved, "utf8")).has(anchor) ? undefined : `${path.relative(ROOT, resolved)} has no heading #${anchor}`;
}

describe("documentation links", () => {
  it("computes anchors as GitHub does", () => {
    const markdown = "# Title\n## Use it from Python, Go, C#, YAML\n### `connection` (both resources)\n```\n# not a heading\n```\n## Title\n";
    expect([...anchors(markdown)]).toEqual(["title", "use-it-from-python-go-c-yaml", "connection-both-resources", "title-1"]);
  });

  it("checks the README and docs/, and finds links in them", () => {
    const files = pages();
    expect(files).toContain("README.md");
    expect(files).toContain(path.join("docs", "architecture.md"));
    expect(files.flatMap((page) => linkTargets(fs.readFileSync(path.join(ROOT, page), "utf8"))).length).toBeGreaterThan(20);
  });

  it.each(pages())("every relative link of %s leads to a file and heading that exist", (page) => {
    const broken = linkTargets(fs.readFileSync(path.join(ROOT, page), "utf8"))
      .map((target) => ({ target, reason: brokenReason(page, target) }))
      .filter((link) => link.reason !== undefined);

    expect(broken).toEqual([]);
  });
});
