/**
 * Reads the facts that decide the hide method and key (resolve-method.ts)
 * and builds the method object for a host.
 */
import type { Connection } from "../../model/connection";
import { runBatch } from "../batch";
import type { XenHost } from "../xen-host";
import { Dom0AccessMethod } from "./dom0-access";
import { EXTLINUX_CONF_PATH, ExtlinuxMethod } from "./extlinux";
import { XEN_CMDLINE_PATH } from "./locked-scripts";
import type { BootConfigMethod, ResolvedHideMethod } from "./method";
import { oneEditPerHost } from "./one-edit-per-host";
import { hideKeyForKernel, resolveHideMethod, type HostBootFacts } from "./resolve-method";
import { XenCmdlineMethod } from "./xen-cmdline";

/** Inventory, kernel release and which boot tools the host has. */
export async function probeBootFacts(connection: Connection, host: XenHost): Promise<HostBootFacts> {
  const tools = [
    ["test", "-f", EXTLINUX_CONF_PATH],
    ["test", "-x", XEN_CMDLINE_PATH],
  ];
  // Independent reads: the pooled connection runs them on parallel channels.
  const [inventory, kernelRelease, [extlinux, xenCmdline]] = await Promise.all([
    host.inventory(),
    host.kernelRelease(),
    runBatch(connection, tools, "the check of the host's boot tools"),
  ]);
  return {
    productBrand: inventory.productBrand,
    productVersion: inventory.productVersion,
    kernelRelease,
    hasExtlinuxConf: extlinux?.exitCode === 0,
    hasXenCmdline: xenCmdline?.exitCode === 0,
  };
}

/** What to build a method object from. */
export interface BootConfigRequest {
  readonly connection: Connection;
  /** The method asked for; `auto` is resolved from `facts`. */
  readonly method: ResolvedHideMethod | "auto";
  /** extlinux labels; ignored by the other methods. */
  readonly bootEntries?: readonly string[] | undefined;
}

/**
 * The method object for a host, `auto` resolved and the hide key chosen from
 * the running kernel.
 *
 * @throws HostStateError when the host lacks what the method needs
 */
export function bootConfigMethod(request: BootConfigRequest, facts: HostBootFacts): BootConfigMethod {
  const method = resolveHideMethod(request.method, facts);
  const hideKey = hideKeyForKernel(facts.kernelRelease);
  const connection = request.connection;
  switch (method) {
    case "extlinux":
      return oneEditPerHost(new ExtlinuxMethod({ connection, hideKey, bootEntries: request.bootEntries }), connection);
    case "xen-cmdline":
      return oneEditPerHost(new XenCmdlineMethod({ connection, hideKey }), connection);
    case "dom0-access":
      return oneEditPerHost(new Dom0AccessMethod({ connection, hideKey }), connection);
  }
}
