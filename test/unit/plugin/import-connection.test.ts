/**
 * The connection of an import, from the ID and the plugin's environment.
 */
import { environmentSecrets, importConnection, withoutCredentials } from "../../../provider/plugin/import-connection";
import { ValidationError } from "../../../provider/errors";

const FINGERPRINT = "SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8";
const noFile = (file: string): string => {
  throw Object.assign(new Error(`ENOENT: ${file}`), { code: "ENOENT" });
};

function refusal(work: () => unknown): string {
  try {
    work();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).reason;
  }
  throw new Error("expected a refusal");
}

describe("importConnection", () => {
  it("holds only what the ID and the environment give: the agent and known_hosts stay implicit", () => {
    expect(importConnection({ host: "xs1", target: "x" }, {}, noFile)).toEqual({ host: "xs1" });
  });

  it("takes the key, passphrase, password, host key, known_hosts and sudo from the XENSERVER_PCI_ variables", () => {
    const env = {
      XENSERVER_PCI_PRIVATE_KEY: "key text",
      XENSERVER_PCI_PRIVATE_KEY_PASSPHRASE: "phrase",
      XENSERVER_PCI_PASSWORD: "pw",
      XENSERVER_PCI_HOST_KEY: FINGERPRINT,
      XENSERVER_PCI_KNOWN_HOSTS_FILE: "/etc/ssh/known",
      XENSERVER_PCI_SUDO: "true",
    };
    expect(importConnection({ host: "xs1", port: 2222, user: "admin", target: "x" }, env, noFile)).toEqual({
      host: "xs1",
      port: 2222,
      user: "admin",
      privateKey: "key text",
      privateKeyPassphrase: "phrase",
      password: "pw",
      hostKey: FINGERPRINT,
      knownHostsFile: "/etc/ssh/known",
      sudo: true,
    });
    expect(environmentSecrets(env)).toEqual(["key text", "phrase", "pw"]);
  });

  it("reads the key file without its final newline, as pulumi config set --secret stores a file, and an empty variable counts as unset", () => {
    const read = (file: string): string => `text of ${file}\n\n`;
    expect(importConnection({ host: "xs1", target: "x" }, { XENSERVER_PCI_PRIVATE_KEY_FILE: "/k", XENSERVER_PCI_PASSWORD: "" }, read)).toEqual({ host: "xs1", privateKey: "text of /k\n" });
    const crlf = (): string => "key\r\n";
    expect(importConnection({ host: "xs1", target: "x" }, { XENSERVER_PCI_PRIVATE_KEY_FILE: "/k" }, crlf)).toEqual({ host: "xs1", privateKey: "key" });
  });

  it("refuses two keys, an unreadable key file, a bad sudo flag and a connection the schema refuses, never showing a secret", () => {
    expect(refusal(() => importConnection({ host: "xs1", target: "x" }, { XENSERVER_PCI_PRIVATE_KEY: "k", XENSERVER_PCI_PRIVATE_KEY_FILE: "/k" }, noFile))).toBe(
      "both XENSERVER_PCI_PRIVATE_KEY and XENSERVER_PCI_PRIVATE_KEY_FILE are set; expected one of them",
    );
    expect(refusal(() => importConnection({ host: "xs1", target: "x" }, { XENSERVER_PCI_PRIVATE_KEY_FILE: "/nope" }, noFile))).toBe(
      'XENSERVER_PCI_PRIVATE_KEY_FILE names "/nope", which cannot be read (ENOENT)',
    );
    expect(refusal(() => importConnection({ host: "xs1", target: "x" }, { XENSERVER_PCI_SUDO: "yes" }, noFile))).toBe("XENSERVER_PCI_SUDO is \"yes\"; expected true or false");
    expect(refusal(() => importConnection({ host: "xs1", target: "x" }, { XENSERVER_PCI_HOST_KEY: "MD5:aa" }, noFile))).toContain(
      'connection inputs: connection.hostKey: "MD5:aa" is not a host key fingerprint; expected SHA256: and 43 base64 characters as ssh-keygen -lf prints it, e.g. SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8.',
    );
    expect(refusal(() => importConnection({ host: "bad host", target: "x" }, {}, noFile))).toMatch(/connection inputs: connection\.host: "bad host" is not a host name/);
  });

  it("gives the inputs the connection without its credentials", () => {
    expect(withoutCredentials({ host: "xs1", user: "admin", privateKey: "k", privateKeyPassphrase: "p", password: "w", hostKey: FINGERPRINT })).toEqual({ host: "xs1", user: "admin", hostKey: FINGERPRINT });
  });
});
