/**
 * Command line of the simulated host (`npm run --silent sim -- <verb>`):
 *
 *   start --dir DIR [--pool-size N] [--profile xs62|xs82|xcpng83] [--inventory FILE.json] [--legacy-ssh] [--xe-latency-ms N]
 *         [--reboot-delay-ms N] [--shutdown-timeout-ms N] [--reboot-down-ms N] [--xapi-start-ms N] [--xapi-init-ms N]
 *         [--autostart-delay-ms N]
 *   stop --dir DIR
 *   reboot-host --dir DIR [--host I] [--pcis FILE.json]
 *   state --dir DIR
 *   xe --dir DIR [--host I] -- <xe args>
 *   fault --dir DIR [--host I] (--json '[...]' | --clear)
 *
 * With `--pool-size N`, DIR holds a pool of N members sharing one xapi
 * database and `start` prints `{"dir","pool":[<one host's fields>…]}`;
 * `--host I` then names a member by index (0 is the master) or host uuid:
 * required by `reboot-host` and `fault`, default 0 for `xe`. `state` and
 * `stop` cover every member. On a single host `--host` may name only it.
 *
 * `reboot-host --pcis FILE` reboots a host whose cards moved while it was off:
 * FILE is `{"pcis":[<inventory function>…],"bootDisk":"dddd:bb:dd.f"}`
 * (`bootDisk` optional: unchanged), the host's whole new set of functions.
 *
 * The `--reboot-*`, `--shutdown-timeout-ms` and `--xapi-*` options time the
 * steps of a reboot through xapi (`xe host-reboot`), in milliseconds: from
 * host-reboot returning to the shutdown (default 1000), the clean shutdown's
 * deadline (1000), dom0 down with no sshd (3000), sshd back but xe refused
 * (500), xapi answering but still starting (500), the host enabled again to
 * its autostart step starting the pool's `auto_poweron` VMs (2000).
 * `reboot-host` is a power cycle at once, without xapi's shutdown (its
 * autostart runs at once too).
 *
 * Errors are one line on stderr; exit 2 for usage errors, 1 for failures.
 */
import * as fs from "node:fs";
import { parseArgs } from "node:util";
import { parseFaults } from "./faults";
import type { Inventory, PoolInventory, Profile, RebootHostOptions, RebootTimings } from "./host";
import { isPoolDir, readHostState } from "./host";
import { SimHostDir } from "./host-dir";
import { startSimHost, stopSimHost } from "./sim-host";
import { startSimPool, stopSimPool } from "./sim-pool";
import { SimPoolDir } from "./pool-dir";

const USAGE =
  "usage: sim start|stop|reboot-host|state|xe|fault --dir DIR [...]; see sim/README.md";

const PROFILES: readonly Profile[] = ["xs62", "xs82", "xcpng83"];

/** A mistake in the command line: exit code 2. */
class UsageError extends Error {}

interface Output {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

type Options = Record<string, string | boolean | undefined>;

function parse(argv: readonly string[]): { verb: string; options: Options; rest: string[] } {
  const [verb, ...args] = argv;
  if (verb === undefined) throw new UsageError(USAGE);
  try {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: verb === "xe",
      options: {
        dir: { type: "string" },
        profile: { type: "string" },
        inventory: { type: "string" },
        "legacy-ssh": { type: "boolean" },
        "xe-latency-ms": { type: "string" },
        "reboot-delay-ms": { type: "string" },
        "shutdown-timeout-ms": { type: "string" },
        "reboot-down-ms": { type: "string" },
        "xapi-start-ms": { type: "string" },
        "xapi-init-ms": { type: "string" },
        "autostart-delay-ms": { type: "string" },
        "pool-size": { type: "string" },
        host: { type: "string" },
        json: { type: "string" },
        clear: { type: "boolean" },
        pcis: { type: "string" },
      },
    });
    return { verb, options: values, rest: positionals };
  } catch (error) {
    throw new UsageError(`sim ${verb}: ${(error as Error).message}`);
  }
}

function requireDir(verb: string, options: Options): string {
  const dir = options.dir;
  if (typeof dir !== "string" || dir === "") throw new UsageError(`sim ${verb}: --dir DIR is required`);
  return dir;
}

function parseProfile(value: string | boolean | undefined): Profile {
  if (value === undefined) return "xs62";
  const profile = PROFILES.find((p) => p === value);
  if (profile === undefined) throw new UsageError(`sim start: --profile must be one of ${PROFILES.join(", ")}, not ${String(value)}`);
  return profile;
}

function parseMilliseconds(option: string, value: string | boolean | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "string" || !/^\d+$/.test(value)) {
    throw new UsageError(`sim start: --${option} must be a whole number of milliseconds, not ${String(value)}`);
  }
  return Number(value);
}

function parseLatency(value: string | boolean | undefined): number | undefined {
  return parseMilliseconds("xe-latency-ms", value);
}

/** The reboot timing options given, by their `StartSimOptions` names. */
function parseRebootTimings(options: Options): Partial<RebootTimings> {
  const names: Readonly<Record<keyof RebootTimings, string>> = {
    rebootDelayMs: "reboot-delay-ms",
    shutdownTimeoutMs: "shutdown-timeout-ms",
    rebootDownMs: "reboot-down-ms",
    xapiStartMs: "xapi-start-ms",
    xapiInitMs: "xapi-init-ms",
    autostartDelayMs: "autostart-delay-ms",
  };
  const timings: Partial<RebootTimings> = {};
  for (const [key, option] of Object.entries(names) as [keyof RebootTimings, string][]) {
    const value = parseMilliseconds(option, options[option]);
    if (value !== undefined) timings[key] = value;
  }
  return timings;
}

function parsePoolSize(value: string | boolean | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "string" || !/^\d+$/.test(value) || Number(value) < 1) {
    throw new UsageError(`sim start: --pool-size must be a whole number of members, at least 1, not ${String(value)}`);
  }
  return Number(value);
}

function readInventory(value: string | boolean | undefined): PoolInventory | undefined {
  if (typeof value !== "string") return undefined;
  try {
    return JSON.parse(fs.readFileSync(value, "utf8")) as PoolInventory;
  } catch (error) {
    throw new UsageError(`sim start: cannot read the inventory ${value}: ${(error as Error).message}`);
  }
}

async function startPool(dir: string, size: number, options: Options, out: Output): Promise<number> {
  const xeLatencyMs = parseLatency(options["xe-latency-ms"]);
  const inventory = readInventory(options.inventory);
  const pool = await startSimPool({
    dir,
    size,
    profile: parseProfile(options.profile),
    legacySsh: options["legacy-ssh"] === true,
    ...parseRebootTimings(options),
    ...(inventory === undefined ? {} : { inventory }),
    ...(xeLatencyMs === undefined ? {} : { xeLatencyMs }),
  });
  out.stdout(`${JSON.stringify(pool.info)}\n`);
  return 0;
}

async function start(options: Options, out: Output): Promise<number> {
  const dir = requireDir("start", options);
  const size = parsePoolSize(options["pool-size"]);
  if (size !== undefined) return startPool(dir, size, options, out);
  const profile = parseProfile(options.profile);
  const xeLatencyMs = parseLatency(options["xe-latency-ms"]);
  const parsed = readInventory(options.inventory);
  if (parsed?.hosts !== undefined) throw new UsageError("sim start: the inventory describes hosts[] of a pool; give --pool-size N");
  const inventory = parsed as Inventory | undefined;
  const host = await startSimHost({
    dir,
    profile,
    legacySsh: options["legacy-ssh"] === true,
    ...parseRebootTimings(options),
    ...(inventory === undefined ? {} : { inventory }),
    ...(xeLatencyMs === undefined ? {} : { xeLatencyMs }),
  });
  out.stdout(`${JSON.stringify(host.info)}\n`);
  return 0;
}

/**
 * The host a verb acts on: in a pool, member `--host` (`required` by the verb,
 * else the master); on a single host, the host itself, which `--host` may
 * name as 0 or by its uuid.
 */
function targetHost(verb: string, options: Options, required: boolean): SimHostDir {
  const dir = requireDir(verb, options);
  const ref = typeof options.host === "string" ? options.host : undefined;
  if (isPoolDir(dir)) {
    if (ref === undefined && required) throw new UsageError(`sim ${verb}: --host I is required for a pool: a member index (0 is the master) or host uuid`);
    return new SimPoolDir(dir).member(ref ?? 0);
  }
  const host = new SimHostDir(dir);
  if (ref !== undefined && ref !== "0" && ref !== readHostState(dir).hostUuid) {
    throw new Error(`Unable to find member ${ref} of the simulated host in ${dir}: a single host is member 0 only.`);
  }
  return host;
}

function fault(options: Options): number {
  const host = targetHost("fault", options, true);
  if (options.clear === true) {
    host.clearFaults();
    return 0;
  }
  if (typeof options.json !== "string") throw new UsageError("sim fault: give --json '[...]' or --clear");
  let value: unknown;
  try {
    value = JSON.parse(options.json);
  } catch (error) {
    throw new UsageError(`sim fault: --json is not JSON: ${(error as Error).message}`);
  }
  let faults;
  try {
    faults = parseFaults(value);
  } catch (error) {
    throw new UsageError(`sim fault: ${(error as Error).message}`);
  }
  host.setFaults(faults);
  return 0;
}

/** The `--pcis FILE` of `reboot-host`: `{"pcis":[…],"bootDisk":"…"}`; the functions' own fields are checked by the host module. */
function readRebootChanges(value: string | boolean | undefined): RebootHostOptions {
  if (typeof value !== "string") return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(value, "utf8"));
  } catch (error) {
    throw new UsageError(`sim reboot-host: cannot read --pcis ${value}: ${(error as Error).message}`);
  }
  const file = (typeof parsed === "object" && parsed !== null ? parsed : {}) as { pcis?: unknown; bootDisk?: unknown };
  if (!Array.isArray(file.pcis) || (file.bootDisk !== undefined && typeof file.bootDisk !== "string")) {
    throw new UsageError(`sim reboot-host: --pcis ${value} must hold {"pcis":[{"address","vendor","device","class","driver",…}…],"bootDisk":"0000:00:1f.2"} (bootDisk optional)`);
  }
  return { pcis: file.pcis as RebootHostOptions["pcis"], ...(file.bootDisk === undefined ? {} : { bootDisk: file.bootDisk }) };
}

/** Runs one CLI invocation; returns the exit code. Exported for tests. */
export async function runCli(argv: readonly string[], out: Output): Promise<number> {
  const { verb, options, rest } = parse(argv);
  switch (verb) {
    case "start":
      return start(options, out);
    case "stop": {
      const dir = requireDir("stop", options);
      await (isPoolDir(dir) ? stopSimPool(dir) : stopSimHost(dir));
      return 0;
    }
    case "reboot-host": {
      const host = targetHost("reboot-host", options, true);
      host.rebootHost(readRebootChanges(options.pcis));
      return 0;
    }
    case "state": {
      const dir = requireDir("state", options);
      const state = isPoolDir(dir) ? new SimPoolDir(dir).state() : new SimHostDir(dir).state();
      out.stdout(`${JSON.stringify(state)}\n`);
      return 0;
    }
    case "xe": {
      const result = targetHost("xe", options, false).xe(...rest);
      out.stdout(result.stdout);
      out.stderr(result.stderr);
      return result.exitCode;
    }
    case "fault":
      return fault(options);
    default:
      throw new UsageError(`sim: unknown verb ${verb}; ${USAGE}`);
  }
}

async function main(): Promise<void> {
  const out: Output = {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
  };
  try {
    process.exitCode = await runCli(process.argv.slice(2), out);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`${message.split("\n").join(" ")}\n`);
    process.exitCode = error instanceof UsageError ? 2 : 1;
  }
}

if (require.main === module) void main();
