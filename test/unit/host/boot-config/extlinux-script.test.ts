import * as fs from "node:fs";
import { once } from "node:events";

import { EXTLINUX_COMMIT_SCRIPT, backupPathFor, extlinuxCommitArgs } from "../../../../provider/host/boot-config/extlinux-script";
import { BOOT_COMMIT_EXIT } from "../../../../provider/host/boot-config/commit-exit";
import { ScriptSandbox, deadPid, md5 } from "./script-runner";

const OLD = "default xe\nlabel xe\n  kernel mboot.c32\n  append /boot/xen.gz --- /boot/vmlinuz ro quiet --- /boot/initrd.img\n";
const NEW = "default xe\nlabel xe\n  kernel mboot.c32\n  append /boot/xen.gz --- /boot/vmlinuz ro quiet pciback.hide=(0000:01:00.0) --- /boot/initrd.img\n";

describe("the extlinux.conf commit script run by a POSIX sh", () => {
  let box: ScriptSandbox;
  let conf: string;
  let lock: string;

  const args = (overrides: Partial<Parameters<typeof extlinuxCommitArgs>[0]> = {}): string[] =>
    extlinuxCommitArgs({
      lock,
      waitSeconds: 1,
      staleSeconds: 600,
      graceSeconds: 5,
      token: "test-token",
      configPath: conf,
      backupPath: backupPathFor(conf),
      oldMd5: md5(OLD),
      newMd5: md5(NEW),
      installDir: box.boot,
      ...overrides,
    });
  const holdLock = (owner: string): void => {
    fs.mkdirSync(lock);
    fs.writeFileSync(`${lock}/owner`, `${owner}\n`);
  };

  beforeEach(() => {
    box = new ScriptSandbox();
    conf = box.bootPath("extlinux.conf");
    lock = box.bootPath(".xspci.lock");
    fs.writeFileSync(conf, OLD);
  });

  afterEach(() => {
    box.remove();
  });

  test("it renames the new content into place, keeps the old one as the backup, runs extlinux -i on the new file and releases the lock", () => {
    const result = box.run(EXTLINUX_COMMIT_SCRIPT, args(), NEW);
    expect(result).toEqual({ status: 0, stdout: "", stderr: "" });
    expect(fs.readFileSync(conf, "utf8")).toBe(NEW);
    expect(fs.readFileSync(backupPathFor(conf), "utf8")).toBe(OLD);
    expect(fs.readFileSync(`${box.root}/extlinux.log`, "utf8")).toBe(`${NEW}installed -i ${box.boot}\n`);
    expect(box.bootEntries()).toEqual(["extlinux.conf", "extlinux.conf.xspci-backup"]);
  });

  test("it keeps the file's mode on the new file", () => {
    fs.chmodSync(conf, 0o600);
    expect(box.run(EXTLINUX_COMMIT_SCRIPT, args(), NEW).status).toBe(0);
    expect(fs.statSync(conf).mode & 0o777).toBe(0o600);
  });

  test("a file changed since it was read is left alone, with the conflict status and no backup", () => {
    fs.writeFileSync(conf, `${OLD}# hand edit\n`);
    const result = box.run(EXTLINUX_COMMIT_SCRIPT, args(), NEW);
    expect(result.status).toBe(BOOT_COMMIT_EXIT.conflict);
    expect(result.stderr).toBe(`xspci: step check: ${conf} changed since it was read\n`);
    expect(fs.readFileSync(conf, "utf8")).toBe(`${OLD}# hand edit\n`);
    expect(box.bootEntries()).toEqual(["extlinux.conf"]);
  });

  test("content cut short on stdin never replaces the file, and the temp file goes", () => {
    const result = box.run(EXTLINUX_COMMIT_SCRIPT, args(), NEW.slice(0, 40));
    expect(result.status).toBe(BOOT_COMMIT_EXIT.incomplete);
    expect(result.stderr).toMatch(/^xspci: step write: .*\/\.extlinux\.conf\.xspci-tmp\.\d+ does not hold the whole new content\n$/);
    expect(fs.readFileSync(conf, "utf8")).toBe(OLD);
    expect(box.bootEntries()).toEqual(["extlinux.conf", "extlinux.conf.xspci-backup"]);
  });

  test("temp files left by a killed run are removed under the lock", () => {
    fs.writeFileSync(box.bootPath(".extlinux.conf.xspci-tmp.4242"), "half a fi");
    expect(box.run(EXTLINUX_COMMIT_SCRIPT, args(), NEW).status).toBe(0);
    expect(box.bootEntries()).toEqual(["extlinux.conf", "extlinux.conf.xspci-backup"]);
  });

  test("a lock whose holder process is gone is broken and the edit goes ahead", () => {
    const owner = `${deadPid()} ${Math.floor(Date.now() / 1000)} other-run`;
    holdLock(owner);
    const result = box.run(EXTLINUX_COMMIT_SCRIPT, args(), NEW);
    expect(result).toEqual({ status: 0, stdout: "", stderr: `xspci: breaking the stale lock ${lock} (owner: ${owner})\n` });
    expect(fs.readFileSync(conf, "utf8")).toBe(NEW);
    expect(fs.existsSync(lock)).toBe(false);
  });

  test("a lock older than the stale limit is broken even though its holder is alive", () => {
    const owner = `${process.pid} ${Math.floor(Date.now() / 1000) - 700} hung-run`;
    holdLock(owner);
    const result = box.run(EXTLINUX_COMMIT_SCRIPT, args(), NEW);
    expect(result.stderr).toBe(`xspci: breaking the stale lock ${lock} (owner: ${owner})\n`);
    expect(result.status).toBe(0);
  });

  test("a lock without an owner line is broken once the grace period is over", () => {
    fs.mkdirSync(lock);
    const past = new Date(Date.now() - 60_000);
    fs.utimesSync(lock, past, past);
    const result = box.run(EXTLINUX_COMMIT_SCRIPT, args(), NEW);
    expect(result).toEqual({ status: 0, stdout: "", stderr: `xspci: breaking the stale lock ${lock} (owner: none)\n` });
  });

  test("a live holder's fresh lock is waited for, then reported busy, and stays its holder's", () => {
    const owner = `${process.pid} ${Math.floor(Date.now() / 1000)} live-run`;
    holdLock(owner);
    const result = box.run(EXTLINUX_COMMIT_SCRIPT, args(), NEW);
    expect(result.status).toBe(BOOT_COMMIT_EXIT.lockBusy);
    expect(result.stderr).toBe(`xspci: step lock: ${lock} is held by another run (owner: ${owner}) after waiting 1s\n`);
    expect(fs.readFileSync(`${lock}/owner`, "utf8")).toBe(`${owner}\n`);
    expect(fs.readFileSync(conf, "utf8")).toBe(OLD);
  });

  test("a hang-up during sync removes the temp file, releases the lock and leaves the old file", async () => {
    box.stub("sync", `touch "${box.root}/sync-started"; exec sleep 30`);
    const child = box.start(EXTLINUX_COMMIT_SCRIPT, args(), NEW);
    for (let i = 0; i < 200 && !fs.existsSync(`${box.root}/sync-started`); i += 1) await new Promise((r) => setTimeout(r, 25));
    expect(box.bootEntries().filter((name) => name.startsWith(".extlinux.conf.xspci-tmp."))).toHaveLength(1);
    process.kill(-(child.pid ?? 0), "SIGHUP");
    const [code] = (await once(child, "exit")) as [number | null];
    expect(code).toBe(BOOT_COMMIT_EXIT.interrupted);
    expect(fs.readFileSync(conf, "utf8")).toBe(OLD);
    expect(box.bootEntries()).toEqual(["extlinux.conf", "extlinux.conf.xspci-backup"]);
  });
});
