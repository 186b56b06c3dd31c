/**
 * The attached devices of one domain, cut out of a listing of every domain's
 * PCI backend (`xenstore-ls /local/domain/0/backend/pci`). Listing the parent
 * lets the VM's reads run in one batch before its dom-id is known.
 */
import { CommandError } from "../../errors";
import { parsePciBackend } from "../../model/xenstore";
import type { CommandResult } from "../../remote/ssh";

/** The listing of every domain's PCI backend; its children are the domain ids. */
export const PCI_BACKENDS_ARGV: readonly string[] = ["xenstore-ls", "/local/domain/0/backend/pci"];

/**
 * The lines of the subtree of `domId` in a plain (indented) `xenstore-ls`
 * listing of the PCI backend directory: the domain ids sit at indentation 0.
 *
 * @param listing - stdout of {@link PCI_BACKENDS_ARGV}
 * @param domId - the domain id
 */
export function domainSection(listing: string, domId: number): string {
  const lines = listing.split(/\r?\n/);
  const start = lines.findIndex((line) => line.startsWith(`${domId} = `));
  if (start < 0) return "";
  const rest = lines.slice(start + 1);
  const end = rest.findIndex((line) => line !== "" && !line.startsWith(" "));
  return (end < 0 ? rest : rest.slice(0, end)).join("\n");
}

/**
 * The devices the domain `domId` has attached, in attach order, from the result
 * of {@link PCI_BACKENDS_ARGV}. A missing backend directory (no domain has PCI
 * devices) is an empty list.
 *
 * @param host - host name, for the error message
 * @param result - the listing's result
 * @param domId - the domain id, `-1` for none
 * @throws CommandError when xenstore-ls failed for another reason
 */
export function attachedDevicesOf(host: string, result: CommandResult, domId: number): string[] {
  if (domId < 0) return [];
  if (result.exitCode === 0) return parsePciBackend(domainSection(result.stdout, domId));
  if (result.exitCode === 1 && /No such file|ENOENT|does not exist/i.test(result.stderr)) return [];
  throw new CommandError(
    "XENSTORE_FAILED",
    `reading the PCI devices of domain ${domId} on ${host}: xenstore-ls exited with code ${result.exitCode}: ${result.stderr.trim()}`,
    { command: PCI_BACKENDS_ARGV.join(" "), ...result },
    { hint: "Check that xenstored runs on the host (`xenstore-ls /local/domain/0` should list dom0), then retry." },
  );
}
