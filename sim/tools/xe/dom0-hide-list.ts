/**
 * xapi's `Pciops` view of `xen-pciback.hide` for the XCP-ng 8.3 dom0 access
 * commands (xen-api `pciops.ml`, `xapi_pci_helpers.ml`, v26.1):
 * - after reboot: `xen-cmdline --get-dom0 xen-pciback.hide`, which must start
 *   with `xen-pciback.hide=`; one trailing newline cut; the rest read in fixed
 *   14-character chunks with `Scanf "(%04x:%02x:%02x.%01x)"`. Any entry of
 *   another shape makes the read, and so every command, fail;
 * - now: the first `xen-pciback.hide=` word of `/proc/cmdline` and a plain
 *   substring test of the lower-case pci-id.
 */
import { readCmdlineText } from "../../host/cmdline";
import { OcamlScanError, OcamlScanner } from "../../host/ocaml-scanf";
import { runXenCmdline } from "../xen-cmdline/run-xen-cmdline";
import type { XeContext } from "./context";
import { internalError } from "./errors";

const HIDE_KEY = "xen-pciback.hide";
const HIDE_KEY_EQ = `${HIDE_KEY}=`;
/** `String.length "(0000:00:00.0)"`: xapi steps by this, whatever the entry held. */
const CHUNK = 14;

/** A PCI address as xapi's tuple `(domain, bus, dev, fn)`. */
export interface PciTuple {
  domain: number;
  bus: number;
  dev: number;
  fn: number;
}

/**
 * `Helpers.get_process_output`: the command line is split on single spaces
 * (no shell); the tool's stdout, or INTERNAL_ERROR with the bare exit code.
 */
function runTool(context: XeContext, command: string): string {
  const result = runXenCmdline(context.dir, context.state.profile, command.split(" "));
  if (result.exitCode !== 0) throw internalError(context.facts, String(result.exitCode));
  return result.stdout;
}

/** `get_pci_hidden_raw_value`: the value after `xen-pciback.hide=`, or "" when the output does not start with it. */
export function hiddenRawValue(context: XeContext): string {
  const raw = runTool(context, `--get-dom0 ${HIDE_KEY}`);
  if (!raw.startsWith(HIDE_KEY_EQ)) return "";
  const value = raw.slice(HIDE_KEY_EQ.length);
  // Xstringext's rtrim removes one trailing newline only: a second hide word stays in the value.
  return value.endsWith("\n") ? value.slice(0, -1) : value;
}

/** How xapi reports an OCaml exception that escaped an API call (`ExnHelper.error_of_exn`). */
function escaped(context: XeContext, error: unknown): never {
  if (error instanceof OcamlScanError) throw internalError(context.facts, error.printed());
  throw error;
}

/** `get_hidden_pcidevs`: the devices of the hide list, last entry first (xapi conses them). */
export function hiddenDevices(context: XeContext): PciTuple[] {
  let raw = hiddenRawValue(context);
  const devices: PciTuple[] = [];
  while (raw !== "") {
    const scan = new OcamlScanner(raw);
    try {
      scan.literal("(");
      const domain = scan.hex(4);
      scan.literal(":");
      const bus = scan.hex(2);
      scan.literal(":");
      const dev = scan.hex(2);
      scan.literal(".");
      const fn = scan.hex(1);
      scan.literal(")");
      devices.unshift({ domain, bus, dev, fn });
    } catch (error) {
      escaped(context, error);
    }
    // `String.sub` past the end: a short last entry that still scanned (`(0:6:0.0)`).
    if (Buffer.byteLength(raw, "utf8") < CHUNK) throw internalError(context.facts, "Invalid argument: String.sub / Bytes.sub");
    raw = Buffer.from(raw, "utf8").subarray(CHUNK).toString("utf8");
  }
  return devices;
}

/** `pcidev_of_pci`: the tuple of a stored pci-id. */
export function tupleOf(pciId: string): PciTuple {
  const [domain = "0", bus = "0", dev = "0", fn = "0"] = pciId.split(/[:.]/);
  return { domain: Number.parseInt(domain, 16), bus: Number.parseInt(bus, 16), dev: Number.parseInt(dev, 16), fn: Number.parseInt(fn, 16) };
}

function sameTuple(a: PciTuple, b: PciTuple): boolean {
  return a.domain === b.domain && a.bus === b.bus && a.dev === b.dev && a.fn === b.fn;
}

/** `is_pci_hidden`: whether the device is hidden after the next boot. */
export function isHiddenAfterReboot(context: XeContext, pciId: string): boolean {
  const device = tupleOf(pciId);
  return hiddenDevices(context).some((d) => sameTuple(d, device));
}

/** `is_pci_hidden_cmdline`: a plain substring test on the first hide word of the booted command line. */
export function isHiddenNow(context: XeContext, pciId: string): boolean {
  const lines = readCmdlineText(context.dir).split("\n");
  if (lines.at(-1) === "") lines.pop();
  if (lines.length !== 1) throw internalError(context.facts, 'Failure("Unable to read cmdline")');
  const word = (lines[0] ?? "").split(" ").find((w) => w.startsWith(HIDE_KEY_EQ));
  return word !== undefined && word.slice(HIDE_KEY_EQ.length).includes(pciId);
}

function paren({ domain, bus, dev, fn }: PciTuple): string {
  return `(${domain.toString(16).padStart(4, "0")}:${bus.toString(16).padStart(2, "0")}:${dev.toString(16).padStart(2, "0")}.${fn.toString(16)})`;
}

/** `hide_pci`: unless already hidden, the device first, then the list xapi read (so in reverse file order). */
export function hideDevice(context: XeContext, pciId: string): void {
  if (isHiddenAfterReboot(context, pciId)) return;
  const devices = [tupleOf(pciId), ...hiddenDevices(context)];
  runTool(context, `--set-dom0 ${HIDE_KEY_EQ}${devices.map(paren).join("")}`);
}

/** `unhide_pci`: removes every exact `(<pci-id>)` from the raw value; deletes the key when nothing is left. */
export function unhideDevice(context: XeContext, pciId: string): void {
  if (!isHiddenAfterReboot(context, pciId)) return;
  const rest = hiddenRawValue(context).split(`(${pciId})`).join("");
  runTool(context, rest === "" ? `--delete-dom0 ${HIDE_KEY}` : `--set-dom0 ${HIDE_KEY_EQ}${rest}`);
}
