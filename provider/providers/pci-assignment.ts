/**
 * The `PciAssignment` resource provider: a thin adapter that validates (schema),
 * plans (pure), changes the host (XenHost) and reads the result back.
 *
 * Resource id: `<connection.host>/<vmUuid>` (VM UUID in lower case). Both parts
 * replace the resource when they change, so the id is stable for its lifetime.
 */
import type * as pulumi from "@pulumi/pulumi";
import { coldBootVm } from "../host/power/cold-boot";
import type { XenHost } from "../host/xen-host";
import type { VmState } from "../model/host-state";
import { diffPciAssignment } from "../model/pci-assignment-diff";
import { planAffinity, planCreate, planUpdate, requireVm, type AffinityPlan, type KeyPlan } from "../model/pci-assignment-plan";
import { boundIdsOf, expectedIds, refuseChangedHardware, refuseColdBootWithoutIommu, type BoundIds } from "../model/assignment-identity";
import { isPendingColdBoot, missingFunctionsSentence } from "../model/pending";
import { iommuEnabledOf } from "../model/pool";
import { stripEngineKeys } from "../schema/failures";
import {
  checkPciAssignmentInputs,
  COLD_BOOT_POLICIES,
  parsePciAssignmentInputs,
  type PciAssignmentInputs,
} from "../schema/pci-assignment";
import { hostIn, inContext, resourceId, type Props } from "./adapter";
import type { RunState } from "../host/session/run-state";
import { processRun } from "../host/session/session-registry";
import type { Connection } from "../model/connection";
import { progress } from "./progress";
import { assignmentOutputs, type AssignmentSettings, type PciAssignmentOutputs } from "./pci-assignment-outputs";
import { parseAssignmentTarget } from "./pci-assignment-target";

/** Progress lines go to the process's sink (providers/progress.ts): stdout for dynamic resources, the engine's log in the plugin. */
const log = progress;

function vmUuidOf(props: Props): string {
  return typeof props.vmUuid === "string" ? props.vmUuid.toLowerCase() : "<unknown>";
}

function failingWith<T>(action: string, props: Props, work: () => Promise<T>): Promise<T> {
  return inContext(action, `PCI assignment for VM ${vmUuidOf(props)}`, props, work);
}

/**
 * Pins or unpins the VM and writes the key when the plans say so (one
 * `vm-param-set`, read back in the same round trip), and cold boots the VM when the policy
 * asks and the VM needs it (a VM running on another member needs it too: it
 * is started again here). The VM is pinned before its key names this host's
 * devices, so that no other member's resource ever sees the key on a VM that
 * could start anywhere.
 *
 * @param before - the VM as the plans saw it
 * @param hostUuid - the connected host
 * @returns the VM afterwards, and whether the resource owns its affinity
 */
async function apply(
  host: XenHost,
  inputs: PciAssignmentInputs,
  plans: { key: KeyPlan; affinity: AffinityPlan },
  before: VmState,
  hostUuid: string,
): Promise<{ vm: VmState; owns: boolean }> {
  let vm = before;
  const changes = {
    affinity: plans.affinity.kind === "keep" ? undefined : plans.affinity.kind === "pin" ? hostUuid : "",
    pciValue: plans.key.kind === "write" ? plans.key.value : undefined,
  };
  if (changes.affinity !== undefined || changes.pciValue !== undefined) vm = { ...vm, ...(await host.setVmParams(inputs.vmUuid, changes)) };
  const owns = plans.affinity.kind === "pin" || (plans.affinity.kind === "keep" && plans.affinity.owns);
  const pending = isPendingColdBoot({ powerState: vm.powerState, devices: inputs.devices, attachedDevices: vm.attachedDevices });
  if (inputs.coldBoot === "whenRequired" && pending) {
    await coldBootVm(host, vm, hostUuid, log);
    vm = requireVm(host.name, inputs.vmUuid, await host.vm(inputs.vmUuid));
  }
  return { vm, owns };
}

/** The settings the outputs echo, from an engine props bag (old outputs). */
function settingsOf(props: Props): AssignmentSettings {
  const coldBoot = COLD_BOOT_POLICIES.find((policy) => policy === props.coldBoot) ?? "never";
  const deviceIds = Array.isArray(props.deviceIds) ? props.deviceIds.filter((id): id is string => typeof id === "string") : undefined;
  return { coldBoot, pinToHost: props.pinToHost !== false, ownsAffinity: props.ownsAffinity === true, bound: boundIdsOf(props.devices, props.boundIds), deviceIds };
}

/** The settings after a write: the inputs, the affinity ownership, and each device bound to its expected id (or to what is there). */
function settingsAfter(inputs: PciAssignmentInputs, ownsAffinity: boolean, expected: readonly string[]): AssignmentSettings {
  const bound: BoundIds = new Map(inputs.devices.map((device, i) => [device, expected[i] ?? ""]));
  return { coldBoot: inputs.coldBoot, pinToHost: inputs.pinToHost, ownsAffinity, bound, deviceIds: inputs.deviceIds };
}

/** Whether only connection settings (credentials, deadlines…) differ between the old outputs and the new inputs. */
function onlyConnectionChanged(olds: Props, inputs: PciAssignmentInputs): boolean {
  const sameList = (a: readonly unknown[], b: readonly unknown[] | undefined): boolean => a.length === (b?.length ?? 0) && a.every((item, i) => item === b?.[i]);
  const old = settingsOf(olds);
  const oldDevices = Array.isArray(olds.devices) ? (olds.devices as unknown[]) : [];
  return (
    sameList(oldDevices, inputs.devices) &&
    sameList(old.deviceIds ?? [], inputs.deviceIds) &&
    old.coldBoot === inputs.coldBoot &&
    old.pinToHost === inputs.pinToHost
  );
}

/** Tells the operator, in the progress log, which functions of the devices' cards the program leaves out. */
function logMissingFunctions(outs: PciAssignmentOutputs): PciAssignmentOutputs {
  if (outs.missingFunctions.length > 0) log(`VM ${outs.vmUuid}: ${missingFunctionsSentence(outs.missingFunctions)}`);
  return outs;
}

/** The provider's methods, all present, with this resource's output type. */
export interface PciAssignmentProvider extends pulumi.dynamic.ResourceProvider {
  check(olds: Props, news: Props): Promise<{ inputs: Props; failures: pulumi.dynamic.CheckFailure[] }>;
  diff(id: string, olds: Props, news: Props): Promise<pulumi.dynamic.DiffResult>;
  create(news: Props): Promise<{ id: string; outs: PciAssignmentOutputs }>;
  /** An empty `id` (and empty props) when the VM no longer exists. */
  read(id: string, props?: Props): Promise<{ id: string; props: PciAssignmentOutputs | Record<string, never> }>;
  update(id: string, olds: Props, news: Props): Promise<{ outs: PciAssignmentOutputs }>;
  delete(id: string, props: Props): Promise<void>;
}

/**
 * The `PciAssignment` provider. `check` and `diff` do no I/O. create, update,
 * read and delete read the VM from a listing of the host that started after
 * the call (shared with the reads asked at the same moment); a write reads
 * the key back exactly in the same round trip. delete
 * removes only the `other-config:pci` key and treats "already gone" as success.

 *
 * Over `run`'s sessions: the exported `pciAssignmentProvider` uses the provider
 * process's run; tests make a fresh run for theirs.
 */
export function createPciAssignmentProvider(run: RunState): PciAssignmentProvider {
  const hostFor = (connection: Connection): XenHost => hostIn(run, connection);
  return {
    check(_olds: Props, news: Props): Promise<{ inputs: Props; failures: pulumi.dynamic.CheckFailure[] }> {
      const { failures } = checkPciAssignmentInputs(news);
      return Promise.resolve({ inputs: stripEngineKeys(news), failures });
    },

    diff(_id: string, olds: Props, news: Props): Promise<pulumi.dynamic.DiffResult> {
      return Promise.resolve(diffPciAssignment(olds, news));
    },

    create(news: Props): Promise<{ id: string; outs: PciAssignmentOutputs }> {
      return failingWith("create", news, async () => {
        const inputs = parsePciAssignmentInputs(news);
        const host = hostFor(inputs.connection);
        const outs = await host.during(async () => {
          const snapshot = await host.assignmentSnapshot(inputs.vmUuid);
          // Every refusal before anything is written.
          const vm = requireVm(host.name, inputs.vmUuid, snapshot.vm);
          const expected = expectedIds(inputs.devices, inputs.deviceIds, new Map());
          refuseChangedHardware(inputs.devices, expected, snapshot.pciDevices);
          const key = planCreate(host.name, inputs.vmUuid, inputs.devices, snapshot);
          refuseColdBootWithoutIommu(host.name, vm, iommuEnabledOf(snapshot.pool), inputs.coldBoot);
          const affinity = planAffinity(vm, snapshot.pool, inputs.pinToHost, false);
          if (key.kind === "keep") log(`VM ${inputs.vmUuid} already has other-config:pci=${key.value}; adopting it.`);
          const after = await apply(host, inputs, { key, affinity }, vm, snapshot.pool.hostUuid);
          return logMissingFunctions(assignmentOutputs(news.connection, settingsAfter(inputs, after.owns, expected), after.vm, snapshot));
        });
        return { id: resourceId(inputs.connection.host, inputs.vmUuid), outs };
      });
    },

    read(id: string, props: Props = {}): Promise<{ id: string; props: PciAssignmentOutputs | Record<string, never> }> {
      return failingWith("read", props, async () => {
        const target = parseAssignmentTarget(props);
        const xen = hostFor(target.connection);
        // The engine reads resources at its parallelism, each answer followed by the next read: one listing a wave.
        const { vm, ...host } = await xen.during(() => xen.vmInPool(target.vmUuid, { wave: true }));
        // An empty id tells the engine the VM (and so the assignment) is gone.
        if (vm === undefined) return { id: "", props: {} };
        return { id, props: assignmentOutputs(props.connection, settingsOf(props), vm, host) };
      });
    },

    update(_id: string, olds: Props, news: Props): Promise<{ outs: PciAssignmentOutputs }> {
      return failingWith("update", news, async () => {
        const inputs = parsePciAssignmentInputs(news);
        const host = hostFor(inputs.connection);
        const outs = await host.during(async () => {
          const before = settingsOf(olds);
          const snapshot = await host.assignmentSnapshot(inputs.vmUuid);
          const vm = requireVm(host.name, inputs.vmUuid, snapshot.vm);
          // An address bound to one card that now holds another is refused even when only the connection changed.
          const expected = expectedIds(inputs.devices, inputs.deviceIds, before.bound);
          refuseChangedHardware(inputs.devices, expected, snapshot.pciDevices);
          if (onlyConnectionChanged(olds, inputs)) {
            return assignmentOutputs(news.connection, settingsAfter(inputs, before.ownsAffinity, expected), vm, snapshot);
          }
          const key = planUpdate(host.name, inputs.vmUuid, inputs.devices, snapshot);
          refuseColdBootWithoutIommu(host.name, vm, iommuEnabledOf(snapshot.pool), inputs.coldBoot);
          const affinity = planAffinity(vm, snapshot.pool, inputs.pinToHost, before.ownsAffinity);
          const after = await apply(host, inputs, { key, affinity }, vm, snapshot.pool.hostUuid);
          return logMissingFunctions(assignmentOutputs(news.connection, settingsAfter(inputs, after.owns, expected), after.vm, snapshot));
        });
        return { outs };
      });
    },

    delete(_id: string, props: Props): Promise<void> {
      return failingWith("delete", props, async () => {
        const target = parseAssignmentTarget(props);
        const host = hostFor(target.connection);
        await host.during(async () => {
          // Read first: a failed read leaves the key in place, and the engine the resource.
          const { vm, pool } = await host.vmInPool(target.vmUuid);
          const removed = await host.removePciKey(target.vmUuid);
          if (vm !== undefined && settingsOf(props).ownsAffinity && vm.affinity === pool.hostUuid) {
            // Put back what this resource changed: the VM had no affinity before it.
            await host.setAffinity(target.vmUuid, "");
          }
          if (removed && vm !== undefined && vm.powerState === "running" && vm.attachedDevices.length > 0) {
            log(
              `VM "${vm.nameLabel}" (${vm.uuid}) keeps ${vm.attachedDevices.join(", ")} until it is shut down and started again ` +
                "(a reboot is not enough): other-config:pci was removed.",
            );
          }
        });
      });
    },
  };
}

/** The provider of the provider process's run. */
export const pciAssignmentProvider: PciAssignmentProvider = createPciAssignmentProvider(processRun());
