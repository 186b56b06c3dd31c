/**
 * The real Pulumi CLI on a user project that installs this package from its
 * `npm pack` tarball, against the simulated XenServer 6.2 host over SSH.
 * The steps build on each other, in order, on one stack.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { PulumiStack } from "../support/pulumi-cli";
import { hostSnapshot, type HostSnapshot } from "../support/host-snapshot";
import { useSimHost } from "../support/sim-fixture";
import { createSimStack } from "../support/sim-stack";

const NAS = "db4c64e1-44ce-f9f3-3236-0d86df260249";

interface PreviewJson {
  steps?: { op: string; urn: string }[];
  changeSummary?: Record<string, number>;
}

/** The ops of the resources of one type in a `pulumi preview --json` document, in order. */
function stepOps(json: string, type: string): string[] {
  const parsed = JSON.parse(json) as PreviewJson;
  // URNs end in `…:xenserver-pci:<type>::<name>`.
  return (parsed.steps ?? []).filter((s) => s.urn.includes(`:${type}::`)).map((s) => s.op);
}

/** The ops the engine ran on resources of one type, in order, from the events `pulumi up --json` prints. */
function engineOps(events: string, type: string): string[] {
  return events
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l) as { resourcePreEvent?: { metadata: { op: string; urn: string } } })
    .flatMap((e) => (e.resourcePreEvent?.metadata.urn.includes(`:${type}::`) ? [e.resourcePreEvent.metadata.op] : []));
}

describe("the Pulumi CLI driving the package as a user installs it", () => {
  let work: string;
  const sim = useSimHost({ profile: "xs62" });
  let stack: PulumiStack;
  let original: HostSnapshot;
  let tvUuid: string;
  let privateKey: string;

  beforeAll(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "xspci-e2e-"));
    const version = execFileSync("pulumi", ["version"], { encoding: "utf8" }).trim();
    process.stdout.write(`e2e: pulumi CLI ${version}\n`);
    stack = await createSimStack(work, sim, "e2e");
    privateKey = fs.readFileSync(sim.info.privateKeyPath, "utf8");
    await stack.setConfigObject("hidden", ["01:00.0"]);
    await stack.setConfigObject("assignments", { nas: { vmUuid: NAS, devices: ["01:00.0", "06:00.0"] } });
    original = hostSnapshot(sim);
    const tv = sim.state().vms.find((v) => v.powerState === "halted");
    if (tv === undefined) throw new Error("the simulated host has no halted VM");
    tvUuid = tv.uuid;
  }, 600_000);

  afterAll(() => {
    fs.rmSync(work, { recursive: true, force: true });
  });

  test("preview plans two creates and changes nothing on the host", async () => {
    const r = await stack.ok(["preview", "--json"]);
    expect(stepOps(r.stdout, "PciAssignment")).toEqual(["create"]);
    expect(stepOps(r.stdout, "HiddenPciDevice")).toEqual(["create"]);
    expect(hostSnapshot(sim)).toEqual(original);
  });

  test("up writes the pci key and the hide list and reports what is pending", async () => {
    await stack.ok(["up", "--yes", "--skip-preview"]);
    const nas = sim.state().vms.find((v) => v.uuid === NAS);
    expect(nas?.otherConfig.pci).toBe("0/0000:01:00.0,1/0000:06:00.0");
    expect(sim.state().bootConfig).toContain("pciback.hide=(0000:01:00.0)");
    const out = await stack.outputs();
    expect(out.pciValues).toEqual(["0/0000:01:00.0,1/0000:06:00.0"]);
    expect(out.pendingColdBoot).toEqual([true]);
    expect(out.pendingHostReboot).toEqual([true]);
  });

  test("a second preview right after up shows no change", async () => {
    const r = await stack.run(["preview", "--expect-no-changes"]);
    expect(r.exitCode).toBe(0);
  });

  test("the stack export holds no plaintext private key, passphrase or password", async () => {
    const exported = await stack.exportState();
    const keyBody = privateKey.split("\n").filter((l) => l.length > 20 && !l.startsWith("-----"));
    expect(keyBody.length).toBeGreaterThan(0);
    for (const line of keyBody) expect(exported).not.toContain(line);
    expect(exported).not.toContain("PRIVATE KEY");
    // The whole connection (key, passphrase, password alike) is one encrypted secret, in inputs and outputs.
    const doc = JSON.parse(exported) as {
      deployment: { resources: { type: string; inputs?: Record<string, unknown>; outputs?: Record<string, unknown> }[] };
    };
    const ours = doc.deployment.resources.filter((r) => r.type.includes("/xenserver-pci:"));
    expect(ours.map((r) => r.type).sort()).toEqual([
      "pulumi-nodejs:dynamic/xenserver-pci:HiddenPciDevice",
      "pulumi-nodejs:dynamic/xenserver-pci:PciAssignment",
    ]);
    for (const r of ours) {
      for (const connection of [r.inputs?.connection, r.outputs?.connection]) {
        expect(Object.keys(connection as object).sort()).toEqual(["4dabf18193072939515e22adb298388d", "ciphertext"]);
      }
    }
  });

  test("refresh after a hand edit on the host shows the drift, and up puts it back", async () => {
    expect(sim.xe("vm-param-set", `uuid=${NAS}`, "other-config:pci=0/0000:06:00.0").exitCode).toBe(0);
    await stack.ok(["refresh", "--yes", "--skip-preview"]);
    const refreshed = await stack.resourceOutputs("PciAssignment", "nas");
    expect(refreshed.pciValue).toBe("0/0000:06:00.0");
    expect(refreshed.devices).toEqual(["0000:06:00.0"]);
    const r = await stack.ok(["preview", "--json"]);
    expect(stepOps(r.stdout, "PciAssignment")).toEqual(["update"]);
    await stack.ok(["up", "--yes", "--skip-preview"]);
    expect(sim.state().vms.find((v) => v.uuid === NAS)?.otherConfig.pci).toBe("0/0000:01:00.0,1/0000:06:00.0");
  });

  test("a devices reorder is an update in place", async () => {
    await stack.setConfigObject("assignments", { nas: { vmUuid: NAS, devices: ["06:00.0", "01:00.0"] } });
    const r = await stack.ok(["preview", "--json"]);
    expect(stepOps(r.stdout, "PciAssignment")).toEqual(["update"]);
    await stack.ok(["up", "--yes", "--skip-preview"]);
    expect(sim.state().vms.find((v) => v.uuid === NAS)?.otherConfig.pci).toBe("0/0000:06:00.0,1/0000:01:00.0");
  });

  test("a vmUuid change deletes the old key before writing the new one", async () => {
    await stack.setConfigObject("assignments", { nas: { vmUuid: tvUuid, devices: ["06:00.0", "01:00.0"] } });
    const r = await stack.ok(["preview", "--json"]);
    expect(stepOps(r.stdout, "PciAssignment")).toEqual(["replace"]);
    // Created first, the replacement would be refused: its devices would still
    // be in the NAS's key. So this up succeeding is itself the proof of order.
    const up = await stack.ok(["up", "--yes", "--skip-preview", "--json"]);
    const ops = engineOps(up.stdout, "PciAssignment");
    expect(ops.indexOf("delete-replaced")).toBeGreaterThanOrEqual(0);
    expect(ops.indexOf("delete-replaced")).toBeLessThan(ops.indexOf("create-replacement"));
    const vms = sim.state().vms;
    expect(vms.find((v) => v.uuid === NAS)?.otherConfig.pci).toBeUndefined();
    expect(vms.find((v) => v.uuid === tvUuid)?.otherConfig.pci).toBe("0/0000:06:00.0,1/0000:01:00.0");
  });

  test("an invalid address fails the preview and names the property", async () => {
    await stack.setConfigObject("assignments", { nas: { vmUuid: tvUuid, devices: ["06:00"] } });
    const r = await stack.run(["preview"]);
    expect(r.exitCode).not.toBe(0);
    expect(r.stdout + r.stderr).toContain("devices[0]");
    await stack.setConfigObject("assignments", { nas: { vmUuid: tvUuid, devices: ["06:00.0", "01:00.0"] } });
  });

  test("destroy returns the host to its original state, byte for byte", async () => {
    await stack.ok(["destroy", "--yes", "--skip-preview"]);
    expect(hostSnapshot(sim)).toEqual(original);
  });
});
