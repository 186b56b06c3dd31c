/**
 * Host key fingerprints in the form `ssh-keygen -lf` prints them. Pure: no I/O.
 */
import { createHash } from "node:crypto";

/** Prefix of every SHA-256 fingerprint, as OpenSSH writes it. */
const SHA256_PREFIX = "SHA256:";

/**
 * `SHA256:<base64 without padding>` of an SSH public key blob (the wire-format key,
 * i.e. the base64-decoded second field of a `.pub` or known_hosts line).
 */
export function fingerprintSha256(keyBlob: Uint8Array): string {
  const digest = createHash("sha256").update(keyBlob).digest("base64");
  return SHA256_PREFIX + digest.replace(/=+$/, "");
}

/**
 * Canonical form of a user-supplied fingerprint, so that a pin copied with its
 * base64 padding (some tools print it) still compares equal. Returns `undefined`
 * when the text is not a SHA-256 fingerprint at all.
 */
export function normalizeFingerprint(text: string): string | undefined {
  const trimmed = text.trim();
  if (!trimmed.startsWith(SHA256_PREFIX)) return undefined;
  const body = trimmed.slice(SHA256_PREFIX.length).replace(/=+$/, "");
  // A SHA-256 digest is 32 bytes: 43 base64 characters once the padding is gone.
  if (!/^[A-Za-z0-9+/]{43}$/.test(body)) return undefined;
  return SHA256_PREFIX + body;
}

/**
 * The key type named inside an SSH public key blob (`ssh-rsa`, `ssh-ed25519`,
 * `ecdsa-sha2-nistp256`…): the blob starts with a length-prefixed type string.
 * Returns `undefined` for a blob too short to hold one.
 */
export function keyTypeOfBlob(keyBlob: Uint8Array): string | undefined {
  if (keyBlob.length < 4) return undefined;
  const view = new DataView(keyBlob.buffer, keyBlob.byteOffset, keyBlob.byteLength);
  const length = view.getUint32(0);
  if (length === 0 || 4 + length > keyBlob.length) return undefined;
  return Buffer.from(keyBlob.subarray(4, 4 + length)).toString("latin1");
}

/**
 * Where OpenSSH keeps the host's public key of a given type, for hints that tell
 * the operator how to check a fingerprint on the host itself.
 */
export function hostKeyPathForType(keyType: string | undefined): string {
  if (keyType === "ssh-ed25519") return "/etc/ssh/ssh_host_ed25519_key.pub";
  if (keyType?.startsWith("ecdsa-") === true) return "/etc/ssh/ssh_host_ecdsa_key.pub";
  if (keyType === "ssh-dss") return "/etc/ssh/ssh_host_dsa_key.pub";
  return "/etc/ssh/ssh_host_rsa_key.pub";
}
