/**
 * Runs the boot-config scripts with the local POSIX sh against a temporary
 * /boot stand-in, with stub `extlinux`, `xen-cmdline` and (optionally) `sync`
 * that log what they saw.
 */
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/** md5 hex of UTF-8 text. */
export function md5(text: string): string {
  return createHash("md5").update(text, "utf8").digest("hex");
}

/** A temporary directory with `boot/` and `bin/` (prepended to PATH). */
export class ScriptSandbox {
  readonly root = fs.mkdtempSync(path.join(os.tmpdir(), "xspci-script-"));
  readonly boot = path.join(this.root, "boot");
  readonly bin = path.join(this.root, "bin");

  constructor() {
    fs.mkdirSync(this.boot);
    fs.mkdirSync(this.bin);
    // Logs the config as it is when `extlinux -i` runs.
    this.stub("extlinux", `cat "${this.boot}/extlinux.conf" >> "${this.root}/extlinux.log"; echo "installed $*" >> "${this.root}/extlinux.log"`);
  }

  /** Writes an executable stub `name` running `body`. */
  stub(name: string, body: string): void {
    fs.writeFileSync(path.join(this.bin, name), `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  }

  /** A path under the sandbox's boot directory. */
  bootPath(name: string): string {
    return path.join(this.boot, name);
  }

  /** Entries of boot/, sorted. */
  bootEntries(): string[] {
    return fs.readdirSync(this.boot).sort();
  }

  /** Runs `script` with `args` and `stdin` to completion. */
  run(script: string, args: readonly string[], stdin = ""): { status: number | null; stdout: string; stderr: string } {
    const result = spawnSync("/bin/sh", ["-c", script, "sh", ...args], { input: stdin, encoding: "utf8", env: this.env() });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  }

  /** Starts `script` in its own process group, for signal tests. */
  start(script: string, args: readonly string[], stdin: string): ReturnType<typeof spawn> {
    const child = spawn("/bin/sh", ["-c", script, "sh", ...args], { env: this.env(), detached: true, stdio: ["pipe", "pipe", "pipe"] });
    child.stdin.end(stdin);
    return child;
  }

  /** Removes the sandbox. */
  remove(): void {
    fs.rmSync(this.root, { recursive: true, force: true });
  }

  private env(): NodeJS.ProcessEnv {
    return { PATH: `${this.bin}:${process.env.PATH ?? "/usr/bin:/bin"}`, LC_ALL: "C" };
  }
}

/** A PID no process has: one of a child that has exited. */
export function deadPid(): number {
  const child = spawnSync("/bin/sh", ["-c", "echo $$"], { encoding: "utf8" });
  return Number(child.stdout.trim());
}
