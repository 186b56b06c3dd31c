/**
 * docs/architecture.md is the map a newcomer reads first: every source path
 * it names must exist. Paths under a layer folder (`host/…`, `model/…`) are
 * the package's, under `provider/`; others (`sim/…`, `test/…`, `scripts/…`)
 * are the repository's.
 */
import * as fs from "node:fs";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "..", "..", "..");
const LAYERS = ["cli", "plugin", "lookups", "resources", "providers", "host", "remote", "schema", "model"];
const PATH = /(?<![\w/.-])((?:provider\/|sim\/|test\/|scripts\/|tools\/)?(?:[\w-]+\/)*[\w.-]+\.(?:ts|mjs|sh|json))(?![\w/-])/g;

/** Where a named path lives: under provider/ when it starts with a layer folder, else at the repository's root. */
function located(named: string): string {
  const first = named.split("/")[0] ?? "";
  return LAYERS.includes(first) ? path.join(ROOT, "provider", named) : path.join(ROOT, named);
}

test("every path docs/architecture.md names exists", () => {
  const text = fs.readFileSync(path.join(ROOT, "docs", "architecture.md"), "utf8");
  const named = [...new Set([...text.matchAll(PATH)].map((match) => match[1] ?? ""))].filter((p) => p.includes("/"));
  expect(named.length).toBeGreaterThan(20);
  expect(named.filter((p) => !fs.existsSync(located(p)))).toEqual([]);
});
