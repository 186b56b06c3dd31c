/**
 * Secrets on the plugin's wire. The plugin tells the engine it accepts
 * secrets, so the engine sends every secret value wrapped in Pulumi's secret
 * object (`{"4dabf181…": "1b470612…", value}`) and stores what the plugin
 * answers as it is: a value the plugin returns unwrapped lands in the state in
 * plain text. The providers work on plain values; these functions take the
 * wrappers off on the way in and put them back on the way out. Pure.
 */
import { specialSecretSig, specialSigKey } from "@pulumi/pulumi/runtime/rpc";
import { CONNECTION_SECRET_KEYS } from "../schema/connection";

/** A property bag as it travels (`Struct.toJavaScript()`). */
export type Props = Record<string, unknown>;

/** A value wrapped as a secret. */
export interface SecretValue {
  [specialSigKey]: typeof specialSecretSig;
  value: unknown;
}

/** Whether `value` is a secret wrapper. */
export function isSecret(value: unknown): value is SecretValue {
  return typeof value === "object" && value !== null && (value as Record<string, unknown>)[specialSigKey] === specialSecretSig;
}

/**
 * `value` wrapped as a secret (a wrapper stays as it is: never twice).
 *
 * @param value - any wire value
 */
export function secret(value: unknown): SecretValue {
  return isSecret(value) ? value : { [specialSigKey]: specialSecretSig, value };
}

/**
 * `value` with every secret wrapper taken off, at any depth.
 *
 * @param value - a wire value
 */
export function reveal(value: unknown): unknown {
  if (isSecret(value)) return reveal(value.value);
  if (Array.isArray(value)) return value.map(reveal);
  if (typeof value === "object" && value !== null) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, reveal(item)]));
  return value;
}

/**
 * A property bag with every secret wrapper taken off.
 *
 * @param props - as the engine sent it
 */
export function revealProps(props: Props): Props {
  return reveal(props) as Props;
}

/** Whether `value` is or holds a secret wrapper. */
export function containsSecret(value: unknown): boolean {
  if (isSecret(value)) return true;
  if (Array.isArray(value)) return value.some(containsSecret);
  if (typeof value === "object" && value !== null) return Object.values(value).some(containsSecret);
  return false;
}

function isPlainObject(value: unknown): value is Props {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !isSecret(value);
}

/**
 * Marks secret what came in secret, as the engine does for providers that do
 * not accept secrets (`annotateSecrets` in pkg/resource/plugin): for each
 * property of `ins`, an output of the same name is wrapped when the input held
 * a secret, property by property inside objects.
 *
 * @param outs - plain outputs of a provider
 * @param ins - the inputs (or old state) as the engine sent them
 */
export function annotateSecrets(outs: Props, ins: Props): Props {
  return Object.fromEntries(
    Object.entries(outs).map(([key, out]) => {
      const input = ins[key];
      if (isPlainObject(out) && isPlainObject(input)) return [key, annotateSecrets(out, input)];
      return [key, containsSecret(input) ? secret(out) : out];
    }),
  );
}

/**
 * `props` with the connection's credentials (`privateKey`,
 * `privateKeyPassphrase`, `password`) wrapped as secrets wherever they are
 * not yet: whatever the program sent (a plain string from a YAML program), the
 * state never holds them in plain text. A connection wrapped whole stays so.
 *
 * @param props - inputs or outputs, wrapped or not
 */
export function withSecretCredentials(props: Props): Props {
  const connection = props.connection;
  if (!isPlainObject(connection)) return props;
  const wrapped = Object.fromEntries(
    Object.entries(connection).map(([key, value]) => [key, (CONNECTION_SECRET_KEYS as readonly string[]).includes(key) && value !== undefined ? secret(value) : value]),
  );
  return { ...props, connection: wrapped };
}

/**
 * What the plugin answers for plain provider outputs: secret where the
 * inputs were, and the credentials always.
 *
 * @param outs - plain outputs
 * @param ins - the inputs or old state as the engine sent them (none for an import)
 */
export function secretOutputs(outs: Props, ins: Props = {}): Props {
  return withSecretCredentials(annotateSecrets(outs, ins));
}
