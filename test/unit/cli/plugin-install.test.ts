/**
 * `plugin install`: the launcher it puts into the cache, the `pulumi`
 * command it runs, and its words on the command line.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parsePluginArgs, UsageError } from "../../../provider/cli/args";
import { installPlugin, launcherScript, pulumiInstallArgs, type RunCommand } from "../../../provider/cli/plugin-install";

describe("plugin install", () => {
  it("writes a launcher that runs the installed package's plugin with this Node.js, else node from PATH", () => {
    expect(launcherScript("/opt/node 22/bin/node", { root: "/home/o'neil/proj/node_modules/pulumi-xenserver-pci", version: "1.2.3" })).toBe(
      [
        "#!/bin/sh",
        "# pulumi-resource-xenserver-pci 1.2.3: runs the provider plugin of the npm package installed at",
        "# /home/o'neil/proj/node_modules/pulumi-xenserver-pci. Written by `pulumi-xenserver-pci plugin install`; run it again after moving or upgrading the package.",
        "node='/opt/node 22/bin/node'",
        '[ -x "$node" ] || node=node',
        `exec "$node" '/home/o'\\''neil/proj/node_modules/pulumi-xenserver-pci/dist/provider/plugin/main.js' "$@"`,
        "",
      ].join("\n"),
    );
  });

  it("has the Pulumi CLI install the folder as the resource plugin xenserver-pci of the package's version, replacing one already there", () => {
    expect(pulumiInstallArgs("0.1.0", "/tmp/f")).toEqual(["plugin", "install", "resource", "xenserver-pci", "0.1.0", "--file", "/tmp/f", "--reinstall"]);
  });

  it("hands the CLI a folder holding only the executable launcher, and removes it afterwards", async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "xspci-install-"));
    fs.mkdirSync(path.join(root, "dist", "provider", "plugin"), { recursive: true });
    fs.writeFileSync(path.join(root, "dist", "provider", "plugin", "main.js"), "");
    let folder = "";
    const run: RunCommand = (command, args) => {
      folder = args[6] ?? "";
      expect(command).toBe("pulumi");
      expect(fs.readdirSync(folder)).toEqual(["pulumi-resource-xenserver-pci"]);
      expect(fs.statSync(path.join(folder, "pulumi-resource-xenserver-pci")).mode & 0o777).toBe(0o755);
      expect(fs.readFileSync(path.join(folder, "pulumi-resource-xenserver-pci"), "utf8")).toBe(launcherScript("/usr/bin/node", { root, version: "0.1.0" }));
      return Promise.resolve({ exitCode: 0, output: "" });
    };
    await expect(installPlugin({ root, version: "0.1.0" }, run, "/usr/bin/node")).resolves.toBe(
      `Installed the xenserver-pci resource plugin 0.1.0 into Pulumi's plugin cache; it runs ${root}/dist/provider/plugin/main.js.\n`,
    );
    expect(fs.existsSync(folder)).toBe(false);
    const failing: RunCommand = () => Promise.resolve({ exitCode: 255, output: "error: boom\n" });
    await expect(installPlugin({ root, version: "0.1.0" }, failing, "/usr/bin/node")).rejects.toThrow(/^`pulumi plugin install resource xenserver-pci 0\.1\.0 --file \S+ --reinstall` failed \(exit 255\):\nerror: boom$/);
    fs.rmSync(root, { recursive: true, force: true });
  });

  it("refuses to install a package that was not built", async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "xspci-install-"));
    const run: RunCommand = () => Promise.reject(new Error("must not run"));
    await expect(installPlugin({ root, version: "0.1.0" }, run)).rejects.toThrow(`${root}/dist/provider/plugin/main.js is missing; build the package (npm run build) or reinstall it.`);
    fs.rmSync(root, { recursive: true, force: true });
  });

  it.each<[string[], string]>([
    [[], "plugin needs a subcommand: install"],
    [["remove"], 'unknown plugin subcommand "remove"; expected install'],
    [["install", "--force"], 'unknown option "--force"'],
  ])("refuses plugin %j", (argv, message) => {
    expect(() => parsePluginArgs(argv)).toThrow(new UsageError(message));
  });
});
