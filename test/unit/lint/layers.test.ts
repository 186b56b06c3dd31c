/**
 * The layer rules fire where layers.json says they must, and only there:
 * for every row of the table, a planted import of each layer it may not
 * import and of each package it may not use is reported, and an import of
 * each layer it may import is not; linted with the repository's real config
 * through ESLint's Node API. And docs/architecture.md's table says what the
 * table says.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "..", "..", "..");
const RULE = "@typescript-eslint/no-restricted-imports";

interface Layer {
  name: string;
  path: string;
  mayImport: string[];
  why: string;
}

interface PackageRule {
  package: string;
  allowedIn: string[];
}

const TABLE = JSON.parse(fs.readFileSync(path.join(ROOT, "layers.json"), "utf8")) as { layers: Layer[]; packages: PackageRule[] };
const PACKAGE_LAYERS = TABLE.layers.filter((layer) => layer.name !== "sim");

interface Problem {
  ruleId: string | null;
  message: string;
  line: number;
}

/** Lints every case in one ESLint process (see lint-text.mjs for why a process). */
function lintAll(cases: readonly { filePath: string; code: string }[]): Problem[][] {
  const out = execFileSync(process.execPath, [path.join(__dirname, "lint-text.mjs")], {
    cwd: ROOT,
    input: JSON.stringify({ cwd: ROOT, ruleId: RULE, cases }),
    encoding: "utf8",
  });
  return JSON.parse(out) as Problem[][];
}

/** A file planted in `layer`, one folder deep where the layer is a folder. */
function plantedIn(layer: Layer): string {
  return layer.path.endsWith(".ts") ? layer.path : `${layer.path}/deeper/planted.ts`;
}

/** How a file planted in `from` imports `to`. */
function importOf(from: Layer, to: Layer): string {
  const dir = path.dirname(path.join(ROOT, plantedIn(from)));
  const target = to.path.endsWith(".ts") ? path.join(ROOT, to.path.replace(/\.ts$/, "")) : path.join(ROOT, to.path, "planted-target");
  const relative = path.relative(dir, target);
  return relative.startsWith(".") ? relative : `./${relative}`;
}

/** [title, file, import line, expected fragment of the one problem, or undefined for none]. */
type Case = [string, string, string, string | undefined];

const CASES: Case[] = [
  ...TABLE.layers.flatMap((layer): Case[] => {
    const file = plantedIn(layer);
    const targets = layer.name === "sim" ? [] : PACKAGE_LAYERS.filter((other) => other !== layer);
    return targets.map((other): Case => {
      const spec = importOf(layer, other);
      const allowed = layer.mayImport.includes(other.name);
      return [`${layer.name} → ${other.name}`, file, `import { x } from "${spec}";`, allowed ? undefined : `${layer.name} may not import ${other.name} (`];
    });
  }),
  ["sim → provider", "sim/deeper/planted.ts", 'import { x } from "../../provider/model/pci-address";', "sim may not import provider ("],
  ["sim → the package by name", "sim/planted.ts", 'import { providers } from "pulumi-xenserver-pci";', "sim may not import provider ("],
  ["sim's tests → provider", "sim/test/planted.ts", 'import { x } from "../../provider/host/xen-host";', "sim may not import provider ("],
  ...TABLE.layers.flatMap((layer): Case[] =>
    TABLE.packages.map((pkg): Case => [
      `${layer.name} uses ${pkg.package}`,
      plantedIn(layer),
      `import { x } from "${pkg.package === "@pulumi" ? "@pulumi/pulumi" : pkg.package}";`,
      pkg.allowedIn.includes(layer.name) ? undefined : `Only ${pkg.allowedIn.join(", ")} may use ${pkg.package}: `,
    ]),
  ),
  ["scripts use ssh2", "scripts/planted.ts", 'import { Client } from "ssh2/lib/client";', "Only remote may use ssh2: "],
  ["examples use ssh2", "examples/planted.ts", 'import ssh2 = require("ssh2");', "Only remote may use ssh2: "],
  ["the benchmark's fresh-connection baseline uses ssh2", "scripts/bench/fresh-connection-exec.ts", 'import { Client } from "ssh2";', undefined],
  ["a test reaches into any layer", "test/unit/model/planted.ts", 'import { runCommand } from "../../../provider/remote/ssh";', undefined],
  ["the simulator's tests use ssh2", "sim/test/planted.ts", 'import { Client } from "ssh2";', undefined],
  ["a sibling module of a layer", "provider/model/planted.ts", 'import { parsePciAddress } from "./pci-address";', undefined],
  ["a re-export forbidden like an import", "provider/schema/planted.ts", 'export { quote } from "../remote/shell";', "schema may not import remote ("],
];

describe("the layer rules generated from layers.json", () => {
  let problems: Problem[][];

  beforeAll(() => {
    problems = lintAll(CASES.map(([, filePath, line]) => ({ filePath, code: `${line}\nexport const planted = 1;\n` })));
  });

  test("every row of the table is planted at least once", () => {
    const planted = (name: string): boolean => CASES.some(([title, , , expected]) => expected !== undefined && title.startsWith(`${name} → `));
    expect(TABLE.layers.filter((layer) => !planted(layer.name)).map((layer) => layer.name)).toEqual([]);
  });

  test.each(CASES.map((c, index) => [...c, index] as const))("%s (%s: %s)", (_title, _file, _line, expected, index) => {
    const found = problems[index] ?? [];
    if (expected === undefined) {
      expect(found).toEqual([]);
    } else {
      expect(found).toHaveLength(1);
      expect(found[0]?.ruleId).toBe(RULE);
      expect(found[0]?.message).toContain(expected);
    }
  });
});

test("docs/architecture.md's layer table says what layers.json says", () => {
  const text = fs.readFileSync(path.join(ROOT, "docs", "architecture.md"), "utf8");
  for (const layer of TABLE.layers) {
    const row = text.split("\n").find((line) => line.startsWith(`| \`${layer.name}\` |`));
    expect(row).toBeDefined();
    const cells = (row ?? "").split("|").map((cell) => cell.trim());
    const listed = [...(cells[3] ?? "").matchAll(/`([\w-]+)`/g)].map((match) => match[1]);
    expect({ layer: layer.name, mayImport: listed.sort() }).toEqual({ layer: layer.name, mayImport: [...layer.mayImport].sort() });
  }
});
