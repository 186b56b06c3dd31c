/** Crash-safe file replacement: readers see the old content or the new, never a mix. */
import * as fs from "node:fs";
import * as path from "node:path";

/** Writes `content` to a temp file beside `file`, then renames it over `file`. */
export function writeFileAtomic(file: string, content: string, mode?: number): void {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  fs.writeFileSync(temp, content, mode === undefined ? undefined : { mode });
  fs.renameSync(temp, file);
}
