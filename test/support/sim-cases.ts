/**
 * The simulated hosts every integration suite runs against, as one list, and
 * the `connection` input that reaches a simulated host.
 */
import * as fs from "node:fs";
import type { Profile, SimHost } from "../../sim";

/** One simulated host flavour: a profile, optionally behind XenServer 6.2's old sshd. */
export interface SimCase {
  /** Name in test titles and temporary directories. */
  name: string;
  profile: Profile;
  /** OpenSSH 4.3's algorithm set and an RSA client key (`startSimHost`'s `legacySsh`). */
  legacySsh: boolean;
}

/** Every flavour the integration suites run: the three profiles, and XenServer 6.2 with its own sshd. */
export const SIM_CASES: readonly SimCase[] = [
  { name: "xs62", profile: "xs62", legacySsh: false },
  { name: "xs82", profile: "xs82", legacySsh: false },
  { name: "xcpng83", profile: "xcpng83", legacySsh: false },
  { name: "xs62-legacy", profile: "xs62", legacySsh: true },
];

/** A valid `connection` input for `sim`: its user, its client key, its host key pinned. */
export function simConnection(sim: SimHost): Record<string, unknown> {
  return {
    host: sim.info.host,
    port: sim.info.port,
    user: sim.info.user,
    privateKey: fs.readFileSync(sim.info.privateKeyPath, "utf8"),
    hostKey: sim.info.hostKeyFingerprint,
  };
}
