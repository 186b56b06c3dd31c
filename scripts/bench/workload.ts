/**
 * The benchmark's workloads: which hosts, and which PciAssignment
 * and HiddenPciDevice resources each holds. Pure.
 */
import { generatedPciAddress, generatedPoolVmUuid, type GeneratedInventorySize } from "../../test/support/generated-inventory";

/** Workload names accepted by `npm run bench -- --workload <name>`. */
export type WorkloadName = "W1" | "W2";

/** The shape of a workload: every host gets the same resources. */
export interface WorkloadSpec {
  readonly name: WorkloadName;
  readonly hosts: number;
  /** VMs per host, each with one PciAssignment. */
  readonly vmsPerHost: number;
  /** HiddenPciDevice resources per host. */
  readonly hiddenPerHost: number;
}

/**
 * W1 = one host, 40 VMs, 8 hidden devices; W2 = one pool of 8 members, each
 * with 20 VMs of its own and 8 hidden devices (one xapi database, the same
 * addresses on every member).
 */
export const WORKLOADS: Readonly<Record<WorkloadName, WorkloadSpec>> = {
  W1: { name: "W1", hosts: 1, vmsPerHost: 40, hiddenPerHost: 8 },
  W2: { name: "W2", hosts: 8, vmsPerHost: 20, hiddenPerHost: 8 },
};

/** One PciAssignment: on host `host` (0-based index), VM `vmUuid` gets `devices` in order. */
export interface AssignmentChange {
  readonly host: number;
  readonly vmUuid: string;
  readonly devices: readonly string[];
}

/** One HiddenPciDevice: `address` hidden from dom0 of host `host`. */
export interface HiddenChange {
  readonly host: number;
  readonly address: string;
}

/** Every resource of a workload, plus the inventory each host needs. */
export interface Workload {
  readonly spec: WorkloadSpec;
  readonly assignments: readonly AssignmentChange[];
  readonly hidden: readonly HiddenChange[];
  /** Generated VMs and PCI functions of each host's inventory. */
  readonly inventorySize: GeneratedInventorySize;
}

/** Devices of VM `i`: even VMs get one, odd VMs two, so both value shapes are exercised. */
function devicesOfVm(i: number): number {
  return i % 2 === 0 ? 1 : 2;
}

/**
 * Builds a workload. On every host, VM `i` gets the next one or two generated
 * PCI functions, and the hidden devices take the functions after those: no
 * device is used by two resources, and assignments never touch hidden ones.
 */
export function buildWorkload(spec: WorkloadSpec): Workload {
  const assignments: AssignmentChange[] = [];
  const hidden: HiddenChange[] = [];
  let devicesPerHost = 0;
  for (let host = 0; host < spec.hosts; host += 1) {
    let next = 0;
    for (let i = 0; i < spec.vmsPerHost; i += 1) {
      const devices = Array.from({ length: devicesOfVm(i) }, (_, k) => generatedPciAddress(next + k));
      next += devices.length;
      assignments.push({ host, vmUuid: generatedPoolVmUuid(host, i), devices });
    }
    for (let j = 0; j < spec.hiddenPerHost; j += 1) hidden.push({ host, address: generatedPciAddress(next + j) });
    devicesPerHost = next + spec.hiddenPerHost;
  }
  return { spec, assignments, hidden, inventorySize: { vms: spec.vmsPerHost, devices: devicesPerHost } };
}

/** Resources of a workload (assignments plus hidden devices). */
export function resourceCount(workload: Workload): number {
  return workload.assignments.length + workload.hidden.length;
}

/** Pulumi name of the `index`th HiddenPciDevice of a workload (on host `host`); program.ts uses the same form. */
export function hiddenResourceName(host: number, index: number): string {
  return `hidden-h${String(host)}-${String(index)}`;
}

/** Pulumi name of the `index`th PciAssignment of a workload (on host `host`); program.ts uses the same form. */
export function assignmentResourceName(host: number, index: number): string {
  return `assign-h${String(host)}-${String(index)}`;
}
