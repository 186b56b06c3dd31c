/**
 * Reliability: concurrency through the real Pulumi CLI. 24 HiddenPciDevice and
 * 24 PciAssignment on one simulated XenServer 6.2 host, created in one
 * `pulumi up --parallel 32`: every hide entry lands exactly once in the dom0
 * arguments of every extlinux label, every VM gets exactly its `pci` key; then
 * `pulumi destroy` returns the boot config and every other-config map byte for byte.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { SimHost } from "../../sim";
import { generatedInventory, generatedPciAddress, generatedVmUuid } from "../support/generated-inventory";
import type { PulumiStack } from "../support/pulumi-cli";
import { useSimHost } from "../support/sim-fixture";
import { createSimStack } from "../support/sim-stack";
import { dom0HideLists, withoutHideParameter } from "./extlinux-view";
import { CaseTally } from "./support";

const RESOURCES = 24;
const PARALLEL = 32;
const HIDE = "pciback.hide";
const hidden = Array.from({ length: RESOURCES }, (_, i) => generatedPciAddress(i));
const assignments = Array.from({ length: RESOURCES }, (_, i) => ({ vmUuid: generatedVmUuid(i), device: generatedPciAddress(RESOURCES + i) }));

/** Every VM's other-config map as text: key order included, as the host keeps it. */
function otherConfigTexts(sim: SimHost): Map<string, string> {
  return new Map(sim.state().vms.map((vm) => [vm.uuid, JSON.stringify(vm.otherConfig)]));
}

/** Runs one CLI command as the first case of `tally`; its wall time as text ("failed" when it failed). */
async function timedCase(tally: CaseTally, stack: PulumiStack, args: string[]): Promise<string> {
  const start = process.hrtime.bigint();
  const held = await tally.run(`pulumi ${args.join(" ")}`, () => stack.ok(args));
  return held ? `${(Number(process.hrtime.bigint() - start) / 1e9).toFixed(1)} s` : "failed";
}

describe(`${RESOURCES} HiddenPciDevice and ${RESOURCES} PciAssignment in one pulumi up --parallel ${PARALLEL}`, () => {
  let work: string;
  const sim = useSimHost({ profile: "xs62", inventory: generatedInventory("xs62", { vms: RESOURCES, devices: 2 * RESOURCES }) });
  let stack: PulumiStack;
  let originalBoot: string;
  let originalOtherConfig: Map<string, string>;

  beforeAll(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "xspci-concurrency-"));
    stack = await createSimStack(work, sim, "concurrency");
    await stack.setConfigObject("hidden", hidden);
    await stack.setConfigObject(
      "assignments",
      Object.fromEntries(assignments.map((a, i) => [`guest-${String(i)}`, { vmUuid: a.vmUuid, devices: [a.device] }])),
    );
    originalBoot = sim.state().bootConfig;
    originalOtherConfig = otherConfigTexts(sim);
  }, 600_000);

  afterAll(() => {
    fs.rmSync(work, { recursive: true, force: true });
  });

  test("up puts every hide entry exactly once in every label and every pci key right, leaving the rest as it was", async () => {
    const tally = new CaseTally();
    const wall = await timedCase(tally, stack, ["up", "--yes", "--skip-preview", "--parallel", String(PARALLEL)]);
    const state = sim.state();
    const lists = dom0HideLists(state.bootConfig, HIDE);
    for (const address of hidden) {
      await tally.run(`hide ${address}`, () => {
        for (const [label, entries] of lists) {
          expect([label, entries.filter((e) => e === address)]).toEqual([label, [address]]);
        }
      });
    }
    await tally.run("no foreign hide entry and every label edited", () => {
      expect([...lists.keys()]).toEqual(["xe", "xe-serial", "safe", "fallback", "fallback-serial"]);
      for (const entries of lists.values()) expect([...entries].sort()).toEqual([...hidden].sort());
    });
    await tally.run("boot config otherwise unchanged", () => {
      expect(state.bootConfig.split(`${HIDE}=`).length - 1).toBe(lists.size);
      expect(withoutHideParameter(state.bootConfig, HIDE)).toBe(originalBoot);
    });
    for (const vm of state.vms) {
      const wanted = assignments.find((a) => a.vmUuid === vm.uuid);
      await tally.run(`VM ${vm.nameLabel}`, () => {
        const original = JSON.parse(originalOtherConfig.get(vm.uuid) ?? "{}") as Record<string, string>;
        expect(vm.otherConfig).toEqual(wanted === undefined ? original : { ...original, pci: `0/${wanted.device}` });
      });
    }
    const row = tally.record("concurrency", `pulumi up --parallel ${PARALLEL} of ${RESOURCES}+${RESOURCES} resources on one host (${wall}), then hide entries, pci keys, other keys`);
    expect(tally.failures).toEqual([]);
    expect(row.held).toBe(row.cases);
  });

  test("destroy returns the boot config and every other-config map byte for byte", async () => {
    const tally = new CaseTally();
    const wall = await timedCase(tally, stack, ["destroy", "--yes", "--skip-preview", "--parallel", String(PARALLEL)]);
    await tally.run("boot config", () => {
      expect(sim.state().bootConfig).toBe(originalBoot);
    });
    const after = otherConfigTexts(sim);
    for (const [uuid, text] of originalOtherConfig) {
      await tally.run(`other-config of ${uuid}`, () => {
        expect(after.get(uuid)).toBe(text);
      });
    }
    const row = tally.record("concurrency", `pulumi destroy of the same ${2 * RESOURCES} resources (${wall}), then boot config and ${originalOtherConfig.size} other-config maps byte for byte`);
    expect(tally.failures).toEqual([]);
    expect(row.held).toBe(row.cases);
  });
});
