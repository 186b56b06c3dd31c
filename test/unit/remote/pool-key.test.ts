import type { Connection } from "../../../provider/model/connection";
import { poolKey } from "../../../provider/remote/pool-key";

const base: Connection = {
  host: "10.0.0.5",
  port: 22,
  user: "root",
  privateKey: "-----BEGIN OPENSSH PRIVATE KEY-----\nsecret-key-body\n-----END OPENSSH PRIVATE KEY-----\n",
  privateKeyPassphrase: "hunter2-passphrase",
  password: "hunter2-password",
  hostKey: "SHA256:i5VSkS/sP87roBWzOzIpqGlpqGP6Owj/HC2Wj/H0CN8",
  insecureIgnoreHostKey: false,
  timeoutMs: 60000,
  sudo: false,
};

describe("poolKey", () => {
  it("starts with host, port, user and pin, then a SHA-256 hex digest", () => {
    expect(poolKey(base, undefined)).toMatch(/^10\.0\.0\.5:22:root:SHA256:i5VSkS\/sP87roBWzOzIpqGlpqGP6Owj\/HC2Wj\/H0CN8:[0-9a-f]{64}$/);
  });

  it("never contains a credential in clear", () => {
    const key = poolKey(base, "/run/agent.sock");

    expect(key).not.toContain("secret-key-body");
    expect(key).not.toContain("hunter2");
    expect(key).not.toContain("agent.sock");
  });

  it("is the same for the same connection, whatever its timeout or sudo setting", () => {
    expect(poolKey({ ...base, timeoutMs: 5, sudo: true }, undefined)).toBe(poolKey(base, undefined));
  });

  it.each([
    ["private key", { privateKey: "other" }],
    ["passphrase", { privateKeyPassphrase: "other" }],
    ["password", { password: "other" }],
    ["known_hosts file", { knownHostsFile: "/tmp/kh" }],
    ["host key policy", { insecureIgnoreHostKey: true }],
    ["host", { host: "10.0.0.6" }],
    ["port", { port: 2222 }],
    ["user", { user: "admin" }],
    ["pin", { hostKey: undefined }],
  ])("differs when the %s differs", (_name, change: Partial<Connection>) => {
    expect(poolKey({ ...base, ...change }, undefined)).not.toBe(poolKey(base, undefined));
  });

  it("differs when the agent socket differs", () => {
    expect(poolKey(base, "/run/a.sock")).not.toBe(poolKey(base, "/run/b.sock"));
  });
});
