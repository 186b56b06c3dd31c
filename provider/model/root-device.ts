/**
 * Pure helpers to find the PCI controller of dom0's root disk, so that the
 * provider can refuse to hide it (hiding it makes the host unbootable). The
 * remote side runs `stat -c %d /` and `readlink -f /sys/dev/block/M:m`; these
 * functions interpret the output.
 */

/** A block device number. */
export interface DeviceNumber {
  readonly major: number;
  readonly minor: number;
}

const PCI_FUNCTION = /^[0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]$/;

/**
 * Decodes a decimal `st_dev` as `stat -c %d` prints it. The kernel encodes
 * with `new_encode_dev` (`minor & 0xff | major << 8 | (minor & ~0xff) << 12`)
 * and glibc's 64-bit `dev_t` extends it; `gnu_dev_major`/`gnu_dev_minor`
 * decode both, and so does this.
 *
 * @returns `undefined` when the text is not a non-negative decimal integer.
 */
export function decodeStDev(decimal: string): DeviceNumber | undefined {
  const text = decimal.trim();
  if (!/^\d+$/.test(text)) return undefined;
  const dev = BigInt(text);
  const low32 = (v: bigint): bigint => v & 0xffffffffn;
  const major = ((dev >> 8n) & 0xfffn) | (low32(dev >> 32n) & ~0xfffn);
  const minor = (dev & 0xffn) | (low32(dev >> 12n) & ~0xffn);
  return { major: Number(low32(major)), minor: Number(low32(minor)) };
}

/** The sysfs link for a block device (2.6.27 and later): `/sys/dev/block/8:1`. */
export function sysDevBlockPath(device: DeviceNumber): string {
  return `/sys/dev/block/${device.major}:${device.minor}`;
}

/**
 * The PCI function closest to the device in a resolved sysfs path: the last
 * `DDDD:BB:DD.F` component, because every bridge on the way adds one, e.g.
 * `/sys/devices/pci0000:00/0000:00:1c.0/0000:02:00.0/host0/…/block/sda/sda1`
 * → `0000:02:00.0`.
 *
 * @returns `undefined` for a device not behind PCI (device-mapper, loop, a
 * Xen virtual disk), which the caller must treat as "controller unknown".
 */
export function pciFunctionOfSysfsPath(path: string): string | undefined {
  return path
    .trim()
    .split("/")
    .map((part) => part.toLowerCase())
    .filter((part) => PCI_FUNCTION.test(part))
    .at(-1);
}
