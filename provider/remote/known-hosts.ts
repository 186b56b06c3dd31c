/**
 * OpenSSH known_hosts parsing and lookup. Pure: the caller reads the file.
 *
 * Supports plain and hashed (`|1|salt|hash`) host fields, comma-separated
 * patterns with `*`, `?` and `!` negation, the `[host]:port` form for ports other
 * than 22, and the `@revoked` / `@cert-authority` markers.
 */
import { createHmac, timingSafeEqual } from "node:crypto";

import { keyTypeOfBlob } from "./fingerprint";

/** A line marker: `@revoked` keys are never accepted; `@cert-authority` keys sign host certificates. */
export type KnownHostsMarker = "revoked" | "cert-authority";

/** The host field of a known_hosts line. */
export type KnownHostsHosts =
  | { kind: "hashed"; salt: Buffer; hash: Buffer }
  | { kind: "patterns"; patterns: string[] };

/** One usable line of a known_hosts file. */
export interface KnownHostsEntry {
  /** 1-based line number in the file, for messages. */
  lineNumber: number;
  marker: KnownHostsMarker | undefined;
  hosts: KnownHostsHosts;
  /** Key type as written on the line, e.g. `ssh-ed25519`. */
  keyType: string;
  /** The decoded public key blob. */
  keyBlob: Buffer;
}

/** What known_hosts says about a presented host key. */
export type KnownHostsVerdict =
  /** A plain entry for this host holds exactly this key. */
  | { kind: "trusted"; lineNumber: number }
  /** The key is listed under `@revoked`. */
  | { kind: "revoked"; lineNumber: number }
  /** Entries for this host hold a different key of the same type: possible man-in-the-middle. */
  | { kind: "changed"; lineNumbers: number[] }
  /** Entries for this host exist, but only for other key types. */
  | { kind: "other-types-known"; keyTypes: string[] }
  /** No entry for this host. */
  | { kind: "unknown" };

const HASH_MAGIC = "|1|";

/**
 * Parses known_hosts text. Comments, blank and malformed lines are skipped, as
 * OpenSSH does, so one bad line does not make the whole file unusable.
 */
export function parseKnownHosts(text: string): KnownHostsEntry[] {
  const entries: KnownHostsEntry[] = [];
  text.split(/\r?\n/).forEach((rawLine, index) => {
    const entry = parseLine(rawLine, index + 1);
    if (entry) entries.push(entry);
  });
  return entries;
}

function parseLine(rawLine: string, lineNumber: number): KnownHostsEntry | undefined {
  const line = rawLine.trim();
  if (line === "" || line.startsWith("#")) return undefined;
  const fields = line.split(/\s+/);
  let marker: KnownHostsMarker | undefined;
  if (fields[0]?.startsWith("@") === true) {
    const name = fields.shift();
    if (name === "@revoked") marker = "revoked";
    else if (name === "@cert-authority") marker = "cert-authority";
    else return undefined;
  }
  const [hostField, keyType, keyText] = fields;
  if (hostField === undefined || keyType === undefined || keyText === undefined) return undefined;
  const hosts = parseHosts(hostField);
  const keyBlob = decodeBase64Strict(keyText);
  if (!hosts || !keyBlob) return undefined;
  return { lineNumber, marker, hosts, keyType, keyBlob };
}

function parseHosts(field: string): KnownHostsHosts | undefined {
  if (!field.startsWith(HASH_MAGIC)) {
    const patterns = field.split(",").filter((p) => p !== "");
    return patterns.length > 0 ? { kind: "patterns", patterns } : undefined;
  }
  const [salt, hash] = field.slice(HASH_MAGIC.length).split("|").map(decodeBase64Strict);
  // HMAC-SHA1: 20-byte salt and digest.
  if (salt?.length !== 20 || hash?.length !== 20) return undefined;
  return { kind: "hashed", salt, hash };
}

function decodeBase64Strict(text: string): Buffer | undefined {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text)) return undefined;
  const bytes = Buffer.from(text, "base64");
  return bytes.length > 0 ? bytes : undefined;
}

/**
 * The name OpenSSH looks up for a host: `host` on port 22, `[host]:port` otherwise.
 * Lower-cased because OpenSSH compares host names case-insensitively.
 */
export function knownHostsName(host: string, port: number): string {
  const name = host.toLowerCase();
  return port === 22 ? name : `[${name}]:${port}`;
}

/** Whether a known_hosts entry's host field matches this host and port. */
export function entryMatchesHost(entry: KnownHostsEntry, host: string, port: number): boolean {
  const name = knownHostsName(host, port);
  if (entry.hosts.kind === "hashed") {
    const digest = createHmac("sha1", entry.hosts.salt).update(name).digest();
    return timingSafeEqual(digest, entry.hosts.hash);
  }
  return matchPatternList(name, entry.hosts.patterns);
}

/** OpenSSH semantics: any matching negated pattern vetoes; otherwise any positive match wins. */
function matchPatternList(name: string, patterns: readonly string[]): boolean {
  let matched = false;
  for (const pattern of patterns) {
    const negated = pattern.startsWith("!");
    const body = (negated ? pattern.slice(1) : pattern).toLowerCase();
    if (!matchWildcard(name, body)) continue;
    if (negated) return false;
    matched = true;
  }
  return matched;
}

/** `*` matches any run of characters, `?` exactly one; everything else is literal. */
function matchWildcard(name: string, pattern: string): boolean {
  const source = pattern
    .split("")
    .map((ch) => (ch === "*" ? ".*" : ch === "?" ? "." : ch.replace(/[\\^$.|+()[\]{}]/g, "\\$&")))
    .join("");
  return new RegExp(`^${source}$`, "s").test(name);
}

/**
 * Decides what the known_hosts entries say about `keyBlob` presented by
 * `host:port`. A revoked key is refused whatever host its line names: stricter
 * than OpenSSH, on purpose, since a revoked key should never be trusted anywhere.
 */
export function lookupHostKey(
  entries: readonly KnownHostsEntry[],
  host: string,
  port: number,
  keyBlob: Uint8Array,
): KnownHostsVerdict {
  const presented = Buffer.from(keyBlob);
  const revoked = entries.find((e) => e.marker === "revoked" && e.keyBlob.equals(presented));
  if (revoked) return { kind: "revoked", lineNumber: revoked.lineNumber };

  const forHost = entries.filter((e) => e.marker === undefined && entryMatchesHost(e, host, port));
  const trusted = forHost.find((e) => e.keyBlob.equals(presented));
  if (trusted) return { kind: "trusted", lineNumber: trusted.lineNumber };
  if (forHost.length === 0) return { kind: "unknown" };

  const presentedType = keyTypeOfBlob(presented);
  const sameType = forHost.filter((e) => keyTypeOfBlob(e.keyBlob) === presentedType);
  if (sameType.length > 0) return { kind: "changed", lineNumbers: sameType.map((e) => e.lineNumber) };
  return { kind: "other-types-known", keyTypes: [...new Set(forHost.map((e) => e.keyType))] };
}

/**
 * Key types known_hosts holds for this host, in file order, so the client can
 * prefer them in negotiation (as OpenSSH does) instead of being offered a key
 * type the file has never seen.
 */
export function knownKeyTypesForHost(entries: readonly KnownHostsEntry[], host: string, port: number): string[] {
  const types = entries
    .filter((e) => e.marker === undefined && entryMatchesHost(e, host, port))
    .map((e) => e.keyType);
  return [...new Set(types)];
}
