import { algorithmAdjustments, LEGACY_ALGORITHMS } from "../../../provider/remote/algorithms";

describe("algorithmAdjustments", () => {
  it("appends OpenSSH 4.3's algorithms after ssh2's defaults and reorders nothing by default", () => {
    expect(algorithmAdjustments()).toEqual({
      kex: { remove: [], prepend: [], append: ["diffie-hellman-group14-sha1", "diffie-hellman-group-exchange-sha1"] },
      serverHostKey: { remove: [], prepend: [], append: ["ssh-rsa"] },
      cipher: { remove: [], prepend: [], append: ["aes128-cbc"] },
      hmac: { remove: [], prepend: [], append: ["hmac-sha1"] },
    });
  });

  it("moves the host key algorithms of the key types known_hosts holds to the front", () => {
    const { serverHostKey } = algorithmAdjustments(["ssh-rsa", "ssh-ed25519"]);

    expect(serverHostKey).toEqual({
      remove: ["rsa-sha2-512", "rsa-sha2-256", "ssh-rsa", "ssh-ed25519"],
      prepend: ["rsa-sha2-512", "rsa-sha2-256", "ssh-rsa", "ssh-ed25519"],
      append: ["ssh-rsa"],
    });
  });

  it("leaves out key types ssh2 cannot verify", () => {
    const { serverHostKey } = algorithmAdjustments(["sk-ssh-ed25519@openssh.com", "ssh-ed25519-cert-v01@openssh.com", "constructor"]);

    expect(serverHostKey.prepend).toEqual([]);
  });

  it("exposes the legacy list the design names", () => {
    expect(LEGACY_ALGORITHMS).toEqual({
      kex: ["diffie-hellman-group14-sha1", "diffie-hellman-group-exchange-sha1"],
      serverHostKey: ["ssh-rsa"],
      cipher: ["aes128-cbc"],
      hmac: ["hmac-sha1"],
    });
  });
});
