/**
 * Reading `/boot/extlinux.conf` (XenServer 6.x). An edit never trusts an
 * earlier read blindly: its commit goes through only if the file's md5 is
 * still that of the text the edit started from.
 */
import { HostStateError } from "../../errors";
import type { HostShell } from "../exec/host-shell";

/** The file the XenServer 6.x installer writes. */
export const EXTLINUX_CONF_PATH = "/boot/extlinux.conf";

/** Reads the file; refuses bytes that would not survive the UTF-8 round trip. */
export async function fetchExtlinuxText(shell: Pick<HostShell, "connection" | "runCommand">): Promise<string> {
  const result = await shell.runCommand(["cat", EXTLINUX_CONF_PATH], { label: `\`cat ${EXTLINUX_CONF_PATH}\`` });
  if (result.stdout.includes("\uFFFD")) {
    throw new HostStateError(
      "BOOT_CONFIG_NOT_UTF8",
      `editing ${EXTLINUX_CONF_PATH} on ${shell.connection.host}: it holds bytes that are not UTF-8 text, which this package will not rewrite.`,
      { hint: "Remove the binary bytes from the file by hand (keep a copy), then run the update again." },
    );
  }
  return result.stdout;
}
