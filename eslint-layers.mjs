// The layer rules of eslint.config.mjs, generated from the one table in
// layers.json: for each layer, every other layer of the package that it may
// not import, and the packages it may not use. Relative import patterns need
// at least one `../`, so `../host/xen-host` and `../../remote/ssh` match from
// any depth of the importing folder, and a sibling such as `./host-state` never does.
import * as fs from "node:fs";

/** The table of layers.json. */
export const LAYERS = JSON.parse(fs.readFileSync(new URL("./layers.json", import.meta.url), "utf8"));

/** The last path segment of a layer, as an import names it: `host`, `errors` (without `.ts`). */
const segment = (layer) => layer.path.split("/").pop().replace(/\.ts$/, "");

/** The message of a rule of `layer` forbidding `target`. */
export function layerMessage(layer, target) {
  const allowed = layer.mayImport.length === 0 ? "nothing of the package" : layer.mayImport.join(", ");
  return `${layer.name} may not import ${target} (it may import ${allowed}): ${layer.why}.`;
}

/** The message of the rule forbidding `pkg` outside the layers allowed it. */
export function packageMessage(pkg) {
  return `Only ${pkg.allowedIn.join(", ")} may use ${pkg.package}: ${pkg.why}.`;
}

function importPatterns(layer) {
  if (layer.name === "sim") return [{ regex: "^((\\.\\./)+provider|pulumi-xenserver-pci)(/|$)", message: layerMessage(layer, "provider") }];
  const others = LAYERS.layers.filter((other) => other !== layer && other.name !== "sim" && !layer.mayImport.includes(other.name));
  // Files at the package's root (the index, errors.ts) reach the layers as `./host/…`; the folders' files as `../host/…`.
  const atRoot = layer.path.endsWith(".ts");
  const prefix = atRoot ? "\\./" : "(\\.\\./)+";
  return others.map((other) => {
    const name = segment(other);
    // The package index is `.`/`./index` from the root, `..`/`../index` from a layer's folder.
    const index = atRoot ? "^\\.(/index)?$" : "^(\\.\\./)*\\.\\.(/index)?$";
    const regex = other.name === "index" ? index : `^${prefix}${name}${other.path.endsWith(".ts") ? "$" : "(/|$)"}`;
    return { regex, message: layerMessage(layer, other.name) };
  });
}

function packagePatterns(layer) {
  return LAYERS.packages
    .filter((pkg) => !pkg.allowedIn.includes(layer.name))
    .map((pkg) => ({ regex: `^${pkg.package.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}(/|$)`, message: packageMessage(pkg) }));
}

/** The files a layer's rules apply to. */
function filesOf(layer) {
  return layer.path.endsWith(".ts") ? [layer.path] : [`${layer.path}/**/*.ts`];
}

/**
 * One eslint config block per layer, with `rule` forbidding the layer's
 * patterns; `ignores` are files exempt from the package rules (the
 * benchmark's fresh-connection baseline).
 */
export function layerBlocks(rule, options = {}) {
  const forbid = (patterns) => ({ [rule]: ["error", { patterns }] });
  const blocks = LAYERS.layers.map((layer) => ({
    files: filesOf(layer),
    ignores: layer.name === "sim" ? ["sim/test/**"] : [],
    rules: forbid([...importPatterns(layer), ...packagePatterns(layer)]),
  }));
  const sim = LAYERS.layers.find((layer) => layer.name === "sim");
  const ssh2 = LAYERS.packages.find((pkg) => pkg.package === "ssh2");
  return [
    // Everything outside the package and the simulator (scripts, examples, tools): no ssh2 but where exempt.
    {
      files: ["**/*.ts"],
      ignores: ["provider/**", "sim/**", "test/**", ...(options.ssh2Exempt ?? [])],
      rules: forbid([{ regex: "^ssh2(/|$)", message: packageMessage(ssh2) }]),
    },
    ...blocks,
    // The simulator's own tests: still nothing of provider/, but its SSH client.
    { files: ["sim/test/**/*.ts"], rules: forbid(importPatterns(sim)) },
  ];
}
