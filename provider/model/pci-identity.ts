/**
 * What card sits at a PCI address: its vendor, device, subsystem and class
 * ids, as the kernel reports them in sysfs. An address is not a device: a card
 * added or moved while the host was off renumbers the bus, and the address in
 * a `pci` key or a hide list then names another card. Resources bind to the
 * ids and refuse to write when the address holds another device. Pure.
 */

/** The ids of one PCI function, lower-case hex without `0x` (`8086`, `10d3`; class `020000`). */
export interface PciIds {
  readonly vendorId: string;
  readonly deviceId: string;
  readonly subsystemVendorId: string;
  readonly subsystemId: string;
  /** Class, subclass and programming interface, 6 hex digits (`020000`: Ethernet controller). */
  readonly classCode: string;
}

/** An identity a resource is bound to: `vvvv:dddd`, or with the subsystem, `vvvv:dddd:ssss:ssss`. */
export interface BoundId {
  readonly vendorId: string;
  readonly deviceId: string;
  readonly subsystemVendorId?: string | undefined;
  readonly subsystemId?: string | undefined;
}

/** The accepted forms of a bound id. */
export const DEVICE_ID_EXPECTED = 'expected vvvv:dddd or vvvv:dddd:ssss:ssss in hex, as `lspci -nn` prints them, e.g. "8086:10d3"';

const DEVICE_ID = /^([0-9a-fA-F]{4}):([0-9a-fA-F]{4})(?::([0-9a-fA-F]{4}):([0-9a-fA-F]{4}))?$/;

/**
 * Parses `vvvv:dddd` or `vvvv:dddd:ssss:ssss` (hex, any case).
 *
 * @returns the id in lower case, or `undefined` when the text has another form
 */
export function parseDeviceId(text: string): BoundId | undefined {
  const m = DEVICE_ID.exec(text.trim());
  if (m === null) return undefined;
  const [, vendorId = "", deviceId = "", subsystemVendorId, subsystemId] = m;
  const id: BoundId = { vendorId: vendorId.toLowerCase(), deviceId: deviceId.toLowerCase() };
  return subsystemVendorId === undefined || subsystemId === undefined
    ? id
    : { ...id, subsystemVendorId: subsystemVendorId.toLowerCase(), subsystemId: subsystemId.toLowerCase() };
}

/** `vvvv:dddd` or `vvvv:dddd:ssss:ssss`, the form {@link parseDeviceId} reads. */
export function formatDeviceId(id: BoundId): string {
  const base = `${id.vendorId}:${id.deviceId}`;
  return id.subsystemVendorId === undefined || id.subsystemId === undefined ? base : `${base}:${id.subsystemVendorId}:${id.subsystemId}`;
}

/** The full id of a function, subsystem included: what a resource binds to when it writes. */
export function boundIdOf(ids: PciIds): string {
  return formatDeviceId(ids);
}

/** Whether the function's ids are those of `bound` (the subsystem compared only when bound). */
export function idsMatch(bound: BoundId, ids: PciIds): boolean {
  if (bound.vendorId !== ids.vendorId || bound.deviceId !== ids.deviceId) return false;
  if (bound.subsystemVendorId === undefined || bound.subsystemId === undefined) return true;
  return bound.subsystemVendorId === ids.subsystemVendorId && bound.subsystemId === ids.subsystemId;
}

/**
 * Reads one value of a sysfs id file as Linux prints it (`0x8086`, `0x020000`).
 *
 * @param digits - the expected number of hex digits (4 for ids, 6 for the class)
 * @returns lower-case hex without `0x`, or `undefined`
 */
export function parseSysfsHex(text: string | undefined, digits: number): string | undefined {
  const m = /^0x([0-9a-fA-F]+)$/.exec((text ?? "").trim());
  if (m?.[1] === undefined || m[1].length > digits) return undefined;
  return m[1].toLowerCase().padStart(digits, "0");
}

/**
 * The other functions of the same slot (domain, bus and device) among
 * `addresses`: what a multifunction card (a GPU and its HDMI audio) has besides
 * `address`. Addresses in the full form.
 */
export function siblingFunctions(address: string, addresses: readonly string[]): string[] {
  const slot = address.slice(0, address.lastIndexOf("."));
  return addresses.filter((other) => other !== address && other.slice(0, other.lastIndexOf(".")) === slot);
}

/** What is at one address now, as the outputs report it: ids and names, `""` when the address holds nothing. */
export interface PciHardware {
  readonly address: string;
  readonly vendorId: string;
  readonly deviceId: string;
  readonly subsystemVendorId: string;
  readonly subsystemId: string;
  readonly classCode: string;
  readonly vendorName: string;
  readonly deviceName: string;
}

/** A PCI function as the identity rules see it: its address, ids and names. */
export interface IdentifiedFunction {
  readonly address: string;
  readonly ids?: PciIds | undefined;
  readonly vendorName?: string | undefined;
  readonly deviceName?: string | undefined;
}

/**
 * What is at `address` among the host's functions; every field but the
 * address `""` when no function with ids is there.
 */
export function hardwareAt(address: string, functions: readonly IdentifiedFunction[]): PciHardware {
  const found = functions.find((fn) => fn.address === address);
  const ids = found?.ids;
  return {
    address,
    vendorId: ids?.vendorId ?? "",
    deviceId: ids?.deviceId ?? "",
    subsystemVendorId: ids?.subsystemVendorId ?? "",
    subsystemId: ids?.subsystemId ?? "",
    classCode: ids?.classCode ?? "",
    vendorName: ids === undefined ? "" : (found?.vendorName ?? ""),
    deviceName: ids === undefined ? "" : (found?.deviceName ?? ""),
  };
}

/** The ids of a hardware entry, `undefined` when the address holds nothing. */
function idsOfHardware(hardware: PciHardware): PciIds | undefined {
  if (hardware.vendorId === "") return undefined;
  return hardware;
}

/** The full id of what is at an address (`vvvv:dddd:ssss:ssss`), `""` when nothing is there. */
export function boundIdAt(hardware: PciHardware): string {
  const ids = idsOfHardware(hardware);
  return ids === undefined ? "" : boundIdOf(ids);
}

/** An address that holds another device than the one a resource is bound to. */
export interface IdentityMismatch {
  readonly address: string;
  /** The bound id, `vvvv:dddd[:ssss:ssss]`. */
  readonly expected: string;
  /** What is at the address now. */
  readonly found: PciHardware;
  /** Where the host has the expected device now (other addresses), in sysfs order. */
  readonly movedTo: readonly PciHardware[];
}

/**
 * Checks one address against the id it is bound to.
 *
 * @param expected - `vvvv:dddd[:ssss:ssss]`; an empty or unparsable id binds to nothing
 * @returns the mismatch, or `undefined` when the address holds the expected device (or nothing is bound)
 */
export function identityMismatch(address: string, expected: string, functions: readonly IdentifiedFunction[]): IdentityMismatch | undefined {
  const bound = parseDeviceId(expected);
  if (bound === undefined) return undefined;
  const found = hardwareAt(address, functions);
  const ids = idsOfHardware(found);
  if (ids !== undefined && idsMatch(bound, ids)) return undefined;
  const movedTo = functions
    .filter((fn) => fn.address !== address && fn.ids !== undefined && idsMatch(bound, fn.ids))
    .map((fn) => hardwareAt(fn.address, functions));
  return { address, expected: formatDeviceId(bound), found, movedTo };
}

/** `8086:10d3:8086:a01f (Intel Corporation 82574L Gigabit Network Connection)`, or `no device`. */
export function describeHardware(hardware: PciHardware): string {
  const ids = idsOfHardware(hardware);
  if (ids === undefined) return "no device";
  const name = [hardware.vendorName, hardware.deviceName].filter((part) => part !== "").join(" ");
  return name === "" ? boundIdOf(ids) : `${boundIdOf(ids)} (${name})`;
}

/**
 * The mismatch in plain words: what is at the address now, what was bound,
 * and where the bound device went (or that the host no longer has it).
 */
export function mismatchSentence(mismatch: IdentityMismatch): string {
  const now = `${mismatch.address} now holds ${describeHardware(mismatch.found)}, not the bound ${mismatch.expected}`;
  const [first, ...others] = mismatch.movedTo;
  if (first === undefined) return `${now}; the host has no ${mismatch.expected} any more (the card was removed or replaced while the host was off).`;
  const elsewhere = others.length === 0 ? "" : ` (also at ${others.map((h) => h.address).join(", ")})`;
  return `${now}, which is now at ${first.address}${elsewhere}: the cards were renumbered while the host was off.`;
}

/**
 * The advice for a card replaced on purpose: bind `property` to what is there
 * now; or, when nothing is there (or the kernel gave no ids), take the
 * address out of `where`, since an empty id binds to nothing.
 */
export function replacedAdvice(property: string, found: PciHardware, where: string): string {
  const id = boundIdAt(found);
  if (id === "") return `If the card was removed on purpose, take ${found.address} out of ${where}. `;
  return `If the card was replaced on purpose, set ${property} to "${id}" (the id of what is there now). `;
}
