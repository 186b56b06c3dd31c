/**
 * `DIR/xsbin`, the only directory on the remote shell's PATH: links to this
 * machine's real binaries for the tools a XenServer 6.2 dom0 has, and wrapper
 * scripts that run the simulated xapi tools. Deliberately absent, as on 6.2:
 * base64, sha256sum, python3, flock.
 * unconfirmed: whether XenServer 6.2 has flock(1); the simulator leaves it out.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { renderXeClient } from "./xe-client";

const REAL_TOOLS = [
  "sh", "cat", "cp", "mv", "rm", "mkdir", "rmdir", "ln", "readlink", "sync", "md5sum", "sed", "grep",
  "printf", "test", "[", "echo", "sleep", "ls", "stat", "chmod", "date", "head", "tail", "tr", "cut", "wc",
  "kill", "id", "env", "true", "false", "expr", "dirname", "basename", "touch",
] as const;

/** The simulated tools on the remote PATH. */
export const SIM_TOOLS = ["xe", "extlinux", "xenstore-ls", "xenstore-read", "uname", "lspci"] as const;

const SEARCH_PATH = ["/bin", "/usr/bin", "/sbin", "/usr/sbin"];

function findRealTool(name: string): string {
  if (name === "sh") return "/bin/sh";
  for (const dir of SEARCH_PATH) {
    const candidate = path.join(dir, name);
    if (fs.existsSync(candidate)) return candidate;
  }
  throw new Error(`Unable to build the simulated host's PATH: ${name} is not installed on this machine; install coreutils/procps`);
}

function findRepoRoot(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, "package.json"))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`Unable to locate the repository root above ${__dirname}`);
    dir = parent;
  }
  return dir;
}

/** The compiled entry point the wrappers run (`npm run build` produces it). */
export function toolEntryPoint(): string {
  return path.join(findRepoRoot(), "dist", "sim", "tools", "main.js");
}

function singleQuote(text: string): string {
  return `'${text.replace(/'/g, "'\\''")}'`;
}

/** The `#!/bin/sh` wrapper that runs simulated `tool` against the host in `dir`. */
export function toolWrapperScript(dir: string, tool: string): string {
  const words = [process.execPath, toolEntryPoint(), tool, path.resolve(dir)].map(singleQuote).join(" ");
  return `#!/bin/sh\nexec ${words} "$@"\n`;
}

/** Writes `file` as an executable wrapper for `tool`. */
export function writeToolWrapper(dir: string, file: string, tool: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, toolWrapperScript(dir, tool), { mode: 0o755 });
}

/** The compiled entry point of the simulated xapi process (its name is what thin clients look for). */
export function xapiEntryPoint(): string {
  return path.join(findRepoRoot(), "dist", "sim", "xapi", "xapi-daemon.js");
}

/** Writes `file` as an executable thin `xe` client of the xapi in `xapiDir`, for the host in `dir`. */
export function writeXeClient(dir: string, file: string, xapiDir: string): void {
  const tools = { cat: findRealTool("cat"), grep: findRealTool("grep"), mktemp: findRealTool("mktemp"), mv: findRealTool("mv"), rm: findRealTool("rm"), sleep: findRealTool("sleep") };
  const script = renderXeClient({ xapiDir: path.resolve(xapiDir), memberDir: path.resolve(dir), node: process.execPath, entryPoint: toolEntryPoint(), tools });
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, script, { mode: 0o755 });
}

/**
 * Creates `xsbin` with its links and wrappers, replacing any previous content;
 * `xe` is the thin client of the xapi in `xapiDir`.
 */
export function writeXsbin(dir: string, xsbin: string, xapiDir: string): void {
  fs.rmSync(xsbin, { recursive: true, force: true });
  fs.mkdirSync(xsbin, { recursive: true });
  for (const name of REAL_TOOLS) fs.symlinkSync(findRealTool(name), path.join(xsbin, name));
  for (const tool of SIM_TOOLS) {
    if (tool === "xe") writeXeClient(dir, path.join(xsbin, tool), xapiDir);
    else writeToolWrapper(dir, path.join(xsbin, tool), tool);
  }
}
