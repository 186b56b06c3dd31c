/**
 * Builds the method object for a host from the facts that decide the hide
 * method and key (read by boot-snapshot.ts, resolved by resolve-method.ts).
 */
import { Dom0AccessMethod } from "./dom0-access";
import { ExtlinuxMethod } from "./extlinux";
import type { BootConfigMethod, BootConfigSession, ResolvedHideMethod } from "./method";
import { hideKeyForKernel, resolveHideMethod, type HostBootFacts } from "./resolve-method";
import { XenCmdlineMethod } from "./xen-cmdline";

/** What to build a method object from. */
export interface BootConfigRequest {
  readonly session: BootConfigSession;
  /** The connected host's UUID (`INSTALLATION_UUID`), for the per-host PCI objects of dom0-access. */
  readonly hostUuid: string;
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
  const session = request.session;
  switch (method) {
    case "extlinux":
      return new ExtlinuxMethod({ session, hideKey, bootEntries: request.bootEntries });
    case "xen-cmdline":
      return new XenCmdlineMethod({ session, hideKey });
    case "dom0-access":
      return new Dom0AccessMethod({ session, hostUuid: request.hostUuid, hideKey });
  }
}
