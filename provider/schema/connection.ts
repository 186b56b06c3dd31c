/**
 * The `connection` input shared by both resources: how to reach dom0 over SSH.
 */
import { isIP } from "node:net";
import { z } from "zod";
import { DEFAULT_TIMEOUT_MS, type Connection } from "../model/connection";
import { describeValue, expecting, parseInputs } from "./failures";

/** Property names of `connection`, in documentation order. */
export const CONNECTION_KEYS = [
  "host",
  "port",
  "user",
  "privateKey",
  "privateKeyPassphrase",
  "password",
  "agent",
  "hostKey",
  "knownHostsFile",
  "insecureIgnoreHostKey",
  "timeoutMs",
  "sudo",
] as const;

/**
 * The credentials of `connection`: secret wherever they travel (the plugin
 * keeps them wrapped as secrets in inputs, outputs and state; the schema marks
 * them `secret`), never shown in a failure.
 */
export const CONNECTION_SECRET_KEYS = ["privateKey", "privateKeyPassphrase", "password"] as const satisfies readonly (typeof CONNECTION_KEYS)[number][];

// RFC 1123 labels; `_` is tolerated because local resolvers accept it.
const HOST_NAME = /^(?=.{1,253}$)[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?(?:\.[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)*\.?$/;
// POSIX portable user names; `-` may not start one (it would read as an option).
const USER_NAME = /^[A-Za-z0-9._][A-Za-z0-9._-]{0,31}$/;
// `ssh-keygen -lf` prints SHA-256 fingerprints as unpadded base64: 43 characters.
const HOST_KEY_FINGERPRINT = /^SHA256:[A-Za-z0-9+/]{43}$/;
// eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
const NO_CONTROL_CHARACTERS = /^[^\u0000-\u001f\u007f]+$/;

const HOST_NOUN = "a host name or IP address";
const HOST_FORM = "expected a DNS name or an IPv4/IPv6 address without spaces, e.g. 10.0.0.5";

const secretText = (noun: string, form: string) => z.string(expecting(noun, form, { secret: true })).min(1);
const path = (noun: string, example: string) =>
  z.string(expecting(noun, `expected an absolute or relative file path without control characters, e.g. ${example}`))
    .max(4096)
    .regex(NO_CONTROL_CHARACTERS);
const flag = (name: string) => z.boolean(expecting("true or false", `expected a boolean for ${name}`));

/** Schema of `connection`: strict, defaults applied (port 22, user root, timeout, flags false). */
export const connectionSchema = z
  .object(
    {
      host: z.string(expecting(HOST_NOUN, HOST_FORM)).refine(
        (host) => HOST_NAME.test(host) || isIP(host) !== 0,
        (host) => ({ message: `${describeValue(host)} is not ${HOST_NOUN}; ${HOST_FORM}` }),
      ),
      port: z
        .number(expecting("a TCP port", "expected an integer from 1 to 65535, e.g. 22"))
        .int()
        .min(1)
        .max(65535)
        .default(22),
      user: z.string(expecting("a user name", "expected a POSIX user name, e.g. root")).regex(USER_NAME).default("root"),
      privateKey: secretText("a private key", "expected the private key text (OpenSSH or PEM) as a non-empty string").optional(),
      privateKeyPassphrase: secretText("a passphrase", "expected the key's passphrase as a non-empty string").optional(),
      password: secretText("a password", "expected the password as a non-empty string").optional(),
      agent: path("an ssh-agent socket path", "/run/user/1000/ssh-agent.socket").optional(),
      hostKey: z
        .string(expecting("a host key fingerprint", "expected SHA256: and 43 base64 characters as ssh-keygen -lf prints it, e.g. SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8"))
        .regex(HOST_KEY_FINGERPRINT)
        .optional(),
      knownHostsFile: path("a known_hosts path", "~/.ssh/known_hosts").optional(),
      insecureIgnoreHostKey: flag("insecureIgnoreHostKey").default(false),
      timeoutMs: z
        .number(expecting("a timeout", "expected an integer number of milliseconds from 1000 to 3600000, e.g. 60000"))
        .int()
        .min(1000)
        .max(3_600_000)
        .default(DEFAULT_TIMEOUT_MS),
      sudo: flag("sudo").default(false),
    },
    expecting("a connection", `expected an object with the properties host (required), ${CONNECTION_KEYS.slice(1).join(", ")}`),
  )
  .strict();

/** `connection` as the user may write it (before defaults). */
export type ConnectionInput = z.input<typeof connectionSchema>;

// Compile-time proof that the schema produces the `Connection` the SSH layer expects.
const _schemaProducesConnection: (parsed: z.output<typeof connectionSchema>) => Connection = (parsed) => parsed;

/**
 * Validates a `connection` on its own (e.g. from old outputs in `read` and `delete`,
 * whose other properties hold resolved values) and applies the defaults.
 *
 * @param raw - the `connection` value
 * @throws ValidationError naming every failure, as `check` words it
 */
export function parseConnection(raw: unknown): Connection {
  return parseInputs(z.object({ connection: connectionSchema }), { connection: raw }, "connection").connection;
}
