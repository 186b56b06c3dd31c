import type { PoolView, VmState } from "../../../provider/model/host-state";
import { describeVms, planHostReboot } from "../../../provider/model/host-reboot-plan";
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

describe("planHostReboot", () => {
  test.each([
    ["a host alone shuts every running VM down and starts them again", ALONE, [NAS, WEB, TV], { shutDown: [NAS, WEB], evacuate: false, restart: [NAS, WEB] }],
    ["a pool member shuts down only the VMs with devices attached and evacuates the rest", POOL, [NAS, WEB, TV, ELSEWHERE], { shutDown: [NAS], evacuate: true, restart: [NAS, WEB] }],
    ["a pool member whose VMs all have devices evacuates nothing", POOL, [NAS, ELSEWHERE], { shutDown: [NAS], evacuate: false, restart: [NAS] }],
    ["a host with nothing running has nothing to do", ALONE, [TV], { shutDown: [], evacuate: false, restart: [] }],
  ])("%s", (_title, pool, vms, expected) => {
    const ref = (v: VmState) => ({ uuid: v.uuid, nameLabel: v.nameLabel });
    expect(planHostReboot("h", pool, vms, false)).toEqual({ shutDown: expected.shutDown.map(ref), evacuate: expected.evacuate, restart: expected.restart.map(ref) });
  });

  test("refuses a pool with HA enabled, saying how to reboot by hand", () => {
    const error = thrown(() => planHostReboot("h", POOL, [NAS], true));
    expect({ code: error.code, reason: error.reason, hint: error.hint }).toEqual({
      code: "POOL_HA_ENABLED",
      reason: "the pool of rack-1 has HA enabled: with HA on, xapi fences and restarts VMs on its own terms during a reboot, which this package does not handle; the host was not disabled or rebooted.",
      hint:
        `Reboot rack-1 by hand (\`xe host-disable uuid=${HERE}\`, \`xe host-evacuate uuid=${HERE}\`, \`xe host-reboot uuid=${HERE}\`), ` +
        'or set reboot: "never" and reboot it in a maintenance window; then run `pulumi refresh`.',
    });
  });

  test.each([
    ["a paused VM running here", vm("00000000-0000-0000-0000-000000000005", "paused-vm", "paused", { residentOn: HERE }), ALONE],
    ["a suspended VM of a host alone", vm("00000000-0000-0000-0000-000000000006", "sleepy", "suspended"), ALONE],
    ["a suspended VM pinned to this member", vm("00000000-0000-0000-0000-000000000007", "pinned", "suspended", { affinity: HERE }), POOL],
  ])("refuses %s", (_title, stuck, pool) => {
    const error = thrown(() => planHostReboot("h", pool, [NAS, stuck], false));
    expect({ code: error.code, reason: error.reason }).toEqual({
      code: "VM_NOT_RESTORABLE",
      reason: `"${stuck.nameLabel}" (${stuck.uuid}) is ${stuck.powerState} on rack-1: the reboot sequence restores running and halted VMs only, so it would lose that state; the host was not disabled or rebooted.`,
    });
  });

  test("leaves alone a suspended VM of a pool that is not pinned to this member", () => {
    const sleepy = vm("00000000-0000-0000-0000-000000000008", "sleepy", "suspended", { affinity: OTHER });
    expect(planHostReboot("h", POOL, [sleepy], false)).toEqual({ shutDown: [], evacuate: false, restart: [] });
  });
});

test("describeVms names each VM, or says none", () => {
  expect(describeVms([])).toBe("none");
  expect(describeVms([{ uuid: "u1", nameLabel: "NAS" }, { uuid: "u2", nameLabel: "TV" }])).toBe('"NAS" (u1), "TV" (u2)');
});
