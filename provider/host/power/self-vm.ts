/**
 * Which VM this process runs in, when it runs in a Xen guest: a Linux guest
 * reads its own VM UUID from `/sys/hypervisor/uuid` (Xen Orchestra reads the
 * same to refuse rebooting the host it runs on). Read on the machine that
 * runs `pulumi`, not on the XenServer host.
 */
import * as fs from "node:fs";

/** The environment variable that names another file to read instead of `/sys/hypervisor/uuid` (tests). */
export const SELF_UUID_FILE_ENV = "PULUMI_XENSERVER_PCI_SELF_UUID_FILE";

/** Where a Xen guest's kernel shows its own VM UUID. */
export const SYS_HYPERVISOR_UUID = "/sys/hypervisor/uuid";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** dom0's handle: a dom0 reads zeros, which names no guest. */
const DOM0_HANDLE = "00000000-0000-0000-0000-000000000000";

/**
 * The VM UUID of the guest this process runs in, lower case; `undefined` when
 * the file is absent or unreadable (not a Xen guest), holds no UUID, or holds
 * dom0's all-zero handle.
 *
 * @param env - the environment ({@link SELF_UUID_FILE_ENV})
 */
export function readSelfVmUuid(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const file = env[SELF_UUID_FILE_ENV] || SYS_HYPERVISOR_UUID;
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8").trim().toLowerCase();
  } catch {
    return undefined;
  }
  return UUID.test(text) && text !== DOM0_HANDLE ? text : undefined;
}
