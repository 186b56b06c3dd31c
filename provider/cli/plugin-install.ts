/**
 * `pulumi-xenserver-pci plugin install`: puts the provider plugin into
 * Pulumi's plugin cache, where the engine finds it for a program in any
 * language without PATH (`resource-xenserver-pci-v<version>` under
 * `$PULUMI_HOME/plugins`). The cache holds a copy of what it is given, not a
 * link, and the plugin's JavaScript needs the installed package around it,
 * so what goes there is a small launcher that runs this package's plugin by
 * its absolute path. The Pulumi CLI itself installs it
 * (`pulumi plugin install resource xenserver-pci <version> --file <folder>`,
 * which copies the folder), so the cache's layout and lock stay the CLI's.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { PLUGIN_EXECUTABLE, PULUMI_PACKAGE, type PackageInfo } from "../package-info";

/** The plugin's entry point inside the installed package. */
export const PLUGIN_MAIN = path.join("dist", "provider", "plugin", "main.js");

/** `text` as one word of a POSIX shell, in single quotes. */
function shellWord(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/**
 * The launcher the cache holds. Pure.
 *
 * @param nodePath - the Node.js that runs `plugin install` (tried first; `node` from PATH when it is gone)
 * @param pkg - the installed package
 */
export function launcherScript(nodePath: string, pkg: PackageInfo): string {
  return [
    "#!/bin/sh",
    `# ${PLUGIN_EXECUTABLE} ${pkg.version}: runs the provider plugin of the npm package installed at`,
    `# ${pkg.root}. Written by \`pulumi-xenserver-pci plugin install\`; run it again after moving or upgrading the package.`,
    `node=${shellWord(nodePath)}`,
    '[ -x "$node" ] || node=node',
    `exec "$node" ${shellWord(path.join(pkg.root, PLUGIN_MAIN))} "$@"`,
    "",
  ].join("\n");
}

/**
 * The `pulumi` arguments that install the folder holding the launcher. Pure.
 * `--reinstall`: the cache's launcher then always points at the package that
 * ran the command last, even at the same version.
 *
 * @param version - the package's version
 * @param folder - the folder holding the launcher
 */
export function pulumiInstallArgs(version: string, folder: string): string[] {
  return ["plugin", "install", "resource", PULUMI_PACKAGE, version, "--file", folder, "--reinstall"];
}

/** Runs a command; resolves with its exit code and output. */
export type RunCommand = (command: string, args: readonly string[]) => Promise<{ exitCode: number; output: string }>;

/**
 * Writes the launcher into a temporary folder, has the Pulumi CLI install
 * it, and removes the folder.
 *
 * @param pkg - the installed package
 * @param run - runs `pulumi`
 * @param nodePath - the Node.js the launcher tries first
 * @returns what to tell the user
 * @throws Error with the CLI's output when `pulumi plugin install` fails
 */
export async function installPlugin(pkg: PackageInfo, run: RunCommand, nodePath: string = process.execPath): Promise<string> {
  if (!fs.existsSync(path.join(pkg.root, PLUGIN_MAIN))) {
    throw new Error(`${path.join(pkg.root, PLUGIN_MAIN)} is missing; build the package (npm run build) or reinstall it.`);
  }
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), "xenserver-pci-plugin-"));
  try {
    fs.writeFileSync(path.join(folder, PLUGIN_EXECUTABLE), launcherScript(nodePath, pkg), { mode: 0o755 });
    const args = pulumiInstallArgs(pkg.version, folder);
    const result = await run("pulumi", args);
    if (result.exitCode !== 0) throw new Error(`\`pulumi ${args.join(" ")}\` failed (exit ${String(result.exitCode)}):\n${result.output.trim()}`);
    return `Installed the ${PULUMI_PACKAGE} resource plugin ${pkg.version} into Pulumi's plugin cache; it runs ${path.join(pkg.root, PLUGIN_MAIN)}.\n`;
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
}
