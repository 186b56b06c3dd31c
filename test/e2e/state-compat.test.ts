/**
 * State written by an earlier version keeps working: the engine runs the
 * provider closure stored in state on `refresh` and `destroy`, and the
 * closures of 0.1.0 (fixture/provider-closures-0.1.0.json, taken from a real
 * `pulumi stack export` of that version) `require` the package's files
 * `dist/provider/providers/pci-assignment` and `hidden-pci-device` by path.
 * A stack whose state holds those closures refreshes with no change and
 * destroys back to the host as it was, with the package as it is now.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { hostSnapshot, type HostSnapshot } from "../support/host-snapshot";
import type { PulumiStack } from "../support/pulumi-cli";
import { useSimHost } from "../support/sim-fixture";
import { createSimStack } from "../support/sim-stack";

const NAS = "db4c64e1-44ce-f9f3-3236-0d86df260249";
const OLD_CLOSURES = JSON.parse(fs.readFileSync(path.join(__dirname, "fixture", "provider-closures-0.1.0.json"), "utf8")) as Record<string, string>;

interface StateResource {
  type: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
}

describe("a stack whose state was written by 0.1.0", () => {
  let work: string;
  const sim = useSimHost({ profile: "xs62" });
  let stack: PulumiStack;
  let original: HostSnapshot;

  beforeAll(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "xspci-state-compat-"));
    stack = await createSimStack(work, sim, "compat");
    await stack.setConfigObject("hidden", ["07:00.0"]);
    await stack.setConfigObject("assignments", { nas: { vmUuid: NAS, devices: ["01:00.0"] } });
    original = hostSnapshot(sim);
    await stack.ok(["up", "--yes", "--skip-preview"]);
    // The state as 0.1.0 wrote it: the same resources, with 0.1.0's provider closures.
    const state = JSON.parse(await stack.exportState()) as { deployment: { resources: StateResource[] } };
    let replaced = 0;
    for (const resource of state.deployment.resources) {
      const old = OLD_CLOSURES[resource.type];
      if (old === undefined) continue;
      for (const props of [resource.inputs, resource.outputs]) {
        if (props?.__provider !== undefined) {
          props.__provider = old;
          replaced += 1;
        }
      }
    }
    expect(replaced).toBe(4);
    const file = path.join(work, "old-state.json");
    fs.writeFileSync(file, JSON.stringify(state));
    await stack.ok(["stack", "import", "--file", file, "--stack", stack.stackName]);
  }, 600_000);

  afterAll(() => {
    fs.rmSync(work, { recursive: true, force: true });
  });

  test("holds the old closures, which load the package's files by path", async () => {
    const exported = await stack.exportState();
    expect(exported).toContain("dist/provider/providers/pci-assignment");
    expect(exported).toContain("dist/provider/providers/hidden-pci-device");
  });

  test("refreshes through them with no change, and the program previews no change after", async () => {
    // --expect-no-changes makes either command fail on any change; the provider's progress lines share stdout with the CLI's.
    await stack.ok(["refresh", "--yes", "--skip-preview", "--expect-no-changes"]);
    await stack.ok(["preview", "--expect-no-changes"]);
  });

  test("destroys through them, leaving the host as it was", async () => {
    await stack.ok(["destroy", "--yes", "--skip-preview"]);
    expect(hostSnapshot(sim)).toEqual(original);
  });
});
