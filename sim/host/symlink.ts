/** Symlink replacement for the simulated sysfs. */
import * as fs from "node:fs";

/** Replaces `link` with a symlink to `target` in one rename, so a reader never finds it missing. */
export function replaceSymlink(target: string, link: string): void {
  const temp = `${link}.${process.pid}.tmp`;
  fs.rmSync(temp, { force: true });
  fs.symlinkSync(target, temp);
  fs.renameSync(temp, link);
}
