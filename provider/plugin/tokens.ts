/**
 * The names the plugin serves, fixed by the design: the package, its
 * resources and functions, and the object type of `connection`. Pure.
 */
import { PULUMI_PACKAGE } from "../package-info";

/** The Pulumi package name (`pulumi-resource-<name>` is the executable). */
export const PACKAGE = PULUMI_PACKAGE;

/** Resource type tokens. */
export const RESOURCE_TOKENS = {
  pciAssignment: `${PACKAGE}:index:PciAssignment`,
  hiddenPciDevice: `${PACKAGE}:index:HiddenPciDevice`,
} as const;

/** Function (invoke) tokens. */
export const FUNCTION_TOKENS = {
  getPciDevices: `${PACKAGE}:index:getPciDevices`,
  getVm: `${PACKAGE}:index:getVm`,
} as const;

/** The object type of `connection`, in the schema's `types`. */
export const CONNECTION_TYPE = `${PACKAGE}:index:Connection`;

/** A resource the plugin serves. */
export type ResourceKind = keyof typeof RESOURCE_TOKENS;

/**
 * The resource type a URN names: `urn:pulumi:<stack>::<project>::<type>::<name>`,
 * where `<type>` is prefixed by its parents' types, `$`-separated.
 *
 * @param urn - a resource URN
 * @returns the type token, `""` when the URN has no type part
 */
export function typeOfUrn(urn: string): string {
  const qualified = urn.split("::")[2] ?? "";
  return qualified.split("$").pop() ?? "";
}

/**
 * Which resource a type token names, or `undefined` for a type this plugin does not serve.
 *
 * @param type - a type token, e.g. `xenserver-pci:index:PciAssignment`
 */
export function resourceKindOf(type: string): ResourceKind | undefined {
  return (Object.keys(RESOURCE_TOKENS) as ResourceKind[]).find((kind) => RESOURCE_TOKENS[kind] === type);
}
