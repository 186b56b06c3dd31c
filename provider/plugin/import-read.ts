/**
 * `read` for an import: the engine gives the ID and nothing else. The
 * connection comes from the ID and the environment (import-connection.ts),
 * the resource is read by the provider's own `read` as a refresh reads it,
 * and the answer adds the inputs that `pulumi import` prints as code: what was
 * read (the VM and its devices in order; the address and its method), the
 * defaults of the rest, and the connection without its credentials.
 */
import { HostStateError, ValidationError } from "../errors";
import { resourceId } from "../providers/adapter";
import { withContext } from "../providers/error-context";
import { failuresFrom } from "../schema/failures";
import { vmUuidSchema } from "../schema/pci-assignment";
import { pciAddressSchema, toNormalisedAddress } from "../schema/pci-address";
import { environmentSecrets, importConnection, withoutCredentials, type Env, type ReadTextFile } from "./import-connection";
import { parseImportId } from "./import-id";
import { RESOURCE_PROVIDERS } from "./resource-providers";
import type { ResourceKind } from "./tokens";

/** What `read` answers for an import: plain values (the caller wraps the secrets). */
export interface ImportResult {
  /** The resource's id, in the form `create` gives it (`<host>/<what>`). */
  id: string;
  /** The outputs, as a refresh reads them. */
  props: Record<string, unknown>;
  /** The inputs that lead to these outputs, for the generated code and the state. */
  inputs: Record<string, unknown>;
}

/** Where an import finds its connection: the plugin's environment and files. */
export interface ImportSource {
  env: Env;
  readFile: ReadTextFile;
}

interface Target {
  noun: string;
  what: string;
  parse: (target: string) => string;
}

function parseWith(schema: typeof vmUuidSchema, normalise: (value: string) => string): (target: string) => string {
  return (target) => {
    const result = schema.safeParse(target);
    if (result.success) return normalise(result.data);
    throw new ValidationError(failuresFrom(result.error, target, false).map((failure) => failure.reason).join("; "), {
      hint: "Correct the part of the import ID after the slash, then import again.",
    });
  };
}

const TARGETS: Record<ResourceKind, Target> = {
  pciAssignment: { noun: "PCI assignment", what: "<vm-uuid>", parse: parseWith(vmUuidSchema, (uuid) => uuid) },
  hiddenPciDevice: { noun: "hidden PCI device", what: "<pci-address>", parse: parseWith(pciAddressSchema, toNormalisedAddress) },
};

/** The connection and the target of an import ID, or the reason there are none. */
function prepare(kind: ResourceKind, id: string, source: ImportSource): { connection: Record<string, unknown>; host: string; target: string } {
  const { noun, what, parse } = TARGETS[kind];
  try {
    const parsed = parseImportId(id, what);
    const target = parse(parsed.target);
    return { connection: importConnection(parsed, source.env, source.readFile), host: parsed.host, target };
  } catch (error) {
    // The connection was not built: its credentials are the environment's (a key file's text never reaches a message).
    throw withContext(`Unable to import ${noun} from ID ${JSON.stringify(id)}`, error, environmentSecrets(source.env));
  }
}

async function importPciAssignment(id: string, source: ImportSource): Promise<ImportResult> {
  const { connection, host, target: vmUuid } = prepare("pciAssignment", id, source);
  const canonical = resourceId(host, vmUuid);
  const read = await RESOURCE_PROVIDERS.pciAssignment.read(canonical, { connection, vmUuid });
  const prefix = `Unable to import PCI assignment for VM ${vmUuid}`;
  if (read.id === "") {
    throw withContext(
      prefix,
      new HostStateError("VM_NOT_FOUND", `no VM with UUID ${vmUuid} exists on ${host}.`, {
        hint: "Check the VM UUID of the import ID against `xe vm-list params=uuid,name-label` on the host (or `npx pulumi-xenserver-pci vms`).",
      }),
    );
  }
  const outs = read.props;
  if (!Array.isArray(outs.devices) || outs.devices.length === 0) {
    throw withContext(
      prefix,
      new HostStateError("NOTHING_TO_IMPORT", `VM ${JSON.stringify(outs.vmName)} on ${host} has no other-config:pci key.`, {
        hint: `Check the VM UUID of the import ID (\`xe vm-param-get uuid=${vmUuid} param-name=other-config param-key=pci\` on the host); to create the key instead, declare the resource without importing it.`,
      }),
    );
  }
  const inputs = { connection: withoutCredentials(connection), vmUuid: outs.vmUuid, devices: outs.devices, coldBoot: outs.coldBoot, pinToHost: outs.pinToHost };
  return { id: canonical, props: outs, inputs };
}

async function importHiddenPciDevice(id: string, source: ImportSource): Promise<ImportResult> {
  const { connection, host, target: address } = prepare("hiddenPciDevice", id, source);
  const canonical = resourceId(host, address);
  const read = await RESOURCE_PROVIDERS.hiddenPciDevice.read(canonical, { connection, address });
  const outs = read.props;
  if (outs.hiddenInBootConfig !== true) {
    throw withContext(
      `Unable to import hidden PCI device ${address} on ${host}`,
      new HostStateError("NOTHING_TO_IMPORT", `${address} is not in the hide list of ${host} (method ${String(outs.method)}).`, {
        hint: "Check the PCI address of the import ID (`npx pulumi-xenserver-pci devices` shows what the boot configuration hides); to hide the device instead, declare the resource without importing it.",
      }),
    );
  }
  const inputs = { connection: withoutCredentials(connection), address: outs.address, method: outs.method };
  return { id: canonical, props: outs, inputs };
}

/**
 * Reads the resource an import ID names.
 *
 * @param kind - which resource
 * @param id - the import ID, `[user@]host[:port]/<vm-uuid or pci-address>`
 * @param source - the environment and file reader for the credentials
 * @throws ValidationError for a bad ID or environment; the read's own errors; `NOTHING_TO_IMPORT` when there is no mapping to adopt
 */
export function importResource(kind: ResourceKind, id: string, source: ImportSource): Promise<ImportResult> {
  return kind === "pciAssignment" ? importPciAssignment(id, source) : importHiddenPciDevice(id, source);
}
