/**
 * Where the simulated xapi process of a host or pool keeps its files: its
 * pid, the queue thin `xe` clients drop requests into, one directory per
 * call, and a log of the calls it served. One per single host (`DIR/xapi`)
 * and one per pool (`POOL/xapi`), as a pool has one xapi database.
 */
import * as fs from "node:fs";
import * as path from "node:path";

/** Absolute paths of a simulated xapi's files. */
export interface XapiFiles {
  readonly dir: string;
  /** The pid of the running xapi process, written once it serves. */
  readonly pid: string;
  /** `{pid, mountNamespace}` of the xapi process, written by whoever started it, for stopping it. */
  readonly runtime: string;
  /** Clients drop one file per call here, naming their call directory. */
  readonly queue: string;
  /** One directory per call: `member`, `argv` (NUL-separated), `client` (pid); then `stdout`, `stderr`, `code`, `done`. */
  readonly calls: string;
  /** One line per call served. */
  readonly served: string;
  readonly log: string;
}

/** The xapi directory of the single host in `dir`, or of the pool in `dir`. */
export function xapiDirOf(dir: string): string {
  return path.join(path.resolve(dir), "xapi");
}

/** Computes the paths of the simulated xapi in `xapiDir`. */
export function xapiFiles(xapiDir: string): XapiFiles {
  const dir = path.resolve(xapiDir);
  return {
    dir,
    pid: path.join(dir, "pid"),
    runtime: path.join(dir, "runtime.json"),
    queue: path.join(dir, "queue"),
    calls: path.join(dir, "calls"),
    served: path.join(dir, "served.log"),
    log: path.join(dir, "xapi.log"),
  };
}

/** Empties the xapi directory: no pid (clients run xe themselves until a xapi process serves), no calls. */
export function resetXapiDir(xapiDir: string): void {
  const files = xapiFiles(xapiDir);
  fs.rmSync(files.dir, { recursive: true, force: true });
  fs.mkdirSync(files.queue, { recursive: true });
  fs.mkdirSync(files.calls, { recursive: true });
}
