import { HostKeyError } from "../../../provider/errors";
import { checkHostKey, type HostKeyPolicy } from "../../../provider/remote/host-key";

const ED_A = "AAAAC3NzaC1lZDI1NTE5AAAAIEWNDTfsp9ZUX/ksvKvAU0T2H/8GGCCzaS1dedX1ULVB";
const ED_A_FP = "SHA256:i5VSkS/sP87roBWzOzIpqGlpqGP6Owj/HC2Wj/H0CN8";
const ED_B = "AAAAC3NzaC1lZDI1NTE5AAAAIGFJqxlszJjMFVNzdlN1uqrSNlYTmQFYbsFwSWeOEt3o";
const ED_B_FP = "SHA256:tUY1FoIEUNkBgpG05mqnwqtU1omw5Z8Evf5eDLXcMpg";
const RSA_C =
  "AAAAB3NzaC1yc2EAAAADAQABAAAAgQDelM5KLwlzJlHteyqGF9omz7YuHY+8VZTmzcojl31ppo7pKfuLAHFwEtbx0pGll7fG4CQ/pP1+5kG7C0B95hO8R474FIC4ojbT2l888Gfd7K8Jo/JNqYuLqegJrMW9EjKtzzPZri+ueMCp+L1u20cNKv+XDmqzHD07BHFTsv/2lw==";
const RSA_C_FP = "SHA256:RSljX7C9YyJN+hBk5QAFubXWjTxMhj6ew1W31CWD/8s";

const blob = (base64: string): Buffer => Buffer.from(base64, "base64");

const policy = (overrides: Partial<HostKeyPolicy>): HostKeyPolicy => ({
  host: "10.0.0.5",
  port: 22,
  hostKey: undefined,
  knownHostsFile: "/root/.ssh/known_hosts",
  knownHostsText: "",
  insecureIgnoreHostKey: false,
  ...overrides,
});

function rejection(p: HostKeyPolicy, key: string): HostKeyError {
  const error = checkHostKey(p, blob(key));
  if (!(error instanceof HostKeyError)) throw new Error("expected a HostKeyError");
  return error;
}

describe("checkHostKey", () => {
  it("accepts the pinned key, with or without base64 padding in the pin", () => {
    expect(checkHostKey(policy({ hostKey: ED_A_FP }), blob(ED_A))).toBeUndefined();
    expect(checkHostKey(policy({ hostKey: `${ED_A_FP}=` }), blob(ED_A))).toBeUndefined();
  });

  it("refuses a key that differs from the pin, naming the key to pin", () => {
    const error = rejection(policy({ hostKey: ED_B_FP, knownHostsText: `10.0.0.5 ssh-ed25519 ${ED_A}` }), ED_A);

    expect(error.code).toBe("HOST_KEY_REJECTED");
    expect(error.presentedFingerprint).toBe(ED_A_FP);
    expect(error.reason).toContain(
      `10.0.0.5:22: the host key ${ED_A_FP} does not match connection.hostKey (${ED_B_FP}).`,
    );
    expect(error.hint).toBe(
      `Check the key on the host with: ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub. If the host's key was replaced on purpose, ` +
        `set connection.hostKey to "${ED_A_FP}"; otherwise do not connect: someone may be intercepting the connection.`,
    );
  });

  it("accepts a key that known_hosts lists for the host", () => {
    expect(checkHostKey(policy({ knownHostsText: `10.0.0.5 ssh-ed25519 ${ED_A}\n` }), blob(ED_A))).toBeUndefined();
  });

  it("refuses an unknown host and tells how to pin it", () => {
    const error = rejection(policy({ knownHostsText: "" }), RSA_C);

    expect(error.presentedFingerprint).toBe(RSA_C_FP);
    expect(error.code).toBe("HOST_KEY_REJECTED");
    expect(error.reason).toContain(
      `10.0.0.5:22: the host key ${RSA_C_FP} matches neither connection.hostKey nor /root/.ssh/known_hosts.`,
    );
    expect(error.hint).toBe(
      `If this is the right host, pin it: set connection.hostKey to "${RSA_C_FP}" (check it on the host with: ssh-keygen -lf /etc/ssh/ssh_host_rsa_key.pub).`,
    );
  });

  it("says when the known_hosts file does not exist", () => {
    const error = rejection(policy({ knownHostsText: undefined }), ED_A);

    expect(error.code).toBe("HOST_KEY_REJECTED");
    expect(error.reason).toContain(
      `10.0.0.5:22: the host key ${ED_A_FP} matches neither connection.hostKey nor /root/.ssh/known_hosts (the file does not exist).`,
    );
    expect(error.hint).toBe(
      `If this is the right host, pin it: set connection.hostKey to "${ED_A_FP}" (check it on the host with: ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub).`,
    );
  });

  it("warns of a possible man-in-the-middle when known_hosts holds a different key for the host", () => {
    const error = rejection(policy({ port: 2222, knownHostsText: `# lab\n[10.0.0.5]:2222 ssh-ed25519 ${ED_B}\n` }), ED_A);

    expect(error.code).toBe("HOST_KEY_REJECTED");
    expect(error.reason).toContain(
      `10.0.0.5:2222: the host key ${ED_A_FP} differs from the key /root/.ssh/known_hosts holds for this host (line 2): ` +
        `the host was reinstalled, or someone is intercepting the connection (man-in-the-middle).`,
    );
    expect(error.hint).toBe(
      `Check the key on the host with: ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub. Only if it prints ${ED_A_FP}, remove the old entry ` +
        `(ssh-keygen -R '[10.0.0.5]:2222' -f /root/.ssh/known_hosts) or set connection.hostKey to "${ED_A_FP}".`,
    );
  });

  it("refuses a key of a type known_hosts does not hold for the host, naming the types it holds", () => {
    const error = rejection(policy({ knownHostsText: `10.0.0.5 ssh-rsa ${RSA_C}` }), ED_A);

    expect(error.code).toBe("HOST_KEY_REJECTED");
    expect(error.reason).toContain(
      `10.0.0.5:22: the host key ${ED_A_FP} matches neither connection.hostKey nor /root/.ssh/known_hosts, ` +
        `which holds only ssh-rsa keys for this host.`,
    );
    expect(error.hint).toBe(
      `If this is the right host, pin it: set connection.hostKey to "${ED_A_FP}" (check it on the host with: ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub).`,
    );
  });

  it("refuses a revoked key", () => {
    const error = rejection(policy({ knownHostsText: `10.0.0.5 ssh-ed25519 ${ED_A}\n@revoked * ssh-ed25519 ${ED_A}` }), ED_A);

    expect(error.code).toBe("HOST_KEY_REJECTED");
    expect(error.reason).toContain(
      `10.0.0.5:22: the host key ${ED_A_FP} is marked @revoked in /root/.ssh/known_hosts (line 2).`,
    );
    expect(error.hint).toBe(
      "A revoked key is never accepted. Give the host a new key, then pin it with connection.hostKey.",
    );
  });

  it("accepts any key when insecureIgnoreHostKey is set, even against a pin", () => {
    expect(checkHostKey(policy({ insecureIgnoreHostKey: true, hostKey: ED_B_FP }), blob(ED_A))).toBeUndefined();
  });
});
