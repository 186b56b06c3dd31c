/**
 * The plugin's secret wrappers: taken off at any depth, put back where the
 * inputs had them, and always on the connection's credentials.
 */
import { annotateSecrets, containsSecret, reveal, secret, secretOutputs, withSecretCredentials } from "../../../provider/plugin/secrets";

const SIG = "4dabf18193072939515e22adb298388d";
const wrapped = (value: unknown) => ({ [SIG]: "1b47061264138c4ac30d75fd1eb44270", value });

describe("secret wrappers", () => {
  it("are Pulumi's wire form, and never doubled", () => {
    expect(secret("k")).toEqual(wrapped("k"));
    expect(secret(secret("k"))).toEqual(wrapped("k"));
  });

  it("come off at any depth, inside secrets too", () => {
    expect(reveal({ a: wrapped({ b: [1, wrapped("x")] }), c: ["y", wrapped(null)] })).toEqual({ a: { b: [1, "x"] }, c: ["y", null] });
    expect(containsSecret({ a: [{ b: wrapped(1) }] })).toBe(true);
    expect(containsSecret({ a: [{ b: 1 }] })).toBe(false);
  });

  it("go back on the outputs whose inputs held them, property by property in objects and whole otherwise", () => {
    const ins = { connection: { host: "h", privateKey: wrapped("k") }, vmUuid: wrapped("u"), devices: ["a", wrapped("b")], coldBoot: "never" };
    const outs = { connection: { host: "h", privateKey: "k" }, vmUuid: "u", devices: ["0000:0a", "0000:0b"], coldBoot: "never", pciValue: "0/a" };
    expect(annotateSecrets(outs, ins)).toEqual({
      connection: { host: "h", privateKey: wrapped("k") },
      vmUuid: wrapped("u"),
      devices: wrapped(["0000:0a", "0000:0b"]),
      coldBoot: "never",
      pciValue: "0/a",
    });
    // A connection made secret as a whole comes back secret as a whole.
    expect(annotateSecrets({ connection: { host: "h" } }, { connection: wrapped({ host: "h" }) })).toEqual({ connection: wrapped({ host: "h" }) });
  });

  it("always cover the connection's key, passphrase and password, and nothing else of it", () => {
    const plain = { connection: { host: "h", user: "root", privateKey: "k", privateKeyPassphrase: "p", password: "w", agent: "/s" }, vmUuid: "u" };
    expect(withSecretCredentials(plain)).toEqual({
      connection: { host: "h", user: "root", privateKey: wrapped("k"), privateKeyPassphrase: wrapped("p"), password: wrapped("w"), agent: "/s" },
      vmUuid: "u",
    });
    expect(secretOutputs({ connection: { host: "h", password: "w" } })).toEqual({ connection: { host: "h", password: wrapped("w") } });
    expect(withSecretCredentials({ address: "01:00.0" })).toEqual({ address: "01:00.0" });
  });
});
