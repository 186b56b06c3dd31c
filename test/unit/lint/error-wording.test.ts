/**
 * The wording rule of errors (docs/errors.md): only the adapters start a
 * reason with "Unable to"; below them a reason says what was being done, and
 * one helper joins a context and its cause without doubling a final period.
 */
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";

import { CommandError, joinCause, sentence } from "../../../provider/errors";
import { xeError } from "../../../provider/host/exec/xe";
import { withContext } from "../../../provider/providers/error-context";

const PROVIDER = path.resolve(__dirname, "..", "..", "..", "provider");
const BELOW_THE_ADAPTERS = ["host", "remote", "model", "schema"];

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(full);
    return entry.name.endsWith(".ts") ? [full] : [];
  });
}

/** Lines of code (comments left out) that say "Unable to". */
function unableLines(file: string): string[] {
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => !/^\s*(\*|\/\/|\/\*)/.test(line) && line.includes("Unable to"))
    .map((line) => `${path.relative(PROVIDER, file)}: ${line.trim()}`);
}

describe("error wording", () => {
  it("leaves \"Unable to\" to the adapters: no reason below them starts so", () => {
    const found = BELOW_THE_ADAPTERS.flatMap((layer) => sources(path.join(PROVIDER, layer))).flatMap(unableLines);
    expect(found).toEqual([]);
  });

  it("ends a joined cause with one sentence mark, never a doubled period", () => {
    expect(joinCause("listing the VMs on xs1", "xe failed: Lost connection to the server.")).toBe(
      "listing the VMs on xs1: xe failed: Lost connection to the server.",
    );
    expect(joinCause("connecting to xs1:22", "connect ECONNREFUSED")).toBe("connecting to xs1:22: connect ECONNREFUSED.");
    expect(joinCause("using connection.privateKey", " bad passphrase? ")).toBe("using connection.privateKey: bad passphrase?");
    expect(sentence("it stopped..")).toBe("it stopped.");
  });

  it("composes an adapter's context and a lower layer's reason without a second \"Unable to\" or \"..\"", () => {
    const U = "db4c64e1-44ce-f9f3-3236-0d86df260249";
    const lost = xeError({ host: "xs1", action: "listing the VMs", argv: ["xe", "vm-list"] }, { stdout: "", stderr: "Lost connection to the server.\n", exitCode: 1 });
    const error = withContext(`Unable to read PCI assignment for VM ${U}`, lost);
    expect(error).toBeInstanceOf(CommandError);
    expect(error).toMatchObject({ code: "XE_FAILED" });
    expect(error.message.split("\n")[0]).toBe(`Unable to read PCI assignment for VM ${U}: listing the VMs on xs1: xe failed: Lost connection to the server.`);
  });
});
