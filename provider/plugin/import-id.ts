/**
 * Import IDs: `[user@]host[:port]/<what>`, where `<what>` is a VM UUID
 * (`PciAssignment`) or a PCI address (`HiddenPciDevice`). An import gives the
 * provider nothing but this ID, so it carries where to connect; the
 * credentials come from the environment (import-connection.ts). The IDs that
 * `create` returns (`<host>/<what>`) are import IDs too. Pure.
 */
import { ValidationError } from "../errors";

/** An import ID taken apart; nothing validated but the shape. */
export interface ImportId {
  /** As written, without IPv6 brackets. */
  host: string;
  /** When the ID names one. */
  port?: number | undefined;
  /** When the ID names one. */
  user?: string | undefined;
  /** What follows the `/`: a VM UUID or a PCI address, unvalidated. */
  target: string;
}

/**
 * The form an import ID takes, for messages.
 *
 * @param what - `<vm-uuid>` or `<pci-address>`
 */
export function importIdForm(what: string): string {
  return `expected [user@]host[:port]/${what}, e.g. root@10.0.0.5:22/${what === "<vm-uuid>" ? "db4c64e1-44ce-f9f3-3236-0d86df260249" : "0000:06:00.0"}`;
}

function refuse(id: string, problem: string, what: string): never {
  throw new ValidationError(`the import ID ${JSON.stringify(id)} ${problem}; ${importIdForm(what)}`, {
    hint: "Give the host (with the user and SSH port when they are not root and 22), a slash, and the resource's key on that host.",
  });
}

/**
 * Splits `host[:port]`: a bracketed IPv6 address may carry a port
 * (`[fe80::1]:22`); an unbracketed one with two colons or more is all host.
 */
function splitHostPort(text: string): { host: string; portText?: string | undefined } | undefined {
  const bracketed = /^\[([^\]]+)\](?::(.*))?$/.exec(text);
  if (bracketed !== null) return { host: bracketed[1] ?? "", portText: bracketed[2] };
  const colons = text.split(":").length - 1;
  if (colons === 0) return { host: text };
  if (colons === 1) {
    const [host = "", portText = ""] = text.split(":");
    return { host, portText };
  }
  return text.includes("[") || text.includes("]") ? undefined : { host: text };
}

/**
 * Takes an import ID apart.
 *
 * @param id - the ID given to `pulumi import` or the `import` option
 * @param what - `<vm-uuid>` or `<pci-address>`, for messages
 * @throws ValidationError naming what is wrong with the ID
 */
export function parseImportId(id: string, what: string): ImportId {
  const slash = id.indexOf("/");
  if (slash < 0) refuse(id, "has no slash before the resource's key", what);
  const where = id.slice(0, slash);
  const target = id.slice(slash + 1);
  if (target === "" || target.includes("/")) refuse(id, `does not end in one ${what}`, what);
  const at = where.indexOf("@");
  const user = at < 0 ? undefined : where.slice(0, at);
  if (user === "") refuse(id, "has an empty user before @", what);
  const hostPort = splitHostPort(at < 0 ? where : where.slice(at + 1));
  if (hostPort === undefined || hostPort.host === "") refuse(id, "names no host", what);
  const { host, portText } = hostPort;
  if (portText !== undefined && !/^[0-9]{1,5}$/.test(portText)) refuse(id, `has ${JSON.stringify(portText)} where the port goes`, what);
  return { host, port: portText === undefined ? undefined : Number(portText), user, target };
}
