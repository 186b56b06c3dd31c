/**
 * Builds a Pulumi project the way a user does: the package comes from the
 * `npm pack` tarball, installed with npm into the project's node_modules, so
 * the engine serializes and loads the provider exactly as it will for users.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

/** Repository root. */
export const REPO_ROOT = path.resolve(__dirname, "..", "..");

/** Packs the package (its `prepack` builds it) into `destDir`; returns the tarball path. */
export function packPackage(destDir: string): string {
  fs.mkdirSync(destDir, { recursive: true });
  const out = execFileSync("npm", ["pack", "--silent", "--pack-destination", destDir], {
    cwd: REPO_ROOT,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  const name = out.trim().split("\n").pop() ?? "";
  return path.join(destDir, name);
}

/**
 * Creates a TypeScript Pulumi project in `dir` whose program is `programFile`,
 * depending on the packed tarball and on the repository's pinned versions of
 * `@pulumi/pulumi`, TypeScript and ts-node (from npm's cache when it has them).
 */
export function createUserProject(dir: string, tarball: string, programFile: string): void {
  fs.mkdirSync(dir, { recursive: true });
  const repoPkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as {
    devDependencies: Record<string, string>;
  };
  const pkg = {
    name: "xenserver-pci-user-project",
    private: true,
    main: "index.ts",
    dependencies: {
      "pulumi-xenserver-pci": `file:${tarball}`,
      "@pulumi/pulumi": repoPkg.devDependencies["@pulumi/pulumi"],
    },
    devDependencies: {
      typescript: repoPkg.devDependencies.typescript,
      "ts-node": repoPkg.devDependencies["ts-node"],
      "@types/node": repoPkg.devDependencies["@types/node"],
    },
  };
  fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify(pkg, null, 2));
  fs.writeFileSync(
    path.join(dir, "Pulumi.yaml"),
    "name: xenserver-pci-user\nruntime:\n  name: nodejs\n  options:\n    typescript: true\n",
  );
  fs.writeFileSync(
    path.join(dir, "tsconfig.json"),
    JSON.stringify({ compilerOptions: { strict: true, target: "ES2022", module: "commonjs", esModuleInterop: true }, files: ["index.ts"] }),
  );
  fs.copyFileSync(programFile, path.join(dir, "index.ts"));
  execFileSync("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"], {
    cwd: dir,
    stdio: ["ignore", "inherit", "inherit"],
  });
}
