/**
 * The command line's words: the command, the connection options, and the usage errors.
 */
import { parseCliArgs, UsageError, type CliArgs } from "../../../provider/cli/args";

function usageError(argv: readonly string[]): UsageError {
  try {
    parseCliArgs(argv);
  } catch (error) {
    if (error instanceof UsageError) return error;
    throw error;
  }
  throw new Error("expected a UsageError");
}

const BARE: CliArgs = { command: "devices", host: "xs1", port: undefined, user: undefined, identity: undefined, hostKey: undefined, json: false };

describe("parseCliArgs", () => {
  test.each<[string, string[], CliArgs]>([
    ["the devices command with only the host", ["devices", "--host", "xs1"], BARE],
    ["the vms command with only the host", ["vms", "--host", "xs1"], { ...BARE, command: "vms" }],
    [
      "every option",
      ["vms", "--host", "10.0.0.5", "--port", "2222", "--user", "admin", "--identity", "/home/me/.ssh/id_ed25519", "--host-key", "SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8", "--json"],
      {
        command: "vms",
        host: "10.0.0.5",
        port: 2222,
        user: "admin",
        identity: "/home/me/.ssh/id_ed25519",
        hostKey: "SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8",
        json: true,
      },
    ],
    [
      "every option in the --opt=value form",
      ["devices", "--host=10.0.0.5", "--port=2222", "--user=admin", "--identity=/k/id", "--host-key=SHA256:abc"],
      { command: "devices", host: "10.0.0.5", port: 2222, user: "admin", identity: "/k/id", hostKey: "SHA256:abc", json: false },
    ],
    ["a value that holds = itself, split at the first =", ["devices", "--host-key=SHA256:ab+c=", "--host", "xs1"], { ...BARE, hostKey: "SHA256:ab+c=" }],
    ["options in any order, --json first", ["devices", "--json", "--user", "admin", "--host", "xs1"], { ...BARE, user: "admin", json: true }],
    ["a command's name given as a value", ["devices", "--host", "xs1", "--user", "devices"], { ...BARE, user: "devices" }],
    ["the lowest port", ["devices", "--host", "xs1", "--port", "1"], { ...BARE, port: 1 }],
    ["the highest port", ["devices", "--host", "xs1", "--port=65535"], { ...BARE, port: 65535 }],
  ])("reads %s", (_title, argv, expected) => {
    expect(parseCliArgs(argv)).toEqual(expected);
  });

  test.each<[string, string[], string]>([
    ["no command", [], "a command is required: devices, vms or plugin install"],
    ["an unknown command", ["list", "--host", "xs1"], 'unknown command "list"; expected devices, vms or plugin install'],
    ["a command in another case", ["Devices", "--host", "xs1"], 'unknown command "Devices"; expected devices, vms or plugin install'],
    ["an option before the command", ["--host", "xs1", "devices"], 'unknown command "--host"; expected devices, vms or plugin install'],
    ["an unknown option", ["devices", "--host", "xs1", "--verbose"], 'unknown option "--verbose"'],
    ["an unknown option in the = form, as written", ["devices", "--hots=xs1"], 'unknown option "--hots=xs1"'],
    ["a value given to --json", ["devices", "--host", "xs1", "--json=yes"], 'unknown option "--json=yes"'],
    ["a short option", ["devices", "-H", "xs1"], 'unknown option "-H"'],
    ["a stray word", ["devices", "--host", "xs1", "extra"], 'unknown option "extra"'],
    ["a second command", ["devices", "vms", "--host", "xs1"], 'unknown option "vms"'],
    ["an option without its value at the end", ["devices", "--host"], "--host needs a value"],
    ["an option with an empty value", ["devices", "--host", ""], "--host needs a value"],
    ["an option with an empty value in the = form", ["devices", "--host="], "--host needs a value"],
    ["the port without its value", ["devices", "--host", "xs1", "--port"], "--port needs a value"],
    ["the identity without its value", ["devices", "--host", "xs1", "--identity="], "--identity needs a value"],
    ["an option followed by another option instead of its value", ["devices", "--host", "--json"], "--host needs a value"],
    ["no host", ["devices"], "--host is required"],
    ["no host, with other options", ["vms", "--json", "--user", "admin"], "--host is required"],
    ["no host, before looking at the port", ["devices", "--port", "0"], "--host is required"],
    ["port 0", ["devices", "--host", "xs1", "--port", "0"], '--port "0" is not a port; expected 1 to 65535'],
    ["a port above 65535", ["devices", "--host", "xs1", "--port", "65536"], '--port "65536" is not a port; expected 1 to 65535'],
    ["a negative port", ["devices", "--host", "xs1", "--port=-22"], '--port "-22" is not a port; expected 1 to 65535'],
    ["a fractional port", ["devices", "--host", "xs1", "--port", "22.5"], '--port "22.5" is not a port; expected 1 to 65535'],
    ["a port that is not a number", ["devices", "--host", "xs1", "--port", "ssh"], '--port "ssh" is not a port; expected 1 to 65535'],
    ["a port in hex", ["devices", "--host", "xs1", "--port", "0x16"], '--port "0x16" is not a port; expected 1 to 65535'],
    ["a port in exponent form", ["devices", "--host", "xs1", "--port", "1e3"], '--port "1e3" is not a port; expected 1 to 65535'],
  ])("refuses %s", (_title, argv, message) => {
    const error = usageError(argv);
    expect({ name: error.name, message: error.message }).toEqual({ name: "UsageError", message });
  });
});
