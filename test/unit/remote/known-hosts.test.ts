import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";

import {
  entryMatchesHost,
  knownHostsName,
  knownKeyTypesForHost,
  lookupHostKey,
  parseKnownHosts,
} from "../../../provider/remote/known-hosts";

const ED_A = "AAAAC3NzaC1lZDI1NTE5AAAAIEWNDTfsp9ZUX/ksvKvAU0T2H/8GGCCzaS1dedX1ULVB";
const ED_B = "AAAAC3NzaC1lZDI1NTE5AAAAIGFJqxlszJjMFVNzdlN1uqrSNlYTmQFYbsFwSWeOEt3o";
const RSA_C =
  "AAAAB3NzaC1yc2EAAAADAQABAAAAgQDelM5KLwlzJlHteyqGF9omz7YuHY+8VZTmzcojl31ppo7pKfuLAHFwEtbx0pGll7fG4CQ/pP1+5kG7C0B95hO8R474FIC4ojbT2l888Gfd7K8Jo/JNqYuLqegJrMW9EjKtzzPZri+ueMCp+L1u20cNKv+XDmqzHD07BHFTsv/2lw==";

const blob = (base64: string): Buffer => Buffer.from(base64, "base64");

/** Written by `ssh-keygen -H` from `10.0.0.5 <ED_A>` and `[10.0.0.5]:2222 <ED_B>`. */
const HASHED = [
  `|1|fz3ulfEg7ltgqjQM4dVv7cdCdq0=|BxGbZPwZqOJGqHG58yTuCLkUWIc= ssh-ed25519 ${ED_A}`,
  `|1|v0AbsxH+RDF9J73kfUvzolX6w9g=|RJtEPvC14JDhHpZeAfNdFE/MI8Y= ssh-ed25519 ${ED_B}`,
].join("\n");

describe("parseKnownHosts", () => {
  it("reads plain, hashed and marked lines and skips comments, blanks and malformed lines", () => {
    const text = [
      "# a comment",
      "",
      `10.0.0.5,xs62.lan ssh-ed25519 ${ED_A} root@xs62`,
      "   ",
      `@revoked * ssh-ed25519 ${ED_B}`,
      `@cert-authority *.lan ssh-rsa ${RSA_C}`,
      `@unknown-marker host ssh-ed25519 ${ED_A}`,
      "onlytwo ssh-ed25519",
      "host ssh-ed25519 not*base64",
      `|1|c2hvcnQ=|c2hvcnQ= ssh-ed25519 ${ED_A}`,
      HASHED.split("\n")[0] ?? "",
    ].join("\r\n");

    const entries = parseKnownHosts(text);

    expect(entries.map((e) => [e.lineNumber, e.marker, e.hosts.kind, e.keyType])).toEqual([
      [3, undefined, "patterns", "ssh-ed25519"],
      [5, "revoked", "patterns", "ssh-ed25519"],
      [6, "cert-authority", "patterns", "ssh-rsa"],
      [11, undefined, "hashed", "ssh-ed25519"],
    ]);
    expect(entries[0]?.hosts).toEqual({ kind: "patterns", patterns: ["10.0.0.5", "xs62.lan"] });
    expect(entries[0]?.keyBlob).toEqual(blob(ED_A));
  });

  it("returns no entries for an empty file", () => {
    expect(parseKnownHosts("")).toEqual([]);
  });
});

describe("knownHostsName", () => {
  it("is the bare host on port 22 and [host]:port elsewhere, lower-cased", () => {
    expect(knownHostsName("XS62.Lan", 22)).toBe("xs62.lan");
    expect(knownHostsName("10.0.0.5", 2222)).toBe("[10.0.0.5]:2222");
  });
});

describe("entryMatchesHost", () => {
  const only = (line: string) => {
    const [entry] = parseKnownHosts(line);
    if (!entry) throw new Error(`unparsable test line: ${line}`);
    return entry;
  };

  it.each([
    ["a listed name", "10.0.0.5,xs62", "xs62", 22, true],
    ["a name in another case", "XS62.lan", "xs62.LAN", 22, true],
    ["an unlisted name", "10.0.0.5,xs62", "xs63", 22, false],
    ["the bare host on another port", "10.0.0.5", "10.0.0.5", 2222, false],
    ["[host]:port on its port", "[10.0.0.5]:2222", "10.0.0.5", 2222, true],
    ["[host]:port on another port", "[10.0.0.5]:2222", "10.0.0.5", 2223, false],
    ["[host]:port on port 22", "[10.0.0.5]:2222", "10.0.0.5", 22, false],
    ["a * wildcard", "10.0.0.*", "10.0.0.77", 22, true],
    ["a ? wildcard", "xs6?", "xs62", 22, true],
    ["a ? wildcard that needs one character", "xs6?", "xs6", 22, false],
    ["a dot that is literal, not any character", "10.0.0.5", "10x0x0x5", 22, false],
    ["a negated pattern that vetoes a wildcard", "10.0.0.*,!10.0.0.9", "10.0.0.9", 22, false],
    ["a wildcard beside a negation that does not apply", "10.0.0.*,!10.0.0.9", "10.0.0.8", 22, true],
    ["a wildcard [host]:port pattern", "[10.0.0.*]:2222", "10.0.0.5", 2222, true],
  ])("matches %s: %s vs %s:%d → %s", (_name, hosts, host, port, expected) => {
    expect(entryMatchesHost(only(`${hosts} ssh-ed25519 ${ED_A}`), host, port)).toBe(expected);
  });

  it("matches hashed entries written by ssh-keygen -H, with and without a port", () => {
    const [plain, bracketed] = parseKnownHosts(HASHED);
    if (!plain || !bracketed) throw new Error("test data did not parse");

    expect(entryMatchesHost(plain, "10.0.0.5", 22)).toBe(true);
    expect(entryMatchesHost(plain, "10.0.0.6", 22)).toBe(false);
    expect(entryMatchesHost(plain, "10.0.0.5", 2222)).toBe(false);
    expect(entryMatchesHost(bracketed, "10.0.0.5", 2222)).toBe(true);
    expect(entryMatchesHost(bracketed, "10.0.0.5", 22)).toBe(false);
  });

  it("agrees with ssh-keygen -F on a freshly hashed file", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "xspci-kh-"));
    try {
      const file = path.join(dir, "known_hosts");
      writeFileSync(file, `xs62.lan ssh-ed25519 ${ED_A}\n[xs62.lan]:2022 ssh-ed25519 ${ED_B}\n`);
      execFileSync("ssh-keygen", ["-H", "-f", file], { stdio: "ignore" });
      const entries = parseKnownHosts(readFileSync(file, "utf8"));

      expect(entries.map((e) => e.hosts.kind)).toEqual(["hashed", "hashed"]);
      expect(lookupHostKey(entries, "xs62.lan", 22, blob(ED_A))).toEqual({ kind: "trusted", lineNumber: 1 });
      expect(lookupHostKey(entries, "xs62.lan", 2022, blob(ED_B))).toEqual({ kind: "trusted", lineNumber: 2 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("lookupHostKey", () => {
  const file = [
    "# hosts of the lab",
    `xs62,10.0.0.5 ssh-ed25519 ${ED_A}`,
    `xs62,10.0.0.5 ssh-rsa ${RSA_C}`,
    `[10.0.0.5]:2222 ssh-ed25519 ${ED_B}`,
    `rsa-only ssh-rsa ${RSA_C}`,
    `@cert-authority * ssh-ed25519 ${ED_B}`,
  ].join("\n");
  const entries = parseKnownHosts(file);

  it("trusts a key listed for the host", () => {
    expect(lookupHostKey(entries, "10.0.0.5", 22, blob(ED_A))).toEqual({ kind: "trusted", lineNumber: 2 });
  });

  it("trusts any of several keys listed for one host", () => {
    expect(lookupHostKey(entries, "xs62", 22, blob(RSA_C))).toEqual({ kind: "trusted", lineNumber: 3 });
  });

  it("reports a changed key when the host's key of the same type differs", () => {
    expect(lookupHostKey(entries, "10.0.0.5", 22, blob(ED_B))).toEqual({ kind: "changed", lineNumbers: [2] });
  });

  it("keeps ports apart: the port-22 key is unknown on port 2222's entry and vice versa", () => {
    expect(lookupHostKey(entries, "10.0.0.5", 2222, blob(ED_A))).toEqual({ kind: "changed", lineNumbers: [4] });
    expect(lookupHostKey(entries, "10.0.0.5", 2222, blob(ED_B))).toEqual({ kind: "trusted", lineNumber: 4 });
  });

  it("reports other key types when only those are known for the host", () => {
    expect(lookupHostKey(entries, "rsa-only", 22, blob(ED_A))).toEqual({ kind: "other-types-known", keyTypes: ["ssh-rsa"] });
  });

  it("reports an unknown host, ignoring @cert-authority lines", () => {
    expect(lookupHostKey(entries, "10.0.0.6", 22, blob(ED_B))).toEqual({ kind: "unknown" });
  });

  it("refuses a @revoked key even when a plain line trusts it", () => {
    const withRevocation = parseKnownHosts(`${file}\n@revoked elsewhere ssh-ed25519 ${ED_A}`);

    expect(lookupHostKey(withRevocation, "10.0.0.5", 22, blob(ED_A))).toEqual({ kind: "revoked", lineNumber: 7 });
  });
});

describe("knownKeyTypesForHost", () => {
  it("lists the key types of the host's plain entries once each, in file order", () => {
    const entries = parseKnownHosts(
      [`xs62 ssh-rsa ${RSA_C}`, `xs62 ssh-ed25519 ${ED_A}`, `xs62 ssh-rsa ${RSA_C}`, `@revoked xs62 ecdsa-sha2-nistp256 ${ED_B}`].join("\n"),
    );

    expect(knownKeyTypesForHost(entries, "xs62", 22)).toEqual(["ssh-rsa", "ssh-ed25519"]);
    expect(knownKeyTypesForHost(entries, "other", 22)).toEqual([]);
  });
});
