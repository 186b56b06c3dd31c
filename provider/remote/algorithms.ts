/**
 * Transport algorithm lists offered to the server. Pure data, shaped like the
 * `algorithms` option of ssh2 (`remove`, then `prepend`, then `append`, applied
 * to ssh2's own modern defaults), so that the defaults stay ssh2's and only the
 * legacy additions are ours.
 */

/** Adjustments to one category of ssh2's default list. Keys apply in this order. */
export interface AlgorithmAdjustment {
  remove: string[];
  prepend: string[];
  append: string[];
}

/** Adjustments for every category ssh2 negotiates. */
export interface AlgorithmAdjustments {
  kex: AlgorithmAdjustment;
  serverHostKey: AlgorithmAdjustment;
  cipher: AlgorithmAdjustment;
  hmac: AlgorithmAdjustment;
}

/**
 * What XenServer 6.2's sshd (OpenSSH 4.3) can negotiate, appended after the
 * modern defaults so that a modern server never picks them.
 */
export const LEGACY_ALGORITHMS = {
  kex: ["diffie-hellman-group14-sha1", "diffie-hellman-group-exchange-sha1"],
  serverHostKey: ["ssh-rsa"],
  cipher: ["aes128-cbc"],
  hmac: ["hmac-sha1"],
} as const;

/** Host key types ssh2 verifies, each with the signature algorithms that prove possession of such a key. */
const HOST_KEY_ALGORITHMS_BY_KEY_TYPE: Readonly<Record<string, readonly string[]>> = {
  "ssh-ed25519": ["ssh-ed25519"],
  "ecdsa-sha2-nistp256": ["ecdsa-sha2-nistp256"],
  "ecdsa-sha2-nistp384": ["ecdsa-sha2-nistp384"],
  "ecdsa-sha2-nistp521": ["ecdsa-sha2-nistp521"],
  "ssh-rsa": ["rsa-sha2-512", "rsa-sha2-256", "ssh-rsa"],
};

/** Unknown types (certificates, security keys) are left out: ssh2 rejects names it does not support. */
function hostKeyAlgorithmsForKeyType(keyType: string): readonly string[] {
  return Object.hasOwn(HOST_KEY_ALGORITHMS_BY_KEY_TYPE, keyType) ? (HOST_KEY_ALGORITHMS_BY_KEY_TYPE[keyType] ?? []) : [];
}

/**
 * The algorithm adjustments for one connection. `preferredHostKeyTypes` are the
 * key types known_hosts already holds for the host: like OpenSSH, offer them
 * first, so that a host known by its RSA key is not asked for a never-seen
 * ed25519 key (which would look like a changed key).
 */
export function algorithmAdjustments(preferredHostKeyTypes: readonly string[] = []): AlgorithmAdjustments {
  const preferred = [...new Set(preferredHostKeyTypes.flatMap(hostKeyAlgorithmsForKeyType))];
  const adjust = (append: readonly string[]): AlgorithmAdjustment => ({ remove: [], prepend: [], append: [...append] });
  return {
    kex: adjust(LEGACY_ALGORITHMS.kex),
    // ssh2 ignores a prepend of a name already in the list, so remove it first to move it.
    serverHostKey: { remove: preferred, prepend: preferred, append: [...LEGACY_ALGORITHMS.serverHostKey] },
    cipher: adjust(LEGACY_ALGORITHMS.cipher),
    hmac: adjust(LEGACY_ALGORITHMS.hmac),
  };
}
