/** Parsing of a dom0 `pciback.hide` / `xen-pciback.hide` value as the kernels read it. */

const FULL = /^([0-9a-f]{1,4}):([0-9a-f]{1,2}):([0-9a-f]{1,2})\.([0-7])$/i;
const SHORT = /^([0-9a-f]{1,2}):([0-9a-f]{1,2})\.([0-7])$/i;

/** A hide list as the kernel sees it. */
export interface ParsedHideList {
  /** Full-form lowercase addresses, in list order. */
  addresses: string[];
  /** Whether some entry was malformed: the kernel then gives up and hides nothing. */
  malformed: boolean;
}

function full(domain: string, bus: string, device: string, fn: string): string {
  return `${domain.padStart(4, "0")}:${bus.padStart(2, "0")}:${device.padStart(2, "0")}.${fn}`.toLowerCase();
}

/** Reads `(BB:DD.F)` and `(DDDD:BB:DD.F)` entries; anything else marks the list malformed. */
export function parseHideList(value: string): ParsedHideList {
  const addresses: string[] = [];
  let malformed = false;
  const rest = value.replace(/\(([^)]*)\)/g, (_whole, inner: string) => {
    const long = FULL.exec(inner);
    const short = SHORT.exec(inner);
    if (long !== null) addresses.push(full(long[1] ?? "", long[2] ?? "", long[3] ?? "", long[4] ?? ""));
    else if (short !== null) addresses.push(full("0", short[1] ?? "", short[2] ?? "", short[3] ?? ""));
    else malformed = true;
    return "";
  });
  if (rest.trim() !== "") malformed = true;
  return { addresses, malformed };
}

/** The value of the last `key=` token of a kernel command line (the kernel lets the last one win). */
export function cmdlineValue(args: readonly string[], key: string): string | undefined {
  let value: string | undefined;
  for (const arg of args) if (arg.startsWith(`${key}=`)) value = arg.slice(key.length + 1);
  return value;
}
