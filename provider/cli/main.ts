#!/usr/bin/env node
/**
 * `pulumi-xenserver-pci devices|vms`: the first look at a host, before
 * writing a program. Same connection rules and errors as the resources.
 * `pulumi-xenserver-pci plugin install`: the provider plugin into Pulumi's
 * plugin cache.
 * Exit codes: 0 done, 1 the host, the connection or the install failed, 2 bad usage.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import { memberName } from "../model/pool";
import { getPciDevices } from "../lookups/get-pci-devices";
import { withLookupHost } from "../lookups/lookup-host";
import type { ConnectionInput } from "../schema/connection";
import { packageInfo } from "../package-info";
import { parseCliArgs, parsePluginArgs, USAGE, UsageError, type CliArgs } from "./args";
import { formatDevices, formatVms, type VmRow } from "./format";
import { installPlugin, type RunCommand } from "./plugin-install";

/** The connection the command line names. */
function connectionOf(args: CliArgs): ConnectionInput {
  return {
    host: args.host,
    ...(args.port === undefined ? {} : { port: args.port }),
    ...(args.user === undefined ? {} : { user: args.user }),
    ...(args.identity === undefined ? {} : { privateKey: fs.readFileSync(args.identity, "utf8") }),
    ...(args.hostKey === undefined ? {} : { hostKey: args.hostKey }),
  };
}

async function vmRows(connection: ConnectionInput): Promise<VmRow[]> {
  return withLookupHost("list the VMs", connection, async (host) => {
    const { vms, pool } = await host.guests();
    return vms.map((vm) => ({ uuid: vm.uuid, nameLabel: vm.nameLabel, powerState: vm.powerState, residentOn: memberName(pool, vm.residentOn), pci: vm.pciValue ?? "" }));
  });
}

/** Runs a command with its output collected (stdout and stderr together, as the user would see them). */
const runCommand: RunCommand = (command, args) =>
  new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.setEncoding("utf8").on("data", (data: string) => (output += data));
    child.stderr.setEncoding("utf8").on("data", (data: string) => (output += data));
    child.on("error", reject);
    child.on("close", (code) => {
      resolve({ exitCode: code ?? 1, output });
    });
  });

/** `plugin install`; returns the exit code. */
async function pluginCommand(argv: readonly string[], out: (text: string) => void, err: (text: string) => void): Promise<number> {
  try {
    parsePluginArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    err(`pulumi-xenserver-pci: ${error.message}\n${USAGE}\n`);
    return 2;
  }
  try {
    out(await installPlugin(packageInfo(__dirname), runCommand));
    return 0;
  } catch (error) {
    err(`pulumi-xenserver-pci: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

/** Runs one command line; returns the exit code. */
export async function main(argv: readonly string[], out: (text: string) => void, err: (text: string) => void): Promise<number> {
  if (argv.includes("--help") || argv.includes("-h")) {
    out(`${USAGE}\n`);
    return 0;
  }
  if (argv[0] === "plugin") return pluginCommand(argv.slice(1), out, err);
  let args: CliArgs;
  try {
    args = parseCliArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    err(`pulumi-xenserver-pci: ${error.message}\n${USAGE}\n`);
    return 2;
  }
  try {
    const connection = connectionOf(args);
    if (args.command === "devices") {
      const result = await getPciDevices({ connection });
      out(args.json ? `${JSON.stringify(result, null, 2)}\n` : formatDevices(result));
    } else {
      const rows = await vmRows(connection);
      out(args.json ? `${JSON.stringify(rows, null, 2)}\n` : formatVms(rows));
    }
    return 0;
  } catch (error) {
    err(`pulumi-xenserver-pci: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

if (require.main === module) {
  // The SSH layer does not hold the process open (a provider process must be able to exit), so the command line does until it is done.
  const keepAlive = setInterval(() => undefined, 60_000);
  void main(process.argv.slice(2), (text) => process.stdout.write(text), (text) => process.stderr.write(text))
    .then((code) => {
      process.exitCode = code;
    })
    .finally(() => {
      clearInterval(keepAlive);
    });
}
