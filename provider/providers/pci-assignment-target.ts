/**
 * Which VM on which host a `PciAssignment`'s stored outputs point at. Read and
 * delete need only this much: the stored `devices` may be empty after a
 * refresh found the key removed by hand, which full input validation refuses.
 */
import type { Connection } from "../model/connection";
import { parseInputs, pickKeys } from "../schema/failures";
import { pciAssignmentObject } from "../schema/pci-assignment";

/** The host connection and VM of an assignment. */
export interface AssignmentTarget {
  connection: Connection;
  /** Lower case. */
  vmUuid: string;
}

/**
 * Validates `connection` and `vmUuid` of stored outputs (or inputs).
 *
 * @param props - old outputs, `__provider` included or not
 * @throws ValidationError naming the bad property
 */
export function parseAssignmentTarget(props: Record<string, unknown>): AssignmentTarget {
  const schema = pciAssignmentObject.pick({ connection: true, vmUuid: true });
  return parseInputs(schema, pickKeys(props, ["connection", "vmUuid"]), "PciAssignment");
}
