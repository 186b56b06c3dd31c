/**
 * A plain Node script that awaits the package, outside `pulumi` and jest:
 * every lookup and provider method it awaits finishes before the process
 * exits, and the process then exits on its own (nothing left holding it).
 * Run in a child process against the built package, as a user's script runs.
 */
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { simConnection } from "../support/sim-cases";
import { useSimHost } from "../support/sim-fixture";

const NAS = "db4c64e1-44ce-f9f3-3236-0d86df260249";
const PACKAGE = path.resolve(__dirname, "..", "..", "dist", "provider", "index.js");

describe("a plain Node script", () => {
  const sim = useSimHost({ profile: "xcpng83" }, { name: "xspci-plain-script-" });

  test("that lists the devices, then creates and reads an assignment, prints every result and exits 0 by itself", async () => {
    const script = path.join(sim.info.dir, "script.js");
    fs.writeFileSync(
      script,
      [
        `const { getPciDevices, providers } = require(${JSON.stringify(PACKAGE)});`,
        `const connection = ${JSON.stringify(simConnection(sim))};`,
        "(async () => {",
        "  const listed = await getPciDevices({ connection });",
        '  console.log("devices " + listed.devices.map((d) => d.address).join(","));',
        `  const created = await providers.pciAssignment.create({ connection, vmUuid: ${JSON.stringify(NAS)}, devices: ["06:00.0"] });`,
        '  console.log("created " + created.outs.pciValue);',
        "  const read = await providers.pciAssignment.read(created.id, created.outs);",
        '  console.log("read " + read.props.pciValue);',
        "})();",
      ].join("\n"),
    );
    const started = Date.now();
    const { code, stdout, stderr } = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = execFile(process.execPath, [script], { timeout: 60_000 }, (error, out, err) => {
        resolve({ code: error === null ? 0 : (child.exitCode ?? null), stdout: out, stderr: err });
      });
    });
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    expect(stdout.split("\n")).toEqual([
      `devices ${sim.state().pcis.map((pci) => pci.address).join(",")}`,
      "created 0/0000:06:00.0",
      "read 0/0000:06:00.0",
      "",
    ]);
    expect(sim.state().vms.find((vm) => vm.uuid === NAS)?.otherConfig.pci).toBe("0/0000:06:00.0");
    // Exits once done: well before the pool's 60 s idle close of the SSH connection.
    expect(Date.now() - started).toBeLessThan(30_000);
  });
});
