import { ValidationError } from "../../../provider/errors";
import { checkPciAssignmentInputs } from "../../../provider/schema/pci-assignment";
import { parseConnection } from "../../../provider/schema/connection";

const FINGERPRINT = "SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8";
const failuresFor = (connection: unknown) =>
  checkPciAssignmentInputs({ connection, vmUuid: "db4c64e1-44ce-f9f3-3236-0d86df260249", devices: ["06:00.0"] }).failures;

describe("connection validation", () => {
  it("applies the defaults to a connection that only names the host", () => {
    expect(parseConnection({ host: "xs62.lan" })).toEqual({
      host: "xs62.lan",
      port: 22,
      user: "root",
      insecureIgnoreHostKey: false,
      timeoutMs: 60000,
      sudo: false,
    });
  });

  it("keeps every given property", () => {
    const full = {
      host: "fe80::1",
      port: 2222,
      user: "admin",
      privateKey: "key",
      privateKeyPassphrase: "pass",
      password: "pw",
      agent: "/run/agent.sock",
      hostKey: FINGERPRINT,
      knownHostsFile: "~/.ssh/known_hosts",
      insecureIgnoreHostKey: true,
      timeoutMs: 1000,
      sudo: true,
    };
    expect(parseConnection(full)).toEqual(full);
  });

  it.each(["10.0.0.5", "::1", "2001:db8::5", "dom0", "xs-01.example.com", "host_1.lan", "example.com."])(
    "accepts the host %s",
    (host) => {
      expect(failuresFor({ host })).toEqual([]);
    },
  );

  const HOST_FORM = "expected a DNS name or an IPv4/IPv6 address without spaces, e.g. 10.0.0.5";
  it.each<[unknown, string]>([
    ["", '""'],
    ["10.0.0.5 ", '"10.0.0.5 "'],
    ["host;rm -rf /", '"host;rm -rf /"'],
    ["-oProxyCommand=x", '"-oProxyCommand=x"'],
    ["a\nb", '"a\\u000ab"'],
    ["bad..name", '"bad..name"'],
    [5, "5"],
  ])("refuses the host %j", (host, shown) => {
    expect(failuresFor({ host })).toEqual([
      { property: "connection.host", reason: `${shown} is not a host name or IP address; ${HOST_FORM}` },
    ]);
  });

  it.each([0, 65536, 22.5, -1])("refuses the port %d", (port) => {
    expect(failuresFor({ host: "h", port })).toEqual([
      { property: "connection.port", reason: `${port} is not a TCP port; expected an integer from 1 to 65535, e.g. 22` },
    ]);
  });

  it("refuses a port given as a string", () => {
    expect(failuresFor({ host: "h", port: "22" })).toEqual([
      { property: "connection.port", reason: '"22" is not a TCP port; expected an integer from 1 to 65535, e.g. 22' },
    ]);
  });

  it.each(["", "-root", "us er", "a".repeat(33)])("refuses the user %j", (user) => {
    expect(failuresFor({ host: "h", user })[0]?.property).toBe("connection.user");
  });

  it("refuses a timeout outside 1000..3600000 ms", () => {
    expect(failuresFor({ host: "h", timeoutMs: 999 })).toEqual([
      {
        property: "connection.timeoutMs",
        reason: "999 is not a timeout; expected an integer number of milliseconds from 1000 to 3600000, e.g. 60000",
      },
    ]);
  });

  it.each([
    "SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8=",
    "SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY",
    "MD5:16:27:ac:a5:76:28:2d:36:63:1b:56:4d:eb:df:a6:48",
    "sha256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8",
  ])("refuses the host key fingerprint %s", (hostKey) => {
    expect(failuresFor({ host: "h", hostKey })).toEqual([
      {
        property: "connection.hostKey",
        reason: `"${hostKey}" is not a host key fingerprint; expected SHA256: and 43 base64 characters as ssh-keygen -lf prints it, e.g. ${FINGERPRINT}`,
      },
    ]);
  });

  it.each<[string, unknown, string]>([
    ["privateKey", "", "expected the private key text (OpenSSH or PEM) as a non-empty string"],
    ["privateKey", 42, "expected the private key text (OpenSSH or PEM) as a non-empty string"],
    ["password", "", "expected the password as a non-empty string"],
    ["privateKeyPassphrase", ["secret"], "expected the key's passphrase as a non-empty string"],
  ])("never shows the value of %s", (key, value, form) => {
    const noun = { privateKey: "a private key", password: "a password", privateKeyPassphrase: "a passphrase" }[key];
    expect(failuresFor({ host: "h", [key]: value })).toEqual([
      { property: `connection.${key}`, reason: `the given value (hidden) is not ${String(noun)}; ${form}` },
    ]);
  });

  it("refuses a path with a control character and shows it escaped", () => {
    expect(failuresFor({ host: "h", agent: "/tmp/a\u0007" })).toEqual([
      {
        property: "connection.agent",
        reason:
          '"/tmp/a\\u0007" is not an ssh-agent socket path; expected an absolute or relative file path without control characters, e.g. /run/user/1000/ssh-agent.socket',
      },
    ]);
  });

  it("refuses a flag that is not a boolean", () => {
    expect(failuresFor({ host: "h", sudo: "yes" })).toEqual([
      { property: "connection.sudo", reason: '"yes" is not true or false; expected a boolean for sudo' },
    ]);
  });

  it("names each unknown connection property without showing its value", () => {
    expect(failuresFor({ host: "h", hots: "h2", passwd: "secret" })).toEqual(
      ["hots", "passwd"].map((key) => ({
        property: `connection.${key}`,
        reason: `"${key}" is not a known property; expected an object with the properties host (required), port, user, privateKey, privateKeyPassphrase, password, agent, hostKey, knownHostsFile, insecureIgnoreHostKey, timeoutMs, sudo`,
      })),
    );
  });

  it("refuses a connection that is not an object", () => {
    expect(failuresFor("10.0.0.5")[0]?.reason).toMatch(/^"10\.0\.0\.5" is not a connection; expected an object with the properties host \(required\)/);
  });

  it("throws a ValidationError from parseConnection", () => {
    expect(() => parseConnection({ port: 22 })).toThrow(ValidationError);
    expect(() => parseConnection({ port: 22 })).toThrow(
      "connection inputs: connection.host: a value is required; expected a DNS name or an IPv4/IPv6 address without spaces, e.g. 10.0.0.5.",
    );
  });
});
