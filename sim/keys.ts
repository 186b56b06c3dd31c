/**
 * Host and client keys of a simulated host, made with ssh-keygen. Keys survive
 * a stop and start of the same directory, so pinned fingerprints stay valid.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import type { SimPaths } from "./paths";

/** Key types the simulator generates. */
export type SimKeyType = "ed25519" | "rsa";

/**
 * `SHA256:…` fingerprint of an OpenSSH public key line (`ssh-ed25519 AAAA… comment`),
 * exactly as `ssh-keygen -lf` prints it (unpadded base64 of the blob's SHA-256).
 */
export function fingerprintOfPublicKey(publicKeyLine: string): string {
  const blob = publicKeyLine.trim().split(/\s+/)[1];
  if (blob === undefined) {
    throw new Error(`Unable to fingerprint the public key: "${publicKeyLine}" is not an OpenSSH public key line.`);
  }
  const digest = createHash("sha256").update(Buffer.from(blob, "base64")).digest("base64");
  return `SHA256:${digest.replace(/=+$/, "")}`;
}

/** Fingerprint of the public key stored beside the private key `privateKeyPath`. */
export function fingerprintOfKeyFile(privateKeyPath: string): string {
  return fingerprintOfPublicKey(fs.readFileSync(`${privateKeyPath}.pub`, "utf8"));
}

function keyTypeOf(privateKeyPath: string): SimKeyType | undefined {
  if (!fs.existsSync(`${privateKeyPath}.pub`)) return undefined;
  const algorithm = fs.readFileSync(`${privateKeyPath}.pub`, "utf8").split(" ")[0];
  if (algorithm === "ssh-ed25519") return "ed25519";
  if (algorithm === "ssh-rsa") return "rsa";
  return undefined;
}

function generateKey(privateKeyPath: string, type: SimKeyType, comment: string): void {
  fs.rmSync(privateKeyPath, { force: true });
  fs.rmSync(`${privateKeyPath}.pub`, { force: true });
  const size = type === "rsa" ? ["-b", "2048"] : [];
  execFileSync("ssh-keygen", ["-q", "-t", type, ...size, "-N", "", "-C", comment, "-f", privateKeyPath], {
    stdio: ["ignore", "ignore", "pipe"],
  });
}

function ensureKey(privateKeyPath: string, type: SimKeyType, comment: string): void {
  if (keyTypeOf(privateKeyPath) !== type || !fs.existsSync(privateKeyPath)) {
    generateKey(privateKeyPath, type, comment);
  }
}

/**
 * Makes sure both host keys exist and the client key has the wanted type:
 * RSA for a legacy sshd (OpenSSH 4.3 knows no ed25519), ed25519 otherwise.
 */
export function ensureKeys(paths: SimPaths, legacySsh: boolean): void {
  ensureKey(paths.hostKeyEd25519, "ed25519", "sim-host");
  ensureKey(paths.hostKeyRsa, "rsa", "sim-host");
  ensureKey(paths.clientKey, legacySsh ? "rsa" : "ed25519", "sim-client");
}
