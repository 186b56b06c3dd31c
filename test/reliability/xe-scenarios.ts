/**
 * The operations the xe-fault suite fails call by call: each puts its host in
 * a fixed starting state, runs one provider operation, and says what "the old
 * or the new state" and "converged" mean for it.
 */
import { providers } from "../../provider";
import type { SimHost, SimVmState } from "../../sim";
import { bootView, profileExpectations, withHideList } from "../support/hide-list-text";
import type { Profile } from "../../sim";

/**
 * What `xe` prints when xapi is not running: xe-cli's `newcli.ml` reports the
 * `Unix_error` of its `connect` as `Error: %s (calling %s %s)`, and exits 1.
 */
export const XAPI_DOWN_STDERR = "Error: Connection refused (calling connect )\n";

/** The hint every `XAPI_UNREACHABLE` error ends with. */
export const XAPI_DOWN_HINT = "Check that the toolstack runs on the host (`service xapi status`); restart it with `xe-toolstack-restart`, then retry.";

/** A scenario's host and connection. */
export interface XeBench {
  readonly sim: SimHost;
  readonly connection: Record<string, unknown>;
}

/** One provider operation to fail at each of its xe calls. */
export interface XeScenario {
  /** e.g. `PciAssignment update`. */
  readonly name: string;
  readonly profile: Profile;
  /** How the operation's errors begin, e.g. `Unable to update PCI assignment for VM <uuid>: `. */
  readonly messagePrefix: string;
  /** Once, before anything is counted (e.g. the create whose outputs a delete gets). */
  prepare(bench: XeBench): Promise<void>;
  /** Puts the host in the operation's starting state (direct xe and file writes: not counted). */
  reset(bench: XeBench): void;
  run(bench: XeBench): Promise<unknown>;
  /** The hint a failed run's error must end with, given the state the failure left. */
  hintAfterFailure(bench: XeBench): string;
  /** After a failed run: the state is the starting one or the intended one, and nothing else changed. */
  expectOldOrNew(bench: XeBench): void;
  /** After a successful run: exactly the intended state. */
  expectConverged(bench: XeBench, result: unknown): void;
}

const NAS = "db4c64e1-44ce-f9f3-3236-0d86df260249";
const GAMING = "7a1c3f52-9b0e-4d21-8c6e-2f0a9d4b6e13";
const TV = "3e5b9d70-1f2c-4a8e-b6d4-90c1e7f2a845";

function vmOf(sim: SimHost, uuid: string): SimVmState {
  const vm = sim.state().vms.find((v) => v.uuid === uuid);
  if (vm === undefined) throw new Error(`no VM ${uuid} in the simulator`);
  return vm;
}

function xeOk(sim: SimHost, ...args: string[]): void {
  const result = sim.xe(...args);
  if (result.exitCode !== 0) throw new Error(`xe ${args.join(" ")} failed: ${result.stderr}`);
}

function withoutPci(otherConfig: Record<string, string>): Record<string, string> {
  const { pci: _pci, ...rest } = otherConfig;
  return rest;
}

/** Every VM's other-config as the seed's machine has it, for comparisons. */
function otherConfigs(sim: SimHost): Map<string, Record<string, string>> {
  return new Map(sim.state().vms.map((vm) => [vm.uuid, vm.otherConfig]));
}

/** What a PciAssignment scenario changes: one VM's `pci` key, from `from` to `to`. */
interface AssignmentChange {
  readonly operation: "create" | "update" | "delete";
  readonly vmUuid: string;
  readonly from: { devices: string[]; pci: string } | undefined;
  readonly to: { devices: string[]; pci: string } | undefined;
  /** The VM's power state before the operation (its domain holds the `from` devices when running). */
  readonly power: "running" | "halted";
  readonly coldBoot: "never" | "whenRequired";
}

const provider = providers.pciAssignment;

function pciAssignmentScenario(change: AssignmentChange): XeScenario {
  let initial = new Map<string, Record<string, string>>();
  /** The outputs of a create with the `from` devices: the olds of an update, the props of a delete. */
  let stored: Record<string, unknown> = {};
  const inputs = (bench: XeBench, devices: string[]) => ({ connection: bench.connection, vmUuid: change.vmUuid, devices, coldBoot: change.coldBoot });
  const id = `127.0.0.1/${change.vmUuid}`;
  const scenario: XeScenario = {
    name: `PciAssignment ${change.operation}`,
    profile: "xs82",
    messagePrefix: `Unable to ${change.operation} PCI assignment for VM ${change.vmUuid}: `,
    async prepare(bench) {
      initial = otherConfigs(bench.sim);
      if (change.from === undefined) return;
      stored = (await provider.create(inputs(bench, change.from.devices))).outs;
    },
    reset({ sim }) {
      const vm = vmOf(sim, change.vmUuid);
      if (change.from === undefined && vm.otherConfig.pci !== undefined) {
        xeOk(sim, "vm-param-remove", `uuid=${change.vmUuid}`, "param-name=other-config", "param-key=pci");
      }
      if (change.from !== undefined && vm.otherConfig.pci !== change.from.pci) {
        xeOk(sim, "vm-param-set", `uuid=${change.vmUuid}`, `other-config:pci=${change.from.pci}`);
      }
      // Running, the domain must hold exactly the `from` devices: a cold boot from halted gives it them.
      const attachedWanted = change.power === "running" ? (change.from?.devices ?? []) : [];
      const settled = vm.powerState === change.power && JSON.stringify(vm.attachedDevices) === JSON.stringify(attachedWanted);
      if (settled) return;
      if (vm.powerState !== "halted") xeOk(sim, "vm-shutdown", `uuid=${change.vmUuid}`, "--force");
      if (change.power === "running") xeOk(sim, "vm-start", `uuid=${change.vmUuid}`);
    },
    hintAfterFailure({ sim }) {
      const vm = vmOf(sim, change.vmUuid);
      if (change.power === "halted" || vm.powerState !== "halted") return XAPI_DOWN_HINT;
      // Cut between the cold boot's shutdown and its start: the VM is off, and a rerun would not start it.
      const hostUuid = /^INSTALLATION_UUID='([^']*)'$/m.exec(sim.readHostFile("/etc/xensource-inventory"))?.[1] ?? "?";
      return (
        `${XAPI_DOWN_HINT} VM "${vm.nameLabel}" (${vm.uuid}) was shut down for the cold boot and is still off: ` +
        `start it with \`xe vm-start uuid=${vm.uuid} on=${hostUuid}\` (running the update again does not start it).`
      );
    },
    run(bench) {
      switch (change.operation) {
        case "create":
          return provider.create(inputs(bench, change.to?.devices ?? []));
        case "update":
          return provider.update(id, stored, inputs(bench, change.to?.devices ?? []));
        case "delete":
          return provider.delete(id, stored);
      }
    },
    expectOldOrNew({ sim }) {
      for (const vm of sim.state().vms) {
        expect(withoutPci(vm.otherConfig)).toEqual(withoutPci(initial.get(vm.uuid) ?? {}));
        const pci = vm.otherConfig.pci;
        if (vm.uuid === change.vmUuid) expect([change.from?.pci, change.to?.pci]).toContainEqual(pci);
        else expect(pci).toBe(initial.get(vm.uuid)?.pci);
      }
    },
    expectConverged({ sim }, result) {
      const vm = vmOf(sim, change.vmUuid);
      const wanted = withoutPci(initial.get(change.vmUuid) ?? {});
      expect(vm.otherConfig).toEqual(change.to === undefined ? wanted : { ...wanted, pci: change.to.pci });
      if (change.operation === "delete") return;
      // The outputs say what the host has: nothing pending after whenRequired, and the VM as it is.
      const outs = (result as { outs: Record<string, unknown> }).outs;
      expect(outs).toMatchObject({ pciValue: change.to?.pci, powerState: vm.powerState, attachedDevices: vm.attachedDevices });
      if (change.coldBoot === "whenRequired") expect(outs.pendingColdBoot).toBe(false);
    },
  };
  return scenario;
}

/** HiddenPciDevice create or delete of 0000:07:00.0 by dom0-access on XCP-ng 8.3 (xapi keeps the hide list). */
function hiddenDeviceScenario(operation: "create" | "delete"): XeScenario {
  const hidden = providers.hiddenPciDevice;
  const p = profileExpectations("xcpng83");
  /** What the host will boot with (xen-cmdline re-renders grub.cfg as it likes). */
  const view = (text: string): string => bootView(p.profile, text);
  const address = "0000:07:00.0";
  let initial = new Map<string, Record<string, string>>();
  let original = "";
  let edited = "";
  let created: { id: string; outs: Record<string, unknown> } = { id: "", outs: {} };
  /** The boot config before the operation and after it. */
  const texts = (): [string, string] => (operation === "create" ? [original, edited] : [edited, original]);
  const create = (bench: XeBench) => hidden.create({ connection: bench.connection, address, method: "auto" });
  return {
    name: `HiddenPciDevice ${operation} (dom0-access)`,
    profile: "xcpng83",
    messagePrefix: `Unable to ${operation} hidden PCI device ${address} on 127.0.0.1: `,
    async prepare(bench) {
      initial = otherConfigs(bench.sim);
      original = bench.sim.readHostFile(p.bootPath);
      edited = withHideList(original, p, p.editedEntries, `(${address})`);
      const result = await create(bench);
      created = { id: result.id, outs: result.outs };
    },
    reset({ sim }) {
      sim.writeHostFile(p.bootPath, texts()[0]);
    },
    hintAfterFailure() {
      return XAPI_DOWN_HINT;
    },
    run(bench) {
      return operation === "create" ? create(bench) : hidden.delete(created.id, created.outs);
    },
    expectOldOrNew({ sim }) {
      expect(otherConfigs(sim)).toEqual(initial);
      expect(texts().map(view)).toContainEqual(view(sim.readHostFile(p.bootPath)));
    },
    expectConverged({ sim }, result) {
      expect(otherConfigs(sim)).toEqual(initial);
      expect(view(sim.readHostFile(p.bootPath))).toBe(view(texts()[1]));
      if (operation === "create") expect((result as { outs: Record<string, unknown> }).outs).toMatchObject({ method: "dom0-access", hiddenInBootConfig: true });
    },
  };
}

/** Every scenario, each run on a host of its own. */
export const XE_SCENARIOS: readonly XeScenario[] = [
  pciAssignmentScenario({ operation: "create", vmUuid: TV, from: undefined, to: { devices: ["0000:07:00.0"], pci: "0/0000:07:00.0" }, power: "halted", coldBoot: "never" }),
  pciAssignmentScenario({
    operation: "update",
    vmUuid: NAS,
    from: { devices: ["0000:01:00.0"], pci: "0/0000:01:00.0" },
    to: { devices: ["0000:01:00.0", "0000:06:00.0"], pci: "0/0000:01:00.0,1/0000:06:00.0" },
    power: "running",
    coldBoot: "whenRequired",
  }),
  pciAssignmentScenario({ operation: "delete", vmUuid: GAMING, from: { devices: ["0000:07:00.1"], pci: "0/0000:07:00.1" }, to: undefined, power: "running", coldBoot: "never" }),
  hiddenDeviceScenario("create"),
  hiddenDeviceScenario("delete"),
];
