/**
 * The providers the plugin serves its resources with: the very objects the
 * dynamic resources use (`providers` of the package's index), so both routes
 * share validation, plans, errors, diffs and, in one process, the sessions.
 */
import { hiddenPciDeviceProvider } from "../providers/hidden-pci-device";
import { pciAssignmentProvider } from "../providers/pci-assignment";
import type { ResourceKind } from "./tokens";

/** One resource provider, as the plugin calls it (plain values in, plain values out). */
export interface PlainResourceProvider {
  check(olds: Record<string, unknown>, news: Record<string, unknown>): Promise<{ inputs: Record<string, unknown>; failures: { property: string; reason: string }[] }>;
  diff(id: string, olds: Record<string, unknown>, news: Record<string, unknown>): Promise<{ changes?: boolean; replaces?: string[]; deleteBeforeReplace?: boolean }>;
  create(news: Record<string, unknown>): Promise<{ id: string; outs: Record<string, unknown> }>;
  read(id: string, props?: Record<string, unknown>): Promise<{ id: string; props: Record<string, unknown> }>;
  update(id: string, olds: Record<string, unknown>, news: Record<string, unknown>): Promise<{ outs: Record<string, unknown> }>;
  delete(id: string, props: Record<string, unknown>): Promise<void>;
}

/** The provider of each resource the plugin serves. */
export const RESOURCE_PROVIDERS: Readonly<Record<ResourceKind, PlainResourceProvider>> = {
  pciAssignment: pciAssignmentProvider,
  hiddenPciDevice: hiddenPciDeviceProvider,
};
