/**
 * The host key decision: pinned fingerprint, else known_hosts, else refuse.
 * Pure: the caller reads the known_hosts file and hands over its text.
 */
import { HostKeyError } from "../errors";
import { fingerprintSha256, hostKeyPathForType, keyTypeOfBlob, normalizeFingerprint } from "./fingerprint";
import { knownHostsName, lookupHostKey, parseKnownHosts } from "./known-hosts";

/** Everything the decision depends on, besides the presented key. */
export interface HostKeyPolicy {
  host: string;
  port: number;
  /** Pinned `SHA256:…` fingerprint; when set, known_hosts is not consulted. */
  hostKey: string | undefined;
  /** Path of the known_hosts file, for messages. */
  knownHostsFile: string;
  /** Its content, or `undefined` when the file does not exist. */
  knownHostsText: string | undefined;
  insecureIgnoreHostKey: boolean;
}

/**
 * Returns `undefined` when the presented key may be trusted, else the
 * HostKeyError to fail the connection with (it names the fingerprint to pin).
 */
export function checkHostKey(policy: HostKeyPolicy, keyBlob: Uint8Array): HostKeyError | undefined {
  if (policy.insecureIgnoreHostKey) return undefined;
  const presented = fingerprintSha256(keyBlob);
  const where = `${policy.host}:${policy.port}`;
  const checkOnHost = `ssh-keygen -lf ${hostKeyPathForType(keyTypeOfBlob(keyBlob))}`;
  const pinHint = `If this is the right host, pin it: set connection.hostKey to "${presented}" (check it on the host with: ${checkOnHost}).`;

  if (policy.hostKey !== undefined) {
    const pinned = normalizeFingerprint(policy.hostKey) ?? policy.hostKey;
    if (pinned === presented) return undefined;
    return new HostKeyError(
      `connecting to ${where}: the host key ${presented} does not match connection.hostKey (${policy.hostKey}).`,
      presented,
      {
        hint:
          `Check the key on the host with: ${checkOnHost}. If the host's key was replaced on purpose, ` +
          `set connection.hostKey to "${presented}"; otherwise do not connect: someone may be intercepting the connection.`,
      },
    );
  }

  const file = policy.knownHostsFile;
  if (policy.knownHostsText === undefined) {
    return new HostKeyError(
      `connecting to ${where}: the host key ${presented} matches neither connection.hostKey nor ${file} (the file does not exist).`,
      presented,
      { hint: pinHint },
    );
  }

  const verdict = lookupHostKey(parseKnownHosts(policy.knownHostsText), policy.host, policy.port, keyBlob);
  switch (verdict.kind) {
    case "trusted":
      return undefined;
    case "revoked":
      return new HostKeyError(
        `connecting to ${where}: the host key ${presented} is marked @revoked in ${file} (line ${verdict.lineNumber}).`,
        presented,
        { hint: "A revoked key is never accepted. Give the host a new key, then pin it with connection.hostKey." },
      );
    case "changed":
      return new HostKeyError(
        `connecting to ${where}: the host key ${presented} differs from the key ${file} holds for this host ` +
          `(line ${verdict.lineNumbers.join(", ")}): the host was reinstalled, or someone is intercepting the connection (man-in-the-middle).`,
        presented,
        {
          hint:
            `Check the key on the host with: ${checkOnHost}. Only if it prints ${presented}, remove the old entry ` +
            `(ssh-keygen -R '${knownHostsName(policy.host, policy.port)}' -f ${file}) or set connection.hostKey to "${presented}".`,
        },
      );
    case "other-types-known":
      return new HostKeyError(
        `connecting to ${where}: the host key ${presented} matches neither connection.hostKey nor ${file}, ` +
          `which holds only ${verdict.keyTypes.join(", ")} keys for this host.`,
        presented,
        { hint: pinHint },
      );
    case "unknown":
      return new HostKeyError(
        `connecting to ${where}: the host key ${presented} matches neither connection.hostKey nor ${file}.`,
        presented,
        { hint: pinHint },
      );
  }
}
