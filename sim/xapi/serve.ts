/**
 * The simulated xapi process's work: take each call thin `xe` clients drop
 * into the queue, wait the calling member's `xe` latency without blocking
 * other calls, then run the command on the pool (under its lock, as the xe
 * tool does) and leave the answer in the call's directory.
 *
 * A call whose client died while waiting (its SSH session dropped, its
 * script killed) is dropped before it acts, as a killed xe process never
 * reached xapi: the latency stands for the time before the call arrives.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { readHostConfig } from "../host/host-config";
import { xapiFiles, type XapiFiles } from "../host/xapi-files";
import { fail, type ToolResult } from "../tools/tool-result";
import { runXeNow } from "../tools/xe/xe";
import { appendTo, drivePower } from "./power-driver";

/** The words of a call: each followed by a NUL. */
export function parseArgvFile(content: Buffer): string[] {
  if (content.length === 0) return [];
  const words = content.toString("utf8").split("\0");
  words.pop();
  return words;
}

/** Whether `pid` still runs: a zombie no one has reaped yet (an orphan's parent may never) does not. */
function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    return !/^[ZX]/.test(stat.slice(stat.lastIndexOf(")") + 2));
  } catch {
    return false;
  }
}

function answer(files: XapiFiles, call: string, member: string, argv: readonly string[], result: ToolResult): void {
  fs.writeFileSync(path.join(call, "stdout"), result.stdout);
  fs.writeFileSync(path.join(call, "stderr"), result.stderr);
  fs.writeFileSync(path.join(call, "code"), `${result.exitCode}\n`);
  // The client cuts its own SSH connection when told to (an xe-drop-connection fault).
  if (result.dropConnection === true) fs.writeFileSync(path.join(call, "drop"), "");
  fs.appendFileSync(files.served, `${path.basename(member)} ${argv[0] ?? ""}\n`);
  // Last: the client prints the answer once this exists.
  fs.writeFileSync(path.join(call, "done"), "");
}

function run(member: string, argv: readonly string[]): ToolResult {
  try {
    return runXeNow(member, argv);
  } catch (error) {
    return fail(`xe: simulator failure: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`, 2);
  }
}

/** Runs one queued call: its directory is `call`. */
function handle(files: XapiFiles, call: string): void {
  const member = fs.readFileSync(path.join(call, "member"), "utf8").trim();
  const argv = parseArgvFile(fs.readFileSync(path.join(call, "argv")));
  const client = Number.parseInt(fs.readFileSync(path.join(call, "client"), "utf8"), 10);
  const act = (): void => {
    if (!isAlive(client)) {
      fs.rmSync(call, { recursive: true, force: true });
      return;
    }
    answer(files, call, member, argv, run(member, argv));
  };
  const latency = readHostConfig(member).xeLatencyMs;
  if (latency > 0) setTimeout(act, latency);
  else act();
}

/** Takes every queued call: each queue entry is claimed by a rename, so a call runs once. */
function drain(files: XapiFiles): void {
  for (const entry of fs.readdirSync(files.queue)) {
    const claimed = path.join(files.dir, `claimed.${process.pid}.${entry}`);
    let call: string;
    try {
      fs.renameSync(path.join(files.queue, entry), claimed);
      call = fs.readFileSync(claimed, "utf8").trim();
      fs.rmSync(claimed);
    } catch {
      continue;
    }
    try {
      handle(files, call);
    } catch (error) {
      fs.appendFileSync(files.log, `call ${call} failed: ${error instanceof Error ? error.message : String(error)}\n`);
    }
  }
}

/** How often the queue is looked at besides the directory watch (a missed event costs at most this). */
const RESCAN_MS = 25;

/**
 * Serves the xapi in `xapiDir` until the process is killed, and takes the
 * steps of its hosts' reboots; writes the pid file once serving.
 */
export function serve(xapiDir: string): void {
  const files = xapiFiles(xapiDir);
  fs.mkdirSync(files.queue, { recursive: true });
  fs.mkdirSync(files.calls, { recursive: true });
  const scan = (): void => {
    drain(files);
  };
  fs.watch(files.queue, scan);
  setInterval(scan, RESCAN_MS);
  scan();
  drivePower(xapiDir, appendTo(files.log));
  const temp = `${files.pid}.${process.pid}.tmp`;
  fs.writeFileSync(temp, `${process.pid}\n`);
  fs.renameSync(temp, files.pid);
}
