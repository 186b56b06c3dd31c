/**
 * The connection of an import: where from the ID, how to log in and which
 * host key to trust from the plugin's environment (the engine starts the
 * plugin with the environment of the `pulumi` command), or from the SSH agent
 * and `~/.ssh/known_hosts` when the environment names nothing. Pure: the
 * caller hands over the environment and a file reader.
 */
import { ValidationError } from "../errors";
import { CONNECTION_SECRET_KEYS, parseConnection } from "../schema/connection";
import type { ImportId } from "./import-id";

/** The environment variables an import reads, by the connection property they fill. */
export const IMPORT_ENV = {
  privateKey: "XENSERVER_PCI_PRIVATE_KEY",
  privateKeyFile: "XENSERVER_PCI_PRIVATE_KEY_FILE",
  privateKeyPassphrase: "XENSERVER_PCI_PRIVATE_KEY_PASSPHRASE",
  password: "XENSERVER_PCI_PASSWORD",
  hostKey: "XENSERVER_PCI_HOST_KEY",
  knownHostsFile: "XENSERVER_PCI_KNOWN_HOSTS_FILE",
  sudo: "XENSERVER_PCI_SUDO",
} as const;

/** The process environment, or a stand-in for it. */
export type Env = Readonly<Record<string, string | undefined>>;

/** Reads a file as UTF-8 text; throws when it cannot. */
export type ReadTextFile = (file: string) => string;

const HINT = "Set the XENSERVER_PCI_* variables the README names (or none, to use the SSH agent), then import again.";

/** The variable's value; an empty one counts as unset. */
function envValue(env: Env, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value === "" ? undefined : value;
}

function privateKeyOf(env: Env, readFile: ReadTextFile): string | undefined {
  const text = envValue(env, IMPORT_ENV.privateKey);
  const file = envValue(env, IMPORT_ENV.privateKeyFile);
  if (text !== undefined && file !== undefined) {
    throw new ValidationError(`both ${IMPORT_ENV.privateKey} and ${IMPORT_ENV.privateKeyFile} are set; expected one of them`, { hint: HINT });
  }
  if (file === undefined) return text;
  try {
    // Without its final newline, as `pulumi config set --secret sshKey < file` and "$(cat file)" store it:
    // the program's key then compares equal, and the first `pulumi up` after the import changes nothing.
    return readFile(file).replace(/\r?\n$/, "");
  } catch (error) {
    // The error names the file; never its content.
    const code = (error as NodeJS.ErrnoException).code ?? "unreadable";
    throw new ValidationError(`${IMPORT_ENV.privateKeyFile} names ${JSON.stringify(file)}, which cannot be read (${code})`, { hint: HINT });
  }
}

function sudoOf(env: Env): boolean | undefined {
  const text = envValue(env, IMPORT_ENV.sudo);
  if (text === undefined) return undefined;
  if (text === "true" || text === "false") return text === "true";
  throw new ValidationError(`${IMPORT_ENV.sudo} is ${JSON.stringify(text)}; expected true or false`, { hint: HINT });
}

/**
 * The `connection` an import connects with, as a program would write it: only
 * what the ID and the environment give (defaults stay implicit, so the
 * generated code and the diff against a program that leaves them out agree).
 *
 * @param id - the import ID taken apart
 * @param env - the plugin's environment
 * @param readFile - reads `XENSERVER_PCI_PRIVATE_KEY_FILE`
 * @throws ValidationError for an ambiguous or unreadable setting, or a connection the schema refuses
 */
export function importConnection(id: ImportId, env: Env, readFile: ReadTextFile): Record<string, unknown> {
  const settings: Record<string, unknown> = {
    host: id.host,
    port: id.port,
    user: id.user,
    privateKey: privateKeyOf(env, readFile),
    privateKeyPassphrase: envValue(env, IMPORT_ENV.privateKeyPassphrase),
    password: envValue(env, IMPORT_ENV.password),
    hostKey: envValue(env, IMPORT_ENV.hostKey),
    knownHostsFile: envValue(env, IMPORT_ENV.knownHostsFile),
    sudo: sudoOf(env),
  };
  const connection = Object.fromEntries(Object.entries(settings).filter(([, value]) => value !== undefined));
  parseConnection(connection);
  return connection;
}

/**
 * The credentials the environment holds, to keep out of error messages.
 *
 * @param env - the plugin's environment
 */
export function environmentSecrets(env: Env): string[] {
  return [IMPORT_ENV.privateKey, IMPORT_ENV.privateKeyPassphrase, IMPORT_ENV.password].map((name) => envValue(env, name)).filter((value): value is string => value !== undefined);
}

/**
 * The connection without its credentials: what an import reports as the
 * resource's inputs, which `pulumi import` prints as code. The program gives
 * its own credentials (from its secret config); the state keeps the ones the
 * import used, as secrets, until then.
 *
 * @param connection - as {@link importConnection} built it
 */
export function withoutCredentials(connection: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(connection).filter(([key]) => !(CONNECTION_SECRET_KEYS as readonly string[]).includes(key)));
}
