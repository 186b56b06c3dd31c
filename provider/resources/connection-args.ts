import type * as pulumi from "@pulumi/pulumi";

/** How to reach the host's dom0 over SSH (both resources take it). */
export interface ConnectionArgs {
  /** dom0 address or host name. Changing it replaces the resource. */
  host: pulumi.Input<string>;
  /** SSH port. Default 22. */
  port?: pulumi.Input<number>;
  /** Login user. Default `root`; another user needs `sudo: true`. */
  user?: pulumi.Input<string>;
  /** Private key text (OpenSSH or PEM). Pass it as a secret. */
  privateKey?: pulumi.Input<string>;
  /** Passphrase of `privateKey`. */
  privateKeyPassphrase?: pulumi.Input<string>;
  /** Password authentication. */
  password?: pulumi.Input<string>;
  /** ssh-agent socket; default `SSH_AUTH_SOCK` when no key or password is given. */
  agent?: pulumi.Input<string>;
  /** Pinned host key fingerprint, `SHA256:…` as `ssh-keygen -lf` prints it. */
  hostKey?: pulumi.Input<string>;
  /** known_hosts file used when `hostKey` is absent. Default `~/.ssh/known_hosts`. */
  knownHostsFile?: pulumi.Input<string>;
  /** Accept any host key. Default false; for throwaway test hosts only. */
  insecureIgnoreHostKey?: pulumi.Input<boolean>;
  /** Connect deadline and per-command deadline, in milliseconds. Default 60000. */
  timeoutMs?: pulumi.Input<number>;
  /** Prefix every command with `sudo -n`. Default false. */
  sudo?: pulumi.Input<boolean>;
}
