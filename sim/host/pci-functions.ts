/**
 * A host's PCI functions from an inventory: ids in the form sysfs prints
 * them, names, drivers and the uuid of xapi's PCI object. Used when a host is
 * created and when cards change while it is off (`reboot-host --pcis`).
 */
import type { InventoryPci, PciState } from "./types";
import { stableUuid } from "./uuid";

const ADDRESS = /^[0-9a-f]{4}:[0-9a-f]{2}:[01][0-9a-f]\.[0-7]$/;

/** An example of each width sysfs uses: ids, class, revision. */
const EXAMPLES: Readonly<Record<number, string>> = { 2: "0x01", 4: "0x1969", 6: "0x020000" };

/** What to say in an error about a bad inventory: `Unable to create the simulated host` and the like. */
export type InventoryContext = string;

/**
 * `value` (`0x1969`, `1969`, any case) as sysfs prints a `digits`-wide id:
 * `0x` and lower-case hex, zero-padded (`%#06x` for vendor ids).
 */
export function sysfsHex(value: string, digits: number, what: string, context: InventoryContext): string {
  const match = /^(?:0x)?([0-9a-f]+)$/i.exec(value.trim());
  const number = match?.[1] === undefined ? Number.NaN : Number.parseInt(match[1], 16);
  if (Number.isNaN(number) || number >= 16 ** digits) {
    throw new Error(`${context}: ${what} is ${JSON.stringify(value)}; give a hex number of at most ${digits} digits, as sysfs prints it (${EXAMPLES[digits] ?? "0x0"}).`);
  }
  return `0x${number.toString(16).padStart(digits, "0")}`;
}

/** A full PCI address in lower case, or an error naming the expected form (`address` may come from JSON). */
export function normalizeAddress(address: unknown, what: string, context: InventoryContext): string {
  const lower = typeof address === "string" ? address.toLowerCase() : "";
  if (!ADDRESS.test(lower)) throw new Error(`${context}: ${what} is ${JSON.stringify(address)}; give a full PCI address, dddd:bb:dd.f (0000:06:00.0).`);
  return lower;
}

/**
 * The identity xapi matches a PCI object on when it starts (address, vendor,
 * device, subsystem ids: xen-api `xapi_pci.ml` `update_pcis`): a card with
 * another identity at the same address is a new object with a new uuid.
 */
function identityOf(pci: PciState): string {
  return [pci.address, pci.vendor, pci.device, pci.subsystemVendor, pci.subsystemDevice].join("/");
}

function uuidFor(hostUuid: string, pci: PciState, seeded: boolean): string {
  // The seed's objects keep the uuid they had before subsystem ids existed, so golden outputs stay put.
  return stableUuid(seeded ? `${hostUuid}/pci/${pci.address}` : `${hostUuid}/pci/${identityOf(pci)}`);
}

const REQUIRED = ["address", "vendor", "device", "class", "driver"] as const;
const OPTIONAL = ["vendorName", "deviceName", "subsystemVendor", "subsystemDevice", "subsystemVendorName", "subsystemName", "revision"] as const;

/** Refuses what a JSON inventory file may hold instead of a function: a missing or non-string field. */
function checkShape(pci: unknown, index: number, context: InventoryContext): InventoryPci {
  const record = (typeof pci === "object" && pci !== null ? pci : {}) as Record<string, unknown>;
  const bad = [...REQUIRED.filter((f) => typeof record[f] !== "string"), ...OPTIONAL.filter((f) => record[f] !== undefined && typeof record[f] !== "string")];
  if (bad.length > 0) {
    throw new Error(`${context}: PCI function ${index} (${JSON.stringify(pci)}) needs ${bad.join(", ")} as strings; give address, vendor, device, class and driver, e.g. {"address":"0000:06:00.0","vendor":"0x1969","device":"0x1063","class":"0x020000","driver":"atl1c"}.`);
  }
  return pci as InventoryPci;
}

/** One function as its host keeps it, driven by its own driver; `uuid` still to be chosen. */
function stateOf(pci: InventoryPci, context: InventoryContext): PciState {
  const address = normalizeAddress(pci.address, "a PCI function's address", context);
  const field = (name: string): string => `the ${name} of PCI function ${address}`;
  return {
    uuid: "",
    address,
    vendor: sysfsHex(pci.vendor, 4, field("vendor"), context),
    device: sysfsHex(pci.device, 4, field("device"), context),
    class: sysfsHex(pci.class, 6, field("class"), context),
    vendorName: pci.vendorName ?? "",
    deviceName: pci.deviceName ?? "",
    subsystemVendor: sysfsHex(pci.subsystemVendor ?? "0", 4, field("subsystemVendor"), context),
    subsystemDevice: sysfsHex(pci.subsystemDevice ?? "0", 4, field("subsystemDevice"), context),
    subsystemVendorName: pci.subsystemVendorName ?? "",
    subsystemName: pci.subsystemName ?? "",
    revision: sysfsHex(pci.revision ?? "0", 2, field("revision"), context),
    ownDriver: pci.driver,
    driver: pci.driver,
    xapiDriverName: pci.driver,
  };
}

function refuseDuplicates(pcis: readonly PciState[], context: InventoryContext): void {
  const seen = new Set<string>();
  for (const pci of pcis) {
    if (seen.has(pci.address)) throw new Error(`${context}: PCI function ${pci.address} is listed twice; give each address once.`);
    seen.add(pci.address);
  }
}

function checkList(pcis: unknown, context: InventoryContext): readonly unknown[] {
  if (!Array.isArray(pcis)) throw new Error(`${context}: the PCI functions must be a list, not ${JSON.stringify(pcis)}.`);
  return pcis;
}

/** The functions of a new host with uuid `hostUuid`. */
export function seedPciStates(hostUuid: string, pcis: readonly InventoryPci[], context: InventoryContext): PciState[] {
  const states = checkList(pcis, context).map((pci, i) => stateOf(checkShape(pci, i, context), context));
  refuseDuplicates(states, context);
  return states.map((state) => ({ ...state, uuid: uuidFor(hostUuid, state, true) }));
}

/**
 * The functions of host `hostUuid` once `pcis` replaced `previous`: a function
 * whose identity is unchanged keeps its PCI object (uuid), any other gets a
 * new one, as xapi's `update_pcis` does at its next start. Drivers are the
 * functions' own; the reboot binds hidden ones to pciback afterwards.
 */
export function replacePciStates(hostUuid: string, previous: readonly PciState[], pcis: readonly InventoryPci[], context: InventoryContext): PciState[] {
  const states = checkList(pcis, context).map((pci, i) => stateOf(checkShape(pci, i, context), context));
  refuseDuplicates(states, context);
  const kept = new Map(previous.map((pci) => [identityOf(pci), pci.uuid]));
  return states.map((state) => ({ ...state, uuid: kept.get(identityOf(state)) ?? uuidFor(hostUuid, state, false) }));
}
