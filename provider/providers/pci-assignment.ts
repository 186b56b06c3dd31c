/**
 * The `PciAssignment` resource provider: a thin adapter that validates (schema),
 * plans (pure), changes the host (XenHost) and reads the result back.
 *
 * Resource id: `<connection.host>/<vmUuid>` (VM UUID in lower case). Both parts
 * replace the resource when they change, so the id is stable for its lifetime.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { XenHost } from "../host/xen-host";
import type { VmState } from "../model/host-state";
import { diffPciAssignment } from "../model/pci-assignment-diff";
import { planCreate, planUpdate, requireVm, type KeyPlan } from "../model/pci-assignment-plan";
import { isPendingColdBoot } from "../model/pending";
import { stripEngineKeys } from "../schema/failures";
import {
  checkPciAssignmentInputs,
  COLD_BOOT_POLICIES,
  parsePciAssignmentInputs,
  type ColdBootPolicy,
  type PciAssignmentInputs,
} from "../schema/pci-assignment";
import { hostFor, inContext, resourceId, type Props } from "./adapter";
import { assignmentOutputs, type PciAssignmentOutputs } from "./pci-assignment-outputs";
import { parseAssignmentTarget } from "./pci-assignment-target";

/** Where progress notes go: the engine shows the provider's stdout as info messages. */
function log(line: string): void {
  console.log(line);
}

function vmUuidOf(props: Props): string {
  return typeof props.vmUuid === "string" ? props.vmUuid.toLowerCase() : "<unknown>";
}

function failingWith<T>(action: string, props: Props, work: () => Promise<T>): Promise<T> {
  return inContext(action, `PCI assignment for VM ${vmUuidOf(props)}`, props, work);
}

/**
 * Writes the key when the plan says so (reading it back in the same round
 * trip), cold boots when the policy asks and the VM needs it.
 *
 * @param before - the VM as the plan saw it
 */
async function apply(host: XenHost, inputs: PciAssignmentInputs, plan: KeyPlan, before: VmState): Promise<VmState> {
  let vm = plan.kind === "write" ? { ...before, pciValue: await host.setPciKey(inputs.vmUuid, plan.value) } : before;
  const pending = isPendingColdBoot({ powerState: vm.powerState, devices: inputs.devices, attachedDevices: vm.attachedDevices });
  if (inputs.coldBoot === "whenRequired" && pending) {
    await host.coldBoot(vm, log);
    vm = requireVm(host.name, inputs.vmUuid, await host.vm(inputs.vmUuid));
  }
  return vm;
}

async function readBack(host: XenHost, connection: unknown, coldBoot: ColdBootPolicy, vmUuid: string): Promise<PciAssignmentOutputs> {
  const vm = requireVm(host.name, vmUuid, await host.listedVm(vmUuid));
  return assignmentOutputs(connection, coldBoot, vm);
}

function coldBootOf(props: Props): ColdBootPolicy {
  const value = props.coldBoot;
  return COLD_BOOT_POLICIES.find((policy) => policy === value) ?? "never";
}

/** Whether only connection settings (credentials, deadlines…) differ between the old outputs and the new inputs. */
function onlyConnectionChanged(olds: Props, inputs: PciAssignmentInputs): boolean {
  const oldDevices = Array.isArray(olds.devices) ? (olds.devices as unknown[]) : [];
  const sameDevices = oldDevices.length === inputs.devices.length && oldDevices.every((device, i) => device === inputs.devices[i]);
  return sameDevices && coldBootOf(olds) === inputs.coldBoot;
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
 */
export const pciAssignmentProvider: PciAssignmentProvider = {
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
      const snapshot = await host.assignmentSnapshot(inputs.vmUuid);
      const plan = planCreate(host.name, inputs.vmUuid, inputs.devices, snapshot);
      if (plan.kind === "keep") log(`VM ${inputs.vmUuid} already has other-config:pci=${plan.value}; adopting it.`);
      const vm = await apply(host, inputs, plan, requireVm(host.name, inputs.vmUuid, snapshot.vm));
      return { id: resourceId(inputs.connection.host, inputs.vmUuid), outs: assignmentOutputs(news.connection, inputs.coldBoot, vm) };
    });
  },

  read(id: string, props: Props = {}): Promise<{ id: string; props: PciAssignmentOutputs | Record<string, never> }> {
    return failingWith("read", props, async () => {
      const target = parseAssignmentTarget(props);
      const vm = await hostFor(target.connection).listedVm(target.vmUuid);
      // An empty id tells the engine the VM (and so the assignment) is gone.
      if (vm === undefined) return { id: "", props: {} };
      return { id, props: assignmentOutputs(props.connection, coldBootOf(props), vm) };
    });
  },

  update(_id: string, olds: Props, news: Props): Promise<{ outs: PciAssignmentOutputs }> {
    return failingWith("update", news, async () => {
      const inputs = parsePciAssignmentInputs(news);
      const host = hostFor(inputs.connection);
      if (onlyConnectionChanged(olds, inputs)) {
        return { outs: await readBack(host, news.connection, inputs.coldBoot, inputs.vmUuid) };
      }
      const snapshot = await host.assignmentSnapshot(inputs.vmUuid);
      const plan = planUpdate(host.name, inputs.vmUuid, inputs.devices, snapshot);
      const vm = await apply(host, inputs, plan, requireVm(host.name, inputs.vmUuid, snapshot.vm));
      return { outs: assignmentOutputs(news.connection, inputs.coldBoot, vm) };
    });
  },

  delete(_id: string, props: Props): Promise<void> {
    return failingWith("delete", props, async () => {
      const target = parseAssignmentTarget(props);
      const host = hostFor(target.connection);
      // Read first: a failed read leaves the key in place, and the engine the resource.
      const vm = await host.listedVm(target.vmUuid);
      const removed = await host.removePciKey(target.vmUuid);
      if (removed && vm !== undefined && vm.powerState === "running" && vm.attachedDevices.length > 0) {
        log(
          `VM "${vm.nameLabel}" (${vm.uuid}) keeps ${vm.attachedDevices.join(", ")} until it is shut down and started again ` +
            "(a reboot is not enough): other-config:pci was removed.",
        );
      }
    });
  },
};
