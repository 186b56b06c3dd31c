/**
 * Names of ids as libpci's `pci_lookup_name` gives them (pciutils
 * `lib/names.c`: `format_name`, `format_name_pair`, `id_lookup_subsys`), with
 * the simulated host's inventory as pci.ids: a vendor's name is the one any
 * function of the host gives that id, a device's and a subsystem's the ones
 * given with those ids. `-n` prints numbers only, `-nn` names and numbers,
 * and an unknown name falls back to `Vendor 8086`, `Device 1502`, `Class 0d80`.
 */
import type { PciState } from "../../host/types";
import { className, subclassName } from "./class-names";
import type { PciutilsFlavour } from "./pciutils-flavour";

/** How many `-n` were given, as libpci reads `numeric_ids`: 0 names, 1 numbers, 2 both. */
export type NumericMode = 0 | 1 | 2;

/** The names a host knows, by id. */
export interface NameDatabase {
  readonly vendors: ReadonlyMap<number, string>;
  /** By `vendor:device`. */
  readonly devices: ReadonlyMap<string, string>;
  /** By `vendor:device:subvendor:subdevice`. */
  readonly subsystems: ReadonlyMap<string, string>;
}

function key(...ids: number[]): string {
  return ids.map((id) => id.toString(16)).join(":");
}

function remember<K>(map: Map<K, string>, id: K, name: string): void {
  if (name !== "" && !map.has(id)) map.set(id, name);
}

/** The name database of a host whose functions are `pcis`. */
export function nameDatabase(pcis: readonly PciState[]): NameDatabase {
  const vendors = new Map<number, string>();
  const devices = new Map<string, string>();
  const subsystems = new Map<string, string>();
  for (const pci of pcis) {
    const [v, d, sv, sd] = [pci.vendor, pci.device, pci.subsystemVendor, pci.subsystemDevice].map((id) => Number.parseInt(id, 16)) as [number, number, number, number];
    remember(vendors, v, pci.vendorName);
    remember(vendors, sv, pci.subsystemVendorName);
    remember(devices, key(v, d), pci.deviceName);
    remember(subsystems, key(v, d, sv, sd), pci.subsystemName);
  }
  return { vendors, devices, subsystems };
}

function hex(id: number, digits: number): string {
  return id.toString(16).padStart(digits, "0");
}

/** The lookups of one lspci run: its `-n` count and its pciutils' buffer handling. */
export interface PciNamer {
  className(deviceClass: number, size: number): string;
  vendor(vendor: number, size: number): string;
  device(vendor: number, device: number, size: number): string;
  vendorDevice(vendor: number, device: number, size: number): string;
  subsystemVendor(subVendor: number, size: number): string;
  subsystemDevice(vendor: number, device: number, subVendor: number, subDevice: number, size: number): string;
  subsystem(vendor: number, device: number, subVendor: number, subDevice: number, size: number): string;
}

/**
 * `text` in a `size`-byte buffer: from 3.1.8 cut to `size - 1` bytes ending
 * in `...`; before, the lookup answers that the buffer is too small.
 */
function fit(text: string, size: number, flavour: PciutilsFlavour): string {
  if (text.length < size) return text;
  return flavour.truncatesLongNames ? `${text.slice(0, size - 4)}...` : "<pci_lookup_name: buffer too small>";
}

/** The lookups of an lspci run with `mode` over `db`. */
export function pciNamer(db: NameDatabase, mode: NumericMode, flavour: PciutilsFlavour): PciNamer {
  const single = (name: string | undefined, num: string, unknown: string, mixed: boolean): string => {
    if (mode === 1 && !mixed) return num;
    if (name === undefined) return mode === 2 || mixed ? `${unknown} [${num}]` : `${unknown} ${num}`;
    return mode === 2 || mixed ? `${name} [${num}]` : name;
  };
  const pair = (v: string | undefined, d: string | undefined, num: string): string => {
    if (mode === 1) return num;
    if (mode === 2) return v === undefined ? `Device [${num}]` : `${v} ${d ?? "Device"} [${num}]`;
    if (v === undefined) return `Device ${num}`;
    return d === undefined ? `${v} Device ${num.slice(5)}` : `${v} ${d}`;
  };
  const subsystemName = (v: number, d: number, sv: number, sd: number): string | undefined =>
    db.subsystems.get(key(v, d, sv, sd)) ?? (v === sv && d === sd ? db.devices.get(key(v, d)) : undefined);
  return {
    className: (cls, size) => {
      const sub = subclassName(cls);
      const top = sub === undefined ? className(cls) : undefined;
      // A known class without its subclass prints the full number even without -nn.
      const mixed = top !== undefined && mode !== 1;
      return fit(single(sub ?? top, hex(cls, 4), "Class", mixed), size, flavour);
    },
    vendor: (v, size) => fit(single(db.vendors.get(v), hex(v, 4), "Vendor", false), size, flavour),
    device: (v, d, size) => fit(single(db.devices.get(key(v, d)), hex(d, 4), "Device", false), size, flavour),
    vendorDevice: (v, d, size) => fit(pair(db.vendors.get(v), db.devices.get(key(v, d)), `${hex(v, 4)}:${hex(d, 4)}`), size, flavour),
    subsystemVendor: (sv, size) => fit(single(db.vendors.get(sv), hex(sv, 4), "Unknown vendor", false), size, flavour),
    subsystemDevice: (v, d, sv, sd, size) => fit(single(subsystemName(v, d, sv, sd), hex(sd, 4), "Device", false), size, flavour),
    subsystem: (v, d, sv, sd, size) => fit(pair(db.vendors.get(sv), subsystemName(v, d, sv, sd), `${hex(sv, 4)}:${hex(sd, 4)}`), size, flavour),
  };
}
