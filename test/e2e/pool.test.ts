/**
 * The pool example (`examples/pool.ts`) through the real Pulumi CLI, in a user
 * project that installs the packed package, against a simulated pool of two
 * XenServer 6.2 hosts: one `pulumi up` and one `pulumi destroy`.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { SimPoolState } from "../../sim";
import { PulumiStack } from "../support/pulumi-cli";
import { useSimPool } from "../support/sim-fixture";
import { createUserProject, packPackage, REPO_ROOT } from "../support/user-project";

const POOL_PROGRAM = path.join(REPO_ROOT, "examples", "pool.ts");

/** What the stack may change: every VM's other-config and affinity, every member's boot config. */
function poolSnapshot(state: SimPoolState): unknown {
  return {
    vms: state.vms.map((vm) => ({ uuid: vm.uuid, otherConfig: vm.otherConfig, affinity: vm.affinity })),
    bootConfigs: state.hosts.map((host) => host.bootConfig),
  };
}

describe("the pool example through the Pulumi CLI", () => {
  let work: string;
  const pool = useSimPool({ size: 2, profile: "xs62" });
  let stack: PulumiStack;
  let original: unknown;
  const uuidOf = (name: string): string => pool.state().vms.find((vm) => vm.nameLabel === name)?.uuid ?? "";

  beforeAll(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "xspci-e2e-pool-"));
    createUserProject(path.join(work, "project"), packPackage(path.join(work, "pack")), POOL_PROGRAM);
    stack = new PulumiStack(path.join(work, "project"), path.join(work, "state"), "pool");
    await stack.init();
    const [a, b] = pool.members;
    if (a === undefined || b === undefined) throw new Error("the pool has fewer than 2 members");
    for (const [suffix, m] of [["A", a], ["B", b]] as const) {
      await stack.setConfig(`sshKey${suffix}`, fs.readFileSync(m.info.privateKeyPath, "utf8"), true);
      await stack.setConfig(`host${suffix}`, m.info.host);
      await stack.setConfig(`port${suffix}`, String(m.info.port));
      await stack.setConfig(`hostKey${suffix}`, m.info.hostKeyFingerprint);
    }
    await stack.setConfig("nasVm", uuidOf("NAS"));
    await stack.setConfig("gamingVm", uuidOf("Gaming"));
    original = poolSnapshot(pool.state());
  }, 600_000);

  afterAll(() => {
    fs.rmSync(work, { recursive: true, force: true });
  });

  test("up hides the controller on member B only, assigns each VM its member's cards and pins it there", async () => {
    await stack.ok(["up", "--yes", "--skip-preview"]);
    const state = pool.state();
    const [a, b] = pool.members;
    expect(state.hosts[1]?.bootConfig).toContain("pciback.hide=(0000:01:00.0)");
    expect(state.hosts[0]?.bootConfig).not.toContain("pciback.hide");
    const nas = state.vms.find((vm) => vm.nameLabel === "NAS");
    const gaming = state.vms.find((vm) => vm.nameLabel === "Gaming");
    expect(nas).toMatchObject({ affinity: b?.info.hostUuid, otherConfig: expect.objectContaining({ pci: "0/0000:01:00.0,1/0000:06:00.0" }) as unknown });
    expect(gaming).toMatchObject({ affinity: a?.info.hostUuid, otherConfig: expect.objectContaining({ pci: "0/0000:07:00.0,1/0000:07:00.1" }) as unknown });
    const out = await stack.outputs();
    // The NAS still runs on member A, where 01:00.0 is another card: the next steps say to move it.
    expect(out).toMatchObject({ nasRunsOn: a?.info.nameLabel, nasPinnedTo: b?.info.nameLabel, gamingPinnedTo: a?.info.nameLabel });
    expect(out.todo).toEqual(expect.arrayContaining([expect.stringContaining(`runs on pool member "${a?.info.nameLabel ?? ""}"`)]));
  });

  test("destroy removes the keys, the hide entry and the affinities it set: the pool is as before", async () => {
    await stack.ok(["destroy", "--yes", "--skip-preview"]);
    expect(poolSnapshot(pool.state())).toEqual(original);
  });
});
