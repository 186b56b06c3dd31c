/** `xenstore-ls` and `xenstore-read` over the simulated xenstore, with the real tools' layout and errors. */
import { readHostState } from "../host/state-store";
import { xenstoreChildren } from "../host/xenstore";
import { fail, succeed, type ToolResult } from "./tool-result";

function normalise(path: string): string {
  const trimmed = path.replace(/\/+$/, "");
  return trimmed === "" ? "/" : trimmed;
}

function listTree(store: Readonly<Record<string, string>>, path: string, depth: number): string {
  return xenstoreChildren(store, path)
    .map((name) => {
      const child = path === "/" ? `/${name}` : `${path}/${name}`;
      return `${" ".repeat(depth)}${name} = "${store[child] ?? ""}"\n${listTree(store, child, depth + 1)}`;
    })
    .join("");
}

/** `xenstore-ls [PATH]`: children of PATH, nested by one space per level. */
export function runXenstoreLs(dir: string, argv: readonly string[]): ToolResult {
  const store = readHostState(dir).xenstore;
  const path = normalise(argv.find((a) => !a.startsWith("-")) ?? "/");
  if (path !== "/" && store[path] === undefined) {
    return fail(`xenstore-ls: xs_directory (${path}): No such file or directory\n`);
  }
  return succeed(listTree(store, path, 0));
}

/** `xenstore-read PATH...`: one value per line. */
export function runXenstoreRead(dir: string, argv: readonly string[]): ToolResult {
  const store = readHostState(dir).xenstore;
  const paths = argv.filter((a) => !a.startsWith("-"));
  if (paths.length === 0) return fail("Usage: xenstore-read [-h] [-s] [-p] [-R] key [...]\n");
  let stdout = "";
  for (const path of paths) {
    const value = store[normalise(path)];
    if (value === undefined) return fail(`xenstore-read: couldn't read path ${path}\n`, 1, stdout);
    stdout += `${value}\n`;
  }
  return succeed(stdout);
}
