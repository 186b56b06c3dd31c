/**
 * Where this package is installed and which version it is, for the parts that
 * run as their own processes (the provider plugin, `plugin install`): read
 * from the package's own package.json, found by walking up from the running
 * file, so that the answer is the same from `dist/` and from the sources.
 */
import * as fs from "node:fs";
import * as path from "node:path";

/** The npm package's name. */
export const NPM_PACKAGE_NAME = "pulumi-xenserver-pci";

/** The Pulumi package the provider plugin serves. */
export const PULUMI_PACKAGE = "xenserver-pci";

/** The provider plugin's executable, as the engine looks for it: `pulumi-resource-<package>`. */
export const PLUGIN_EXECUTABLE = `pulumi-resource-${PULUMI_PACKAGE}`;

/** The installed package. */
export interface PackageInfo {
  /** The directory holding package.json (and schema.json). */
  root: string;
  /** package.json's version, e.g. `0.1.0`. */
  version: string;
}

/**
 * Finds the package that holds `from`.
 *
 * @param from - a directory inside the package (a module's `__dirname`)
 * @throws Error when no enclosing package.json names this package (a broken install)
 */
export function packageInfo(from: string = __dirname): PackageInfo {
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    const file = path.join(dir, "package.json");
    if (fs.existsSync(file)) {
      const pkg = JSON.parse(fs.readFileSync(file, "utf8")) as { name?: unknown; version?: unknown };
      if (pkg.name === NPM_PACKAGE_NAME && typeof pkg.version === "string") return { root: dir, version: pkg.version };
    }
    if (path.dirname(dir) === dir) throw new Error(`${NPM_PACKAGE_NAME}: no package.json of the package above ${from}; reinstall the package.`);
  }
}
