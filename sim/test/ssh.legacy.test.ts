import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { Algorithms, CipherAlgorithm, KexAlgorithm, MacAlgorithm, ServerHostKeyAlgorithm } from "ssh2";
import type { SimHost } from "../index";
import { startSimHost } from "../index";
import { fingerprintSeenByOpenssh, scannedFingerprint, ssh2Run } from "./ssh-test-client";

// ssh2's own defaults, which a client extends rather than replaces.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const defaults = require("ssh2/lib/protocol/constants") as {
  DEFAULT_KEX: KexAlgorithm[];
  DEFAULT_SERVER_HOST_KEY: ServerHostKeyAlgorithm[];
  DEFAULT_CIPHER: CipherAlgorithm[];
  DEFAULT_MAC: MacAlgorithm[];
};

/** The design's client algorithms: modern defaults, then what XenServer 6.2 speaks. */
const withLegacyAppended: Algorithms = {
  kex: [...defaults.DEFAULT_KEX, "diffie-hellman-group14-sha1", "diffie-hellman-group-exchange-sha1"],
  serverHostKey: [...defaults.DEFAULT_SERVER_HOST_KEY.filter((a) => a !== "ssh-rsa"), "ssh-rsa"],
  cipher: [...defaults.DEFAULT_CIPHER, "aes128-cbc"],
  hmac: [...defaults.DEFAULT_MAC.filter((a) => a !== "hmac-sha1"), "hmac-sha1"],
};

describe("a simulated host with XenServer 6.2's legacy sshd", () => {
  let dir: string;
  let sim: SimHost;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "sim-ssh-legacy-"));
    sim = await startSimHost({ dir, legacySsh: true });
  });

  afterAll(async () => {
    await sim.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test("ssh2 with its default algorithms cannot agree on a key exchange", async () => {
    await expect(ssh2Run(sim.info, "echo hello")).rejects.toThrow("Handshake failed: no matching key exchange algorithm");
  });

  test("ssh2 with the legacy algorithms appended to its defaults connects and runs commands", async () => {
    await expect(ssh2Run(sim.info, "echo hello", withLegacyAppended)).resolves.toEqual({
      stdout: "hello\n",
      stderr: "",
      exitCode: 0,
    });
  });

  test("the host presents only its RSA key, whose fingerprint startSimHost reports", () => {
    expect(sim.info.hostKeyFingerprint).toBe(sim.hostKeyFingerprints().rsa);
    expect(fingerprintSeenByOpenssh(sim.info, "ssh-rsa", "diffie-hellman-group14-sha1")).toBe(sim.hostKeyFingerprints().rsa);
    expect(() => scannedFingerprint(sim.info, "ed25519")).toThrow("ssh-keyscan found no ed25519 key");
  });

  test("the client key of a legacy host is an RSA key", () => {
    expect(fs.readFileSync(`${sim.info.privateKeyPath}.pub`, "utf8")).toMatch(/^ssh-rsa AAAA/);
  });

  test("sshd's effective configuration offers exactly OpenSSH 4.3's algorithms that OpenSSH 9.2 still implements", () => {
    const effective = spawnSync("/usr/sbin/sshd", ["-T", "-f", path.join(dir, "ssh", "sshd_config")], { encoding: "utf8" });
    const wanted = ["kexalgorithms", "hostkeyalgorithms", "ciphers", "macs", "pubkeyacceptedalgorithms", "hostkey"];
    const lines = effective.stdout.split("\n").filter((line) => wanted.includes(line.split(" ")[0] ?? ""));
    expect(lines.sort()).toEqual([
      "ciphers aes128-ctr,aes128-cbc,3des-cbc",
      `hostkey ${path.join(dir, "ssh", "ssh_host_rsa_key")}`,
      "hostkeyalgorithms ssh-rsa",
      "kexalgorithms diffie-hellman-group14-sha1,diffie-hellman-group-exchange-sha1,diffie-hellman-group1-sha1",
      "macs hmac-sha1,hmac-md5",
      "pubkeyacceptedalgorithms ssh-rsa,rsa-sha2-256,rsa-sha2-512",
    ]);
  });
});
