/**
 * The dynamic `ResourceProvider` of `HiddenPciDevice`: a thin adapter from the
 * engine's calls to schema (check), the pure diff, and the host side
 * (hidden-pci-device-host.ts). Loaded at run time by
 * `resources/hidden-pci-device.ts` through `lazyProvider`.
 */
import type * as pulumi from "@pulumi/pulumi";
import { requestHostReboot } from "../host/power/host-reboot";
import type { HiddenDeviceOutputs, XenHost } from "../host/xen-host";
import { refuseChangedHiddenDevice } from "../model/hidden-identity";
import { diffHiddenPciDevice } from "../model/hidden-pci-device-diff";
import { normalisePciAddress } from "../model/pci-address";
import { stripEngineKeys } from "../schema/failures";
import {
  checkHiddenPciDeviceInputs,
  parseHiddenPciDeviceInputs,
  type HiddenPciDeviceInputs,
} from "../schema/hidden-pci-device";
import { hostIn, inContext, resourceId, type Props } from "./adapter";
import type { RunState } from "../host/session/run-state";
import { processRun } from "../host/session/session-registry";
import type { Connection } from "../model/connection";
import { progress } from "./progress";

/** Inputs from old outputs: `bootEntries` is `[]` there for the methods without labels. */
function parseStored(props: Props): HiddenPciDeviceInputs {
  const { bootEntries, ...rest } = props;
  return parseHiddenPciDeviceInputs(Array.isArray(bootEntries) && bootEntries.length === 0 ? rest : props);
}

/** The id the stored resource was bound to at `address` (`""`: none, or another address). */
function storedBoundId(props: Props, address: string): string {
  const storedAddress = typeof props.address === "string" ? normalisePciAddress(props.address) : undefined;
  return storedAddress === address && typeof props.boundId === "string" ? props.boundId : "";
}

function resourceName(props: Props): string {
  const address = typeof props.address === "string" ? (normalisePciAddress(props.address) ?? props.address) : "?";
  const connection = props.connection;
  const host = typeof connection === "object" && connection !== null ? (connection as Props).host : undefined;
  return `hidden PCI device ${address} on ${typeof host === "string" ? host : "?"}`;
}

function failingWith<T>(action: string, props: Props, work: () => Promise<T>): Promise<T> {
  return inContext(action, resourceName(props), props, work);
}

/** The outputs of a `HiddenPciDevice`: the echoed connection, then what the host says. */
export interface HiddenPciDeviceOutputs extends HiddenDeviceOutputs {
  connection: unknown;
  [key: string]: unknown;
}

function outputsOf(rawConnection: unknown, outputs: HiddenDeviceOutputs, inputs: Pick<HiddenPciDeviceInputs, "reboot" | "rebootTimeoutMs">): HiddenPciDeviceOutputs {
  return { connection: rawConnection, ...outputs, reboot: inputs.reboot, rebootTimeoutMs: inputs.rebootTimeoutMs };
}

/** Progress lines go to the process's sink (providers/progress.ts): stdout for dynamic resources, the engine's log in the plugin. */
const log = progress;

/**
 * With `reboot: "whenRequired"`, when the outputs say the host needs a reboot
 * for the hide list: asks for the run's one reboot of the host (it starts
 * once no other operation runs there) and reads the outputs again after it.
 * Without it, or when this run rebooted the host already, the outputs stand
 * (their `nextSteps` say to reboot).
 */
async function rebootIfRequired(host: XenHost, inputs: HiddenPciDeviceInputs, outs: HiddenDeviceOutputs, reread: () => Promise<HiddenDeviceOutputs>): Promise<HiddenDeviceOutputs> {
  if (inputs.reboot !== "whenRequired" || !outs.pendingHostReboot) return outs;
  const outcome = await requestHostReboot(host, inputs.address, { timeoutMs: inputs.rebootTimeoutMs }, log);
  if (outcome === "already-rebooted") {
    log(`Host ${host.name} was rebooted once in this run already; ${inputs.address} waits for the next reboot (run \`pulumi up\` again to reboot it).`);
  }
  return host.during(reread);
}

/** The provider's methods, all present, with this resource's output type. */
export interface HiddenPciDeviceProvider extends pulumi.dynamic.ResourceProvider {
  check(olds: Props, news: Props): Promise<{ inputs: Props; failures: pulumi.dynamic.CheckFailure[] }>;
  diff(id: string, olds: Props, news: Props): Promise<pulumi.dynamic.DiffResult>;
  create(news: Props): Promise<{ id: string; outs: HiddenPciDeviceOutputs }>;
  read(id: string, props?: Props): Promise<{ id: string; props: HiddenPciDeviceOutputs }>;
  update(id: string, olds: Props, news: Props): Promise<{ outs: HiddenPciDeviceOutputs }>;
  delete(id: string, props: Props): Promise<void>;
}

/**
 * The `HiddenPciDevice` provider. `check` and `diff` do no I/O; the others go
 * through the domain client of the connection's host (xen-host.ts), whose
 * reads start after they are asked and whose edits of the boot configuration
 * queue in the host's one edit queue.
 *
 * Over `run`'s sessions: the exported `hiddenPciDeviceProvider` uses the provider
 * process's run; tests make a fresh run for theirs.
 */
export function createHiddenPciDeviceProvider(run: RunState): HiddenPciDeviceProvider {
  const hostFor = (connection: Connection): XenHost => hostIn(run, connection);
  return {
    check(_olds: Props, news: Props) {
      const result = checkHiddenPciDeviceInputs(news);
      return Promise.resolve({ inputs: stripEngineKeys(result.inputs), failures: result.failures });
    },

    diff(_id: string, olds: Props, news: Props) {
      return Promise.resolve(diffHiddenPciDevice(olds, news));
    },

    create(raw: Props) {
      return failingWith("create", raw, async () => {
        const inputs = parseHiddenPciDeviceInputs(raw);
        const host = hostFor(inputs.connection);
        const bound = inputs.deviceId ?? "";
        const identity = { bound, deviceId: inputs.deviceId };
        const { outs, entries } = await host.during(async () => {
          const opened = await host.hiding.openToHide(inputs.method, inputs.bootEntries);
          refuseChangedHiddenDevice(inputs.address, bound, opened.open.pciDevices);
          host.hiding.guardHideable(opened.open, opened.rootDisk, inputs.address);
          // After the guards, so that an address the host lacks is reported as such; before any edit.
          const open = host.hiding.forDevice(opened.open, inputs.address, "program");
          const edit = await open.method.add(inputs.address);
          return { outs: await host.hiding.read(open, inputs.address, edit.entries, identity), entries: edit.entries };
        });
        const final = await rebootIfRequired(host, inputs, outs, async () =>
          host.hiding.read(host.hiding.forDevice(await host.hiding.open(outs.method, inputs.bootEntries), inputs.address, "state"), inputs.address, entries, identity),
        );
        return { id: resourceId(inputs.connection.host, inputs.address), outs: outputsOf(raw.connection, final, inputs) };
      });
    },

    read(id: string, props: Props = {}) {
      return failingWith("read", props, async () => {
        const stored = parseStored(props);
        const host = hostFor(stored.connection);
        const outs = await host.during(async () => {
          // The stored method is the one that worked; on a device it no longer fits, the one that reads the same list.
          const open = host.hiding.forDevice(await host.hiding.open(stored.method, stored.bootEntries), stored.address, "state");
          return host.hiding.read(open, stored.address, stored.bootEntries ?? [], {
            bound: storedBoundId(props, stored.address),
            deviceId: stored.deviceId,
          });
        });
        return { id, props: outputsOf(props.connection, outs, stored) };
      });
    },

    update(_id: string, olds: Props, news: Props) {
      return failingWith("update", news, async () => {
        const stored = parseStored(olds);
        const inputs = parseHiddenPciDeviceInputs(news);
        const method = inputs.method === "auto" ? stored.method : inputs.method;
        const host = hostFor(inputs.connection);
        const bound = inputs.deviceId ?? storedBoundId(olds, inputs.address);
        const identity = { bound, deviceId: inputs.deviceId };
        const { outs, entries } = await host.during(async () => {
          const opened = await host.hiding.open(method, inputs.bootEntries);
          refuseChangedHiddenDevice(inputs.address, bound, opened.pciDevices);
          const open = host.hiding.forDevice(opened, inputs.address, inputs.method === "auto" ? "state" : "program");
          // Idempotent: writes only when an entry is missing (new labels, or drift).
          const edit = await open.method.add(inputs.address);
          const dropped = (stored.bootEntries ?? []).filter((label) => !edit.entries.includes(label));
          if (open.method.method === "extlinux" && dropped.length > 0) {
            // Built from the facts already probed: no second round of probing.
            await host.hiding.forEntries(open, dropped).remove(inputs.address);
          }
          return { outs: await host.hiding.read(open, inputs.address, edit.entries, identity), entries: edit.entries };
        });
        const final = await rebootIfRequired(host, inputs, outs, async () =>
          host.hiding.read(host.hiding.forDevice(await host.hiding.open(outs.method, inputs.bootEntries), inputs.address, "state"), inputs.address, entries, identity),
        );
        return { outs: outputsOf(news.connection, final, inputs) };
      });
    },

    delete(_id: string, props: Props) {
      return failingWith("delete", props, async () => {
        const stored = parseStored(props);
        const host = hostFor(stored.connection);
        await host.during(async () => {
          const open = host.hiding.forDevice(await host.hiding.open(stored.method, stored.bootEntries), stored.address, "state");
          await open.method.remove(stored.address);
          if (open.pciDevices.find((device) => device.address === stored.address)?.driver === "pciback") {
            log(`${stored.address} stays hidden from dom0 on ${stored.connection.host} until the host reboots.`);
          }
        });
      });
    },
  };
}

/** The provider of the provider process's run. */
export const hiddenPciDeviceProvider: HiddenPciDeviceProvider = createHiddenPciDeviceProvider(processRun());
