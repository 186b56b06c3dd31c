import type { PoolView, VmState } from "../../../provider/model/host-state";
import { describePlan, describeVms, parseRebootMark, planHostReboot, rebootMarkValue, type RebootFacts } from "../../../provider/model/host-reboot-plan";
import type { EvacuationBlocker } from "../../../provider/model/evacuation-blockers";
import type { HostStateError } from "../../../provider/errors";

const HERE = "5f0c7a3e-2b9d-4e61-a8f4-1d6c93b0e27a";
const OTHER = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d";
const ALONE: PoolView = { hostUuid: HERE, members: [{ uuid: HERE, nameLabel: "rack-1" }] };
const POOL: PoolView = { hostUuid: HERE, members: [{ uuid: HERE, nameLabel: "rack-1" }, { uuid: OTHER, nameLabel: "rack-2" }] };

function vm(uuid: string, nameLabel: string, powerState: string, extra: Partial<VmState> = {}): VmState {
  return { uuid, nameLabel, powerState, domId: powerState === "running" ? 3 : -1, pciValue: undefined, attachedDevices: [], residentOn: powerState === "running" ? HERE : "", affinity: "", ...extra };
}

const NAS = vm("00000000-0000-0000-0000-000000000001", "NAS", "running", { attachedDevices: ["0000:01:00.0"] });
const WEB = vm("00000000-0000-0000-0000-000000000002", "web", "running");
const TV = vm("00000000-0000-0000-0000-000000000003", "TV", "halted");
const ELSEWHERE = vm("00000000-0000-0000-0000-000000000004", "db", "running", { residentOn: OTHER });

function thrown(work: () => unknown): HostStateError {
  try {
    work();
  } catch (error) {
    return error as HostStateError;
  }
  throw new Error("expected a refusal");
}

/** The facts of a host that is enabled, without HA, blockers or mark, unless `extra` says otherwise. */
function facts(pool: PoolView, vms: VmState[], extra: Partial<RebootFacts> = {}): RebootFacts {
  return { pool, vms, haEnabled: "false", hostEnabled: true, blockers: [], ...extra };
}

const ref = (v: VmState) => ({ uuid: v.uuid, nameLabel: v.nameLabel });
const blocker = (v: VmState, code: string): EvacuationBlocker => ({ uuid: v.uuid, nameLabel: v.nameLabel, code });
const LOCAL = vm("00000000-0000-0000-0000-000000000009", "files", "running");

describe("planHostReboot", () => {
  test.each([
    ["a host alone shuts every running VM down and starts them again", facts(ALONE, [NAS, WEB, TV]), {
      shutDown: [{ ...ref(NAS), why: "the host has no other member to move it to" }, { ...ref(WEB), why: "the host has no other member to move it to" }],
      evacuate: [], restart: [ref(NAS), ref(WEB)],
    }],
    ["a pool member shuts down only the VMs with devices attached and evacuates the rest", facts(POOL, [NAS, WEB, TV, ELSEWHERE]), {
      shutDown: [{ ...ref(NAS), why: "it has PCI devices passed through" }], evacuate: [ref(WEB)], restart: [ref(NAS)],
    }],
    ["a pool member shuts down a VM xapi says cannot move, with xapi's reason in words", facts(POOL, [NAS, WEB, LOCAL], { blockers: [blocker(LOCAL, "VM_REQUIRES_SR"), blocker(NAS, "VM_HAS_PCI_ATTACHED")] }), {
      shutDown: [{ ...ref(NAS), why: "it has PCI devices passed through" }, { ...ref(LOCAL), why: "its disks or a mounted ISO are on storage only this host reaches (VM_REQUIRES_SR)" }],
      evacuate: [ref(WEB)], restart: [ref(NAS), ref(LOCAL)],
    }],
    ["a blocker of a code without words keeps the code", facts(POOL, [WEB], { blockers: [blocker(WEB, "VM_HAS_SOMETHING_NEW")] }), {
      shutDown: [{ ...ref(WEB), why: "xapi refuses to move it (VM_HAS_SOMETHING_NEW)" }], evacuate: [], restart: [ref(WEB)],
    }],
    ["a pool member whose VMs all have devices evacuates nothing", facts(POOL, [NAS, ELSEWHERE]), {
      shutDown: [{ ...ref(NAS), why: "it has PCI devices passed through" }], evacuate: [], restart: [ref(NAS)],
    }],
    ["a host with nothing running has nothing to do", facts(ALONE, [TV]), { shutDown: [], evacuate: [], restart: [] }],
    ["a host its interrupted reboot left disabled also starts again the halted VMs of its mark", facts(POOL, [NAS, TV, WEB], { hostEnabled: false, mark: { restart: [TV.uuid, WEB.uuid, "00000000-0000-0000-0000-0000000000ff"] } }), {
      shutDown: [{ ...ref(NAS), why: "it has PCI devices passed through" }], evacuate: [ref(WEB)], restart: [ref(NAS), ref(TV)],
    }],
  ])("%s", (_title, input, expected) => {
    expect(planHostReboot("h", input)).toEqual(expected);
  });

  test("refuses a pool with HA enabled, saying how to reboot by hand", () => {
    const error = thrown(() => planHostReboot("h", facts(POOL, [NAS], { haEnabled: "true" })));
    expect({ code: error.code, reason: error.reason, hint: error.hint }).toEqual({
      code: "POOL_HA_ENABLED",
      reason: "the pool of rack-1 has HA enabled: with HA on, xapi fences and restarts VMs on its own terms during a reboot, which this package does not handle; the host was not disabled or rebooted.",
      hint:
        `Reboot rack-1 by hand (\`xe host-disable uuid=${HERE}\`, \`xe host-evacuate uuid=${HERE}\`, \`xe host-reboot uuid=${HERE}\`), ` +
        'or set reboot: "never" and reboot it in a maintenance window; then run `pulumi refresh`.',
    });
  });

  test.each(["", "yes", "<unknown>"])("reads HA fail-closed: ha-enabled %j refuses", (haEnabled) => {
    const error = thrown(() => planHostReboot("h", facts(ALONE, [NAS], { haEnabled })));
    expect(error.code).toBe("POOL_HA_ENABLED");
    expect(error.reason).toContain(`the pool of rack-1 does not say HA is off (ha-enabled reads "${haEnabled}")`);
  });

  test("refuses a host that someone else disabled, before anything", () => {
    const error = thrown(() => planHostReboot("h", facts(POOL, [NAS], { hostEnabled: false })));
    expect({ code: error.code, reason: error.reason, hint: error.hint }).toEqual({
      code: "HOST_DISABLED",
      reason: "rack-1 is disabled, and not by this package: an operator's maintenance or another tool's reboot may be under way; the reboot was not started and nothing was changed.",
      hint: `When that work is over, enable the host (\`xe host-enable uuid=${HERE}\`), then run \`pulumi up\` again.`,
    });
  });

  test("does not take over the mark of an enabled host: its VMs may have been shut down since by hand", () => {
    expect(planHostReboot("h", facts(ALONE, [TV], { mark: { restart: [TV.uuid] } }))).toEqual({ shutDown: [], evacuate: [], restart: [] });
  });

  test.each([
    ["a host alone", ALONE, 'or set reboot: "never" and reboot the host yourself'],
    ["a pool member", POOL, `or move this VM to another member first (\`xe vm-migrate uuid=${WEB.uuid} host=<another member>\`)`],
  ])("refuses to reboot %s that runs the VM pulumi runs in", (_title, pool, way) => {
    const error = thrown(() => planHostReboot("h", facts(pool, [NAS, WEB], { selfVmUuid: WEB.uuid.toUpperCase() })));
    expect({ code: error.code, reason: error.reason, hint: error.hint }).toEqual({
      code: "REBOOT_WOULD_STOP_PROVIDER",
      reason: `this pulumi run is inside VM "web" (${WEB.uuid}), which runs on rack-1: rebooting rack-1 would stop the run halfway and leave the host disabled; nothing was changed.`,
      hint: `Run \`pulumi up\` from a machine that is not a VM of rack-1 (another computer, or a VM on another member), ${way}.`,
    });
  });

  test("reboots a member while pulumi runs in a VM on another member", () => {
    expect(planHostReboot("h", facts(POOL, [NAS, ELSEWHERE], { selfVmUuid: ELSEWHERE.uuid })).shutDown.map((v) => v.uuid)).toEqual([NAS.uuid]);
  });

  test.each([
    ["a paused VM running here", vm("00000000-0000-0000-0000-000000000005", "paused-vm", "paused", { residentOn: HERE }), ALONE],
    ["a suspended VM of a host alone", vm("00000000-0000-0000-0000-000000000006", "sleepy", "suspended"), ALONE],
    ["a suspended VM pinned to this member", vm("00000000-0000-0000-0000-000000000007", "pinned", "suspended", { affinity: HERE }), POOL],
  ])("refuses %s", (_title, stuck, pool) => {
    const error = thrown(() => planHostReboot("h", facts(pool, [NAS, stuck])));
    expect({ code: error.code, reason: error.reason }).toEqual({
      code: "VM_NOT_RESTORABLE",
      reason: `"${stuck.nameLabel}" (${stuck.uuid}) is ${stuck.powerState} on rack-1: the reboot sequence restores running and halted VMs only, so it would lose that state; the host was not disabled or rebooted.`,
    });
  });

  test("leaves alone a suspended VM of a pool that is not pinned to this member", () => {
    const sleepy = vm("00000000-0000-0000-0000-000000000008", "sleepy", "suspended", { affinity: OTHER });
    expect(planHostReboot("h", facts(POOL, [sleepy]))).toEqual({ shutDown: [], evacuate: [], restart: [] });
  });
});

test("describeVms names each VM, or says none", () => {
  expect(describeVms([])).toBe("none");
  expect(describeVms([{ uuid: "u1", nameLabel: "NAS" }, { uuid: "u2", nameLabel: "TV" }])).toBe('"NAS" (u1), "TV" (u2)');
});

test("describePlan says what happens to each VM", () => {
  const plan = planHostReboot("h", facts(POOL, [NAS, WEB, TV], { hostEnabled: false, mark: { restart: [TV.uuid] } }));
  expect(describePlan(plan)).toBe(
    `"NAS" (${NAS.uuid}): shut down, started again after (it has PCI devices passed through); ` +
      `"web" (${WEB.uuid}): moved to another member (xe host-evacuate); ` +
      `"TV" (${TV.uuid}): halted by an interrupted reboot, started again after`,
  );
  expect(describePlan({ shutDown: [], evacuate: [], restart: [] })).toBe("none");
});

test("the mark round-trips through the host's other-config", () => {
  const plan = planHostReboot("h", facts(ALONE, [NAS, WEB]));
  expect(rebootMarkValue(plan)).toBe(`${NAS.uuid},${WEB.uuid}`);
  expect(parseRebootMark({ "xenserver-pci-reboot": rebootMarkValue(plan), boot_time: "1764500000." })).toEqual({ restart: [NAS.uuid, WEB.uuid] });
  expect(rebootMarkValue({ shutDown: [], evacuate: [], restart: [] })).toBe("none");
  expect(parseRebootMark({ "xenserver-pci-reboot": "none" })).toEqual({ restart: [] });
  expect(parseRebootMark({ boot_time: "1764500000." })).toBeUndefined();
});
