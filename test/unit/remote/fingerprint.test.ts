import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";

import {
  fingerprintSha256,
  hostKeyPathForType,
  keyTypeOfBlob,
  normalizeFingerprint,
} from "../../../provider/remote/fingerprint";

/** The base64 blob of a `.pub` file, decoded. */
function blobOfPubFile(file: string): Buffer {
  const [, base64] = readFileSync(file, "utf8").trim().split(/\s+/);
  return Buffer.from(base64 ?? "", "base64");
}

describe("fingerprintSha256", () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), "xspci-fp-"));
  });

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it.each([
    ["ed25519", ["-t", "ed25519"], "ssh-ed25519"],
    ["rsa", ["-t", "rsa", "-b", "2048"], "ssh-rsa"],
    ["ecdsa", ["-t", "ecdsa", "-b", "256"], "ecdsa-sha2-nistp256"],
  ])("prints the same fingerprint as ssh-keygen -lf for a fresh %s key", (name, typeArgs, keyType) => {
    const keyFile = path.join(dir, name);
    execFileSync("ssh-keygen", ["-q", ...typeArgs, "-N", "", "-C", "test", "-f", keyFile]);
    const printed = execFileSync("ssh-keygen", ["-l", "-E", "sha256", "-f", `${keyFile}.pub`], { encoding: "utf8" });
    const expected = printed.split(" ")[1];
    const blob = blobOfPubFile(`${keyFile}.pub`);

    expect(fingerprintSha256(blob)).toBe(expected);
    expect(keyTypeOfBlob(blob)).toBe(keyType);
  });

  it("matches a fixed, known key and fingerprint", () => {
    const blob = Buffer.from("AAAAC3NzaC1lZDI1NTE5AAAAIEWNDTfsp9ZUX/ksvKvAU0T2H/8GGCCzaS1dedX1ULVB", "base64");

    expect(fingerprintSha256(blob)).toBe("SHA256:i5VSkS/sP87roBWzOzIpqGlpqGP6Owj/HC2Wj/H0CN8");
  });
});

describe("normalizeFingerprint", () => {
  const canonical = "SHA256:i5VSkS/sP87roBWzOzIpqGlpqGP6Owj/HC2Wj/H0CN8";

  it("returns a canonical fingerprint unchanged", () => {
    expect(normalizeFingerprint(canonical)).toBe(canonical);
  });

  it("drops base64 padding and surrounding blanks", () => {
    expect(normalizeFingerprint(`  ${canonical}=\n`)).toBe(canonical);
  });

  it.each([
    ["an MD5 fingerprint", "MD5:12:34:56:78:9a:bc:de:f0:12:34:56:78:9a:bc:de:f0"],
    ["a truncated digest", "SHA256:i5VSkS/sP87roBWzOzIpqGlp"],
    ["a digest with a bad character", "SHA256:i5VSkS/sP87roBWzOzIpqGlpqGP6Owj/HC2Wj/H0CN!"],
    ["no prefix", "i5VSkS/sP87roBWzOzIpqGlpqGP6Owj/HC2Wj/H0CN8"],
  ])("rejects %s", (_name, text) => {
    expect(normalizeFingerprint(text)).toBeUndefined();
  });
});

describe("keyTypeOfBlob", () => {
  it("returns undefined for a blob too short to hold a type", () => {
    expect(keyTypeOfBlob(Buffer.from([0, 0, 0]))).toBeUndefined();
    expect(keyTypeOfBlob(Buffer.from([0, 0, 0, 9, 0x73]))).toBeUndefined();
  });
});

describe("hostKeyPathForType", () => {
  it.each([
    ["an ssh-ed25519 key", "ssh-ed25519", "/etc/ssh/ssh_host_ed25519_key.pub"],
    ["an ecdsa-sha2-nistp384 key", "ecdsa-sha2-nistp384", "/etc/ssh/ssh_host_ecdsa_key.pub"],
    ["an ssh-dss key", "ssh-dss", "/etc/ssh/ssh_host_dsa_key.pub"],
    ["an ssh-rsa key", "ssh-rsa", "/etc/ssh/ssh_host_rsa_key.pub"],
    ["a key of unknown type", undefined, "/etc/ssh/ssh_host_rsa_key.pub"],
  ])("names the host key file for %s", (_name, keyType, file) => {
    expect(hostKeyPathForType(keyType)).toBe(file);
  });
});
