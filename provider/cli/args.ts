/**
 * The command line's words, parsed without I/O: which command, and the
 * connection it names. Pure.
 */

/** The commands. */
export const COMMANDS = ["devices", "vms"] as const;

/** A command of the command line. */
export type CliCommand = (typeof COMMANDS)[number];

/** A parsed command line. */
export interface CliArgs {
  readonly command: CliCommand;
  readonly host: string;
  readonly port?: number | undefined;
  readonly user?: string | undefined;
  /** A private key file. */
  readonly identity?: string | undefined;
  /** A pinned host key, `SHA256:…`. */
  readonly hostKey?: string | undefined;
  readonly json: boolean;
}

/** The usage text, printed with every usage error and by `--help`. */
export const USAGE = [
  "Usage: pulumi-xenserver-pci <devices|vms> --host HOST [--port PORT] [--user USER] [--identity KEYFILE] [--host-key SHA256:...] [--json]",
  "       pulumi-xenserver-pci plugin install",
  "",
  "  devices          every PCI function of the host: address, ids, names, driver, hidden, assigned to",
  "  vms              every VM of the host (in a pool: of the pool) with its power state and other-config:pci",
  "  plugin install   put this package's provider plugin (pulumi-resource-xenserver-pci) into Pulumi's",
  "                   plugin cache, for programs in any language (runs `pulumi plugin install`)",
  "",
  "  --host HOST          dom0 address or host name (required)",
  "  --port PORT          SSH port (default 22)",
  "  --user USER          login user (default root)",
  "  --identity KEYFILE   private key file (default: the ssh-agent of SSH_AUTH_SOCK)",
  "  --host-key SHA256:…  the host key to accept (default: ~/.ssh/known_hosts)",
  "  --json               print JSON instead of a table",
].join("\n");

/** A command line that cannot be run: the message says why. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

const VALUE_OPTIONS = new Set(["--host", "--port", "--user", "--identity", "--host-key"]);

/**
 * Parses the words after `plugin`: `install` is the one subcommand, with no options.
 *
 * @throws UsageError naming the problem
 */
export function parsePluginArgs(argv: readonly string[]): "install" {
  const [sub, ...rest] = argv;
  if (sub !== "install") throw new UsageError(sub === undefined ? "plugin needs a subcommand: install" : `unknown plugin subcommand ${JSON.stringify(sub)}; expected install`);
  if (rest.length > 0) throw new UsageError(`unknown option ${JSON.stringify(rest[0])}`);
  return "install";
}

/**
 * Parses the words after the program name.
 *
 * @throws UsageError naming the problem
 */
export function parseCliArgs(argv: readonly string[]): CliArgs {
  const [command, ...rest] = argv;
  if (command === undefined) throw new UsageError("a command is required: devices, vms or plugin install");
  if (!COMMANDS.includes(command as CliCommand)) throw new UsageError(`unknown command ${JSON.stringify(command)}; expected devices, vms or plugin install`);
  const values = new Map<string, string>();
  let json = false;
  for (let i = 0; i < rest.length; i += 1) {
    const word = rest[i] ?? "";
    if (word === "--json") {
      json = true;
      continue;
    }
    const [name = "", inline] = word.startsWith("--") && word.includes("=") ? [word.slice(0, word.indexOf("=")), word.slice(word.indexOf("=") + 1)] : [word, undefined];
    if (!VALUE_OPTIONS.has(name)) throw new UsageError(`unknown option ${JSON.stringify(word)}`);
    const value = inline ?? rest[(i += 1)];
    // `--host --json` means a forgotten value, not a host named "--json".
    if (value === undefined || value === "" || (inline === undefined && value.startsWith("--"))) throw new UsageError(`${name} needs a value`);
    values.set(name, value);
  }
  const host = values.get("--host");
  if (host === undefined) throw new UsageError("--host is required");
  const portText = values.get("--port");
  const port = portText === undefined ? undefined : /^[0-9]{1,5}$/.test(portText) ? Number(portText) : NaN;
  if (port !== undefined && (!Number.isInteger(port) || port < 1 || port > 65535)) throw new UsageError(`--port ${JSON.stringify(portText)} is not a port; expected 1 to 65535`);
  return {
    command: command as CliCommand,
    host,
    port,
    user: values.get("--user"),
    identity: values.get("--identity"),
    hostKey: values.get("--host-key"),
    json,
  };
}
