/**
 * The documented example (`examples/index.ts`), exactly as the README shows
 * it, run by the real Pulumi CLI in a user project that installs this package
 * from its `npm pack` tarball, against the seed's machine on a simulated
 * XenServer 6.2 host: so the example a user copies cannot rot.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { hostSnapshot, type HostSnapshot } from "../support/host-snapshot";
import { PulumiStack } from "../support/pulumi-cli";
import { useSimHost } from "../support/sim-fixture";
import { configureSimConnection } from "../support/sim-stack";
import { createUserProject, packPackage, REPO_ROOT } from "../support/user-project";

const EXAMPLE_PROGRAM = path.join(REPO_ROOT, "examples", "index.ts");

describe("the documented example through the Pulumi CLI", () => {
  let work: string;
  const sim = useSimHost({ profile: "xs62" });
  let stack: PulumiStack;
  let original: HostSnapshot;

  beforeAll(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "xspci-example-"));
    createUserProject(path.join(work, "project"), packPackage(path.join(work, "pack")), EXAMPLE_PROGRAM);
    stack = new PulumiStack(path.join(work, "project"), path.join(work, "state"), "example");
    await stack.init();
    await configureSimConnection(stack, sim);
    original = hostSnapshot(sim);
  }, 600_000);

  afterAll(() => {
    fs.rmSync(work, { recursive: true, force: true });
  });

  test("up hides the NAS's controller, assigns the devices in order, and says what is pending", async () => {
    await stack.ok(["up", "--yes", "--skip-preview"]);
    const vms = sim.state().vms;
    expect(vms.find((vm) => vm.nameLabel === "NAS")?.otherConfig.pci).toBe("0/0000:01:00.0,1/0000:06:00.0");
    expect(vms.find((vm) => vm.nameLabel === "Gaming")?.otherConfig.pci).toBe("0/0000:07:00.0,1/0000:07:00.1");
    expect(sim.state().bootConfig).toContain("pciback.hide=(0000:01:00.0)");
    const out = await stack.outputs();
    // Both VMs run with the old domain's devices, and dom0 still has the controller.
    expect(out).toMatchObject({ nasPciValue: "0/0000:01:00.0,1/0000:06:00.0", nasNeedsColdBoot: true, gamingNeedsColdBoot: true, hostNeedsReboot: true });
    expect(out.todo).toEqual(expect.arrayContaining([expect.stringContaining("reboot")]));
  });

  test("a refresh finds nothing changed, and the next preview proposes nothing", async () => {
    await stack.ok(["refresh", "--yes", "--skip-preview"]);
    const preview = await stack.ok(["preview", "--diff", "--expect-no-changes"]);
    expect(preview.stdout).toContain("unchanged");
  });

  test("destroy returns the host to its original state, byte for byte", async () => {
    await stack.ok(["destroy", "--yes", "--skip-preview"]);
    expect(hostSnapshot(sim)).toEqual(original);
  });

  test('one up with reboot and coldBoot "whenRequired" converges: one host reboot, every VM running with its devices, nothing pending', async () => {
    await stack.setConfig("reboot", "whenRequired");
    await stack.setConfig("coldBoot", "whenRequired");
    const bootsBefore = sim.state().boots;
    const up = await stack.ok(["up", "--yes", "--skip-preview"]);
    expect(up.stdout).toContain("Host 127.0.0.1: back and enabled.");
    expect(sim.state().boots).toBe(bootsBefore + 1);
    const out = await stack.outputs();
    expect(out).toMatchObject({ nasNeedsColdBoot: false, gamingNeedsColdBoot: false, hostNeedsReboot: false, todo: [] });
    const vms = Object.fromEntries(sim.state().vms.map((vm) => [vm.nameLabel, { powerState: vm.powerState, attachedDevices: vm.attachedDevices }]));
    expect(vms).toEqual({
      NAS: { powerState: "running", attachedDevices: ["0000:01:00.0", "0000:06:00.0"] },
      Gaming: { powerState: "running", attachedDevices: ["0000:07:00.0", "0000:07:00.1"] },
      TV: { powerState: "halted", attachedDevices: [] },
    });
    expect(sim.state().pcis.find((pci) => pci.address === "0000:01:00.0")?.driver).toBe("pciback");
    // A refresh agrees, and a second up has nothing to do.
    await stack.ok(["refresh", "--yes", "--skip-preview"]);
    await stack.ok(["up", "--yes", "--skip-preview", "--expect-no-changes"]);
    expect(sim.state().boots).toBe(bootsBefore + 1);
    await stack.ok(["destroy", "--yes", "--skip-preview"]);
  });
});
