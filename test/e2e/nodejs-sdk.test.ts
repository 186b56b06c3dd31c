/**
 * The TypeScript program of `examples/nodejs-sdk` through the Node.js SDK
 * generated into `sdk/nodejs`, built and installed into the user project by
 * path (as a tarball of its build), with the provider plugin installed from
 * the packed package, through the real Pulumi CLI against a simulated
 * XenServer 6.2 host.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { PulumiStack } from "../support/pulumi-cli";
import { cliRunner, describeSeedMachineProgram, EXAMPLES, withPluginPath } from "../support/plugin-program";
import { configureSimConnection } from "../support/sim-stack";
import { REPO_ROOT } from "../support/user-project";

const EXAMPLE = path.join(EXAMPLES, "nodejs-sdk");
const SDK = path.join(REPO_ROOT, "sdk", "nodejs");

/**
 * Builds the SDK as its package.json says (`tsc`, into `bin/`) against the
 * repository's TypeScript and @pulumi/pulumi, puts package.json and the
 * README beside the JavaScript as Pulumi's provider builds do, and packs it;
 * returns the tarball.
 */
function packSdk(work: string): string {
  const dir = path.join(work, "sdk-nodejs");
  fs.cpSync(SDK, dir, { recursive: true });
  fs.symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(dir, "node_modules"));
  execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", path.join(dir, "tsconfig.json")], {
    stdio: ["ignore", "inherit", "inherit"],
  });
  fs.unlinkSync(path.join(dir, "node_modules"));
  for (const file of ["package.json", "README.md"]) fs.copyFileSync(path.join(dir, file), path.join(dir, "bin", file));
  const packDir = path.join(work, "pack-sdk");
  fs.mkdirSync(packDir);
  const name = execFileSync("npm", ["pack", "--silent", "--pack-destination", packDir], {
    cwd: path.join(dir, "bin"),
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  })
    .trim()
    .split("\n")
    .pop();
  return path.join(packDir, name ?? "");
}

describeSeedMachineProgram("the Node.js SDK's example through the Pulumi CLI and the provider plugin", async (work, sim, pluginDir) => {
  const project = path.join(work, "project");
  fs.mkdirSync(project);
  const repoPkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as { devDependencies: Record<string, string> };
  const sdkPkg = JSON.parse(fs.readFileSync(path.join(SDK, "package.json"), "utf8")) as { name: string };
  const pkg = {
    name: "xenserver-pci-sdk-user",
    private: true,
    main: "index.ts",
    dependencies: {
      [sdkPkg.name]: `file:${packSdk(work)}`,
      "@pulumi/pulumi": repoPkg.devDependencies["@pulumi/pulumi"],
    },
    devDependencies: {
      typescript: repoPkg.devDependencies.typescript,
      "ts-node": repoPkg.devDependencies["ts-node"],
      "@types/node": repoPkg.devDependencies["@types/node"],
    },
  };
  fs.writeFileSync(path.join(project, "package.json"), JSON.stringify(pkg, null, 2));
  fs.writeFileSync(
    path.join(project, "tsconfig.json"),
    JSON.stringify({ compilerOptions: { strict: true, target: "ES2022", module: "commonjs", esModuleInterop: true }, files: ["index.ts"] }),
  );
  fs.writeFileSync(path.join(project, "Pulumi.yaml"), withPluginPath(fs.readFileSync(path.join(EXAMPLE, "Pulumi.yaml"), "utf8"), pluginDir));
  const program = fs.readFileSync(path.join(EXAMPLE, "index.ts"), "utf8");
  const write = (text: string): void => {
    fs.writeFileSync(path.join(project, "index.ts"), text);
  };
  write(program);
  execFileSync("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"], {
    cwd: project,
    stdio: ["ignore", "inherit", "inherit"],
  });
  const stack = new PulumiStack(project, path.join(work, "state"), "nodejs-sdk");
  await stack.init();
  await configureSimConnection(stack, sim);
  return cliRunner(stack, program, write);
});
