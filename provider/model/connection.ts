/**
 * How to reach a host's dom0 over SSH, after validation and defaults
 * (`schema/connection.ts` produces it from user input; `remote/ssh.ts` uses it).
 */
export interface Connection {
  /** dom0 address or name. */
  host: string;
  /** SSH port, default 22. */
  port: number;
  /** Login user, default `root`. */
  user: string;
  /** PEM/OpenSSH private key text. */
  privateKey?: string | undefined;
  /** Passphrase of `privateKey`. */
  privateKeyPassphrase?: string | undefined;
  /** Password authentication. */
  password?: string | undefined;
  /** ssh-agent socket path; `SSH_AUTH_SOCK` is used when no key, password or agent is given. */
  agent?: string | undefined;
  /** Pinned host key fingerprint, `SHA256:<base64 without padding>` as `ssh-keygen -lf` prints it. */
  hostKey?: string | undefined;
  /** known_hosts file used when `hostKey` is absent; default `~/.ssh/known_hosts`. */
  knownHostsFile?: string | undefined;
  /** Accept any host key (tests and first contact only). Default false. */
  insecureIgnoreHostKey: boolean;
  /** Connect deadline and per-command deadline in milliseconds. */
  timeoutMs: number;
  /** Prefix commands with `sudo -n` (for a non-root user). Default false. */
  sudo: boolean;
}

/** Default connect and per-command deadline. */
export const DEFAULT_TIMEOUT_MS = 60_000;
