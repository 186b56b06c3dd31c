/** Stable uuids for simulated objects, so golden outputs do not change between runs. */
import { createHash } from "node:crypto";

/** A uuid-shaped digest of `seed`. */
export function stableUuid(seed: string): string {
  const hex = createHash("md5").update(seed).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
