/**
 * What a running domain really has attached: the pciback backend directory in
 * xenstore (`/local/domain/0/backend/pci/<domid>/0/dev-<n>`), since xapi's CLI
 * does not show `attached-PCIs`.
 */
import { normalisePciAddress } from "./pci-address";

// `dev-3 = "0000:06:00.0"`, indented (plain listing) or behind its full path (`-f`).
const DEV_LINE = /^\s*(?:\S*\/)?dev-(\d+) = "(.*)"\s*$/;
const NUM_DEVS_LINE = /^\s*(?:\S*\/)?num_devs = "(\d+)"\s*$/;

/**
 * Parses `xenstore-ls /local/domain/0/backend/pci/<domid>` into the attached
 * devices in `dev-N` order (N numerically: `dev-10` after `dev-9`), normalised.
 * When `num_devs` is present, entries at or above it are stale and skipped.
 *
 * @param stdout - the listing; empty when the domain has no PCI backend
 */
export function parsePciBackend(stdout: string): string[] {
  const entries: { n: number; address: string }[] = [];
  let numDevs: number | undefined;
  for (const line of stdout.split(/\r?\n/)) {
    const dev = DEV_LINE.exec(line);
    if (dev !== null) {
      const value = dev[2] ?? "";
      entries.push({ n: Number(dev[1]), address: normalisePciAddress(value) ?? value.toLowerCase() });
      continue;
    }
    const count = NUM_DEVS_LINE.exec(line);
    if (count !== null) numDevs = Number(count[1]);
  }
  return entries
    .filter((entry) => numDevs === undefined || entry.n < numDevs)
    .sort((a, b) => a.n - b.n)
    .map((entry) => entry.address);
}

/**
 * The xenstore path of a domain's PCI backend.
 *
 * @param domId - the domain id (`dom-id`), a non-negative integer
 */
export function pciBackendPath(domId: number): string {
  if (!Number.isInteger(domId) || domId < 0) {
    throw new RangeError(`building a xenstore path: ${domId} is not a domain id.`);
  }
  return `/local/domain/0/backend/pci/${domId}`;
}
