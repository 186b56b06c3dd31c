/**
 * The simulated `lspci` of a dom0: its options read as pciutils' `main` reads
 * them (getopt; any option it does not take, or a word left over, prints the
 * usage on stderr and exits 1; a bad `-s`/`-d` dies with `lspci: -s: …`,
 * exit 1), the functions taken from the simulated sysfs, and names from the
 * host's inventory. Display modes without config space are simulated:
 * terse, `-n`/`-nn`, `-D`, `-k`, `-m`/`-mm`/`-vmm`, `-s`, `-d`. The others
 * (`-v` alone, `-x`, `-t`, `-b`, `-M`, access methods) fail with a simulator
 * message and exit 2, so a test never takes their output for a host's.
 */
import { readHostState } from "../../host/state-store";
import type { HostState } from "../../host/types";
import { fail, succeed, type ToolResult } from "../tool-result";
import { emptyFilter, filterMatches, parseIdFilter, parseSlotFilter, type DeviceFilter } from "./device-filter";
import { getopt, type GetoptError } from "./getopt";
import { nameDatabase, pciNamer, type NumericMode } from "./pci-names";
import { pciutilsFlavour, type PciutilsFlavour } from "./pciutils-flavour";
import { showDevice, type ShowOptions } from "./show-device";
import { scanSysfs, type ScannedFunction } from "./sysfs-scan";
import { LSPCI_OPTSTRING, lspciUsage } from "./usage";

/** What the command line asked for. */
interface LspciRequest {
  numeric: number;
  verbose: number;
  machine: number;
  kernel: boolean;
  forceDomains: boolean;
  filter: DeviceFilter;
  /** Options that exist but whose output the simulator does not produce. */
  unsimulated: string[];
}

/** Letters lspci takes and ignores here: they change where names or modules come from, not what is shown. */
const IGNORED = new Set(["i", "p", "q", "Q"]);
/** Letters lspci takes whose output needs what the simulator does not have (config space, bus topology, raw access). */
const UNSIMULATED = new Set(["b", "x", "t", "M", "A", "G", "O", "H", "F"]);

function getoptMessage(error: GetoptError, flavour: PciutilsFlavour): string {
  const letter = flavour.quotedGetoptLetters ? `'${error.letter}'` : error.letter;
  const what = error.kind === "invalid" ? "invalid option" : "option requires an argument";
  return `lspci: ${what} -- ${letter}\n`;
}

/** The request, or the result lspci ends with while reading its options. */
type ReadOptions = { ok: true; request: LspciRequest } | { ok: false; result: ToolResult };

function readOptions(argv: readonly string[], flavour: PciutilsFlavour): ReadOptions {
  const parsed = getopt(argv, LSPCI_OPTSTRING);
  const request: LspciRequest = { numeric: 0, verbose: 0, machine: 0, kernel: false, forceDomains: false, filter: emptyFilter(), unsimulated: [] };
  for (const { letter, argument = "" } of parsed.options) {
    if (letter === "n") request.numeric += 1;
    else if (letter === "v") request.verbose += 1;
    else if (letter === "m") request.machine += 1;
    else if (letter === "k") request.kernel = true;
    else if (letter === "D") request.forceDomains = true;
    else if (letter === "s" || letter === "d") {
      const error = letter === "s" ? parseSlotFilter(request.filter, argument) : parseIdFilter(request.filter, argument, flavour);
      if (error !== undefined) return { ok: false, result: fail(`lspci: -${letter}: ${error}\n`) };
    } else if (UNSIMULATED.has(letter)) request.unsimulated.push(`-${letter}`);
    // `-g` is in lspci's option string but nothing takes it: the usage, without a getopt message.
    else if (!IGNORED.has(letter)) return { ok: false, result: fail(lspciUsage(flavour)) };
  }
  if (parsed.error !== undefined) return { ok: false, result: fail(getoptMessage(parsed.error, flavour) + lspciUsage(flavour)) };
  if (parsed.operands.length > 0) return { ok: false, result: fail(lspciUsage(flavour)) };
  if (request.verbose > 0 && request.machine === 0) request.unsimulated.push("-v without -m");
  return { ok: true, request };
}

/** The modules whose aliases match a function: the module of its own driver, by the simulator's rule. */
function modulesFrom(state: HostState): (f: ScannedFunction) => readonly string[] {
  return (f) => {
    const address = `${f.domain.toString(16).padStart(4, "0")}:${f.bus.toString(16).padStart(2, "0")}:${f.slot.toString(16).padStart(2, "0")}.${f.func}`;
    const own = state.pcis.find((pci) => pci.address === address)?.ownDriver;
    return own === undefined || own === "" ? [] : [own];
  };
}

/** Runs `lspci ARGV...` against the host in `dir`. */
export function runLspci(dir: string, argv: readonly string[]): ToolResult {
  const state = readHostState(dir);
  const flavour = pciutilsFlavour(state.profile);
  if (argv.length === 1 && argv[0] === "--version") return succeed(`lspci version ${flavour.version}\n`);
  const read = readOptions(argv, flavour);
  if (!read.ok) return read.result;
  const { request } = read;
  if (request.unsimulated.length > 0) {
    return fail(`lspci: simulator: ${request.unsimulated.join(", ")} is not simulated (see sim/tools/lspci/lspci.ts)\n`, 2);
  }
  const functions = scanSysfs(dir);
  const options: ShowOptions = {
    verbose: request.verbose,
    machine: request.machine,
    kernel: request.kernel,
    // lspci shows domains by itself once any function, filtered out or not, is outside domain 0.
    domains: request.forceDomains ? 2 : functions.some((f) => f.domain !== 0) ? 1 : 0,
    names: pciNamer(nameDatabase(state.pcis), Math.min(request.numeric, 2) as NumericMode, flavour),
    modulesOf: modulesFrom(state),
  };
  const text = functions
    .filter((f) => filterMatches(request.filter, f))
    .map((f) => showDevice(f, options))
    .join("");
  return succeed(text);
}
