/**
 * Reliability: host keys. A wrong pin, an unknown host, and keys changed since
 * known_hosts recorded them (plain, hashed, RSA), through create, read and
 * delete of both providers: every one is refused before any command runs, and
 * the error names the fingerprint the host presented.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { providers } from "../../provider";
import { HostKeyError } from "../../provider/errors";
import { closeSessions } from "../../provider/host/session/session-registry";
import { CaseTally, engineCalls, rejectionOf, startReliabilitySim, type ReliabilitySim } from "./support";

const TV = "3e5b9d70-1f2c-4a8e-b6d4-90c1e7f2a845";
/** Another ed25519 public key, for a known_hosts entry that holds the wrong key. */
const OTHER_ED25519 = "AAAAC3NzaC1lZDI1NTE5AAAAIEWNDTfsp9ZUX/ksvKvAU0T2H/8GGCCzaS1dedX1ULVB";
const WRONG_PIN = "SHA256:i5VSkS/sP87roBWzOzIpqGlpqGP6Owj/HC2Wj/H0CN8";

/** A way the host's key fails to match, and the fingerprint the refusal must show. */
interface Scenario {
  name: string;
  /** `connection` overrides. */
  connection: Record<string, unknown>;
  presented: string;
}

describe("host keys through both providers", () => {
  let rel: ReliabilitySim;

  beforeAll(async () => {
    rel = await startReliabilitySim("host-keys");
  });

  afterAll(async () => {
    await rel.stop();
  });

  function knownHosts(name: string, text: string, hashed = false): string {
    const file = path.join(rel.dir, name);
    fs.writeFileSync(file, text);
    if (hashed) execFileSync("ssh-keygen", ["-q", "-H", "-f", file], { stdio: "ignore" });
    return file;
  }

  function otherRsaKey(): string {
    const file = path.join(rel.dir, "other_rsa");
    execFileSync("ssh-keygen", ["-q", "-t", "rsa", "-b", "2048", "-N", "", "-f", file], { stdio: "ignore" });
    return fs.readFileSync(`${file}.pub`, "utf8").split(" ")[1] ?? "";
  }

  function scenarios(): Scenario[] {
    const entry = `[127.0.0.1]:${rel.sim.info.port}`;
    const ed25519 = rel.sim.info.hostKeyFingerprint;
    const noPin = (file: string) => ({ hostKey: undefined, knownHostsFile: file });
    return [
      { name: "a wrong pin", connection: { hostKey: WRONG_PIN }, presented: ed25519 },
      { name: "no pin and an empty known_hosts", connection: noPin(knownHosts("empty", "")), presented: ed25519 },
      { name: "no pin and a missing known_hosts", connection: noPin(path.join(rel.dir, "absent_known_hosts")), presented: ed25519 },
      { name: "a changed key in known_hosts", connection: noPin(knownHosts("changed", `${entry} ssh-ed25519 ${OTHER_ED25519}\n`)), presented: ed25519 },
      { name: "a changed key in a hashed known_hosts", connection: noPin(knownHosts("hashed", `${entry} ssh-ed25519 ${OTHER_ED25519}\n`, true)), presented: ed25519 },
      {
        name: "a changed RSA key in known_hosts (the client asks for RSA)",
        connection: noPin(knownHosts("changed_rsa", `${entry} ssh-rsa ${otherRsaKey()}\n`)),
        presented: rel.sim.hostKeyFingerprints().rsa,
      },
    ];
  }

  it("refuses every mismatching host key before any command runs and names the presented fingerprint", async () => {
    const tally = new CaseTally();
    const pci = engineCalls(providers.pciAssignment);
    const hidden = engineCalls(providers.hiddenPciDevice);
    const before = rel.sim.state();
    const list = scenarios();
    for (const scenario of list) {
      const connection = Object.fromEntries(
        Object.entries({ ...rel.connection, ...scenario.connection }).filter(([, value]) => value !== undefined),
      );
      const assignment = { connection, vmUuid: TV, devices: ["0000:06:00.0"], coldBoot: "never" };
      const device = { connection, address: "0000:06:00.0", method: "auto" };
      const operations: [string, () => Promise<unknown>][] = [
        ["PciAssignment create", () => pci.create({ connection, vmUuid: TV, devices: ["06:00.0"] })],
        ["PciAssignment read", () => pci.read(`127.0.0.1/${TV}`, assignment)],
        ["PciAssignment delete", () => pci.delete(`127.0.0.1/${TV}`, assignment)],
        ["HiddenPciDevice create", () => hidden.create({ connection, address: "06:00.0" })],
        ["HiddenPciDevice read", () => hidden.read("127.0.0.1/0000:06:00.0", device)],
        ["HiddenPciDevice delete", () => hidden.delete("127.0.0.1/0000:06:00.0", device)],
      ];
      for (const [operation, run] of operations) {
        await tally.run(`${operation} with ${scenario.name}`, async () => {
          await closeSessions();
          rel.sim.resetCounters();
          const error = await rejectionOf(run());
          const counters = rel.sim.state().counters;
          expect(error).toBeInstanceOf(HostKeyError);
          const refusal = error as HostKeyError;
          expect({ code: refusal.code, presented: refusal.presentedFingerprint }).toEqual({ code: "HOST_KEY_REJECTED", presented: scenario.presented });
          expect(refusal.message).toMatch(/^Unable to (create|read|delete) (PCI assignment for VM|hidden PCI device) /);
          expect(refusal.message).toContain(`the host key ${scenario.presented} `);
          expect(refusal.message).toContain(`"${scenario.presented}"`);
          expect({ execs: counters.execs, xeCalls: counters.xeCalls, atMostOneConnection: counters.sshConnections <= 1 }).toEqual({
            execs: 0,
            xeCalls: 0,
            atMostOneConnection: true,
          });
        });
      }
    }
    await tally.run("the host is exactly as before", () => {
      const after = rel.sim.state();
      expect({ vms: after.vms, bootConfig: after.bootConfig, pcis: after.pcis }).toEqual({ vms: before.vms, bootConfig: before.bootConfig, pcis: before.pcis });
    });
    const row = tally.record(
      "host keys",
      `${list.length} mismatches (wrong pin, unknown host, changed key plain/hashed/RSA) x create/read/delete of 2 providers: refused before any exec, fingerprint shown`,
    );
    expect(tally.failures).toEqual([]);
    expect(row.held).toBe(row.cases);
  });
});
