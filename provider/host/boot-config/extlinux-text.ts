/**
 * The text of `/boot/extlinux.conf`, read once for every `HiddenPciDevice` of
 * a host within the shared-read window (session-reads.ts). After this
 * process commits a new text it seeds that text (the commit script verified
 * the file holds it); after a failed or cut commit it forgets the text. An edit
 * never trusts it blindly: the commit goes through only if the file's md5 is
 * still that of the text the edit started from.
 */
import { HostStateError } from "../../errors";
import type { Connection } from "../../model/connection";
import { runCommand } from "../../remote/ssh";
import { SessionReads } from "../session-reads";

/** The file the XenServer 6.x installer writes. */
export const EXTLINUX_CONF_PATH = "/boot/extlinux.conf";

const texts = new SessionReads<string>();

/** Reads the file; refuses bytes that would not survive the UTF-8 round trip. */
async function readExtlinuxText(connection: Connection): Promise<string> {
  const result = await runCommand(connection, ["cat", EXTLINUX_CONF_PATH], { label: `\`cat ${EXTLINUX_CONF_PATH}\`` });
  if (result.stdout.includes("\uFFFD")) {
    throw new HostStateError(
      "BOOT_CONFIG_NOT_UTF8",
      `Unable to edit ${EXTLINUX_CONF_PATH} on ${connection.host}: it holds bytes that are not UTF-8 text, which this package will not rewrite.`,
      { hint: "Remove the binary bytes from the file by hand (keep a copy), then run the update again." },
    );
  }
  return result.stdout;
}

/**
 * The file's text as read by any resource of the process within the window,
 * or read now; `fresh` always reads now (an edit retrying after a conflict).
 */
export function sharedExtlinuxText(connection: Connection, options: { fresh: boolean }): Promise<string> {
  if (options.fresh) texts.forget(connection);
  return texts.value(connection, () => readExtlinuxText(connection));
}

/** Records the text this process has just committed and verified. */
export function seedExtlinuxText(connection: Connection, text: string): void {
  texts.seed(connection, text);
}

/** Forgets the host's text: after a commit whose outcome is unknown. */
export function forgetExtlinuxText(connection: Connection): void {
  texts.forget(connection);
}
