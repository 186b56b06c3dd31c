/**
 * The dynamic `ResourceProvider` of `HiddenPciDevice`: a thin adapter from the
 * engine's calls to schema (check), the pure diff, and the host side
 * (hidden-pci-device-host.ts). Loaded at run time by
 * `resources/hidden-pci-device.ts` through `lazyProvider`.
 */
import type * as pulumi from "@pulumi/pulumi";
import { diffHiddenPciDevice } from "../model/hidden-pci-device-diff";
import { normalisePciAddress } from "../model/pci-address";
import { stripEngineKeys } from "../schema/failures";
import {
  checkHiddenPciDeviceInputs,
  parseHiddenPciDeviceInputs,
  type HiddenPciDeviceInputs,
} from "../schema/hidden-pci-device";
import { connectionSecrets, withContext } from "./error-context";
import {
  guardHideable,
  methodForEntries,
  openHiddenDeviceHost,
  readHiddenDevice,
  type HiddenDeviceOutputs,
} from "./hidden-pci-device-host";

type Props = Record<string, unknown>;

/** Inputs from old outputs: `bootEntries` is `[]` there for the methods without labels. */
function parseStored(props: Props): HiddenPciDeviceInputs {
  const { bootEntries, ...rest } = props;
  return parseHiddenPciDeviceInputs(Array.isArray(bootEntries) && bootEntries.length === 0 ? rest : props);
}

function resourceName(props: Props): string {
  const address = typeof props.address === "string" ? (normalisePciAddress(props.address) ?? props.address) : "?";
  const connection = props.connection;
  const host = typeof connection === "object" && connection !== null ? (connection as Props).host : undefined;
  return `hidden PCI device ${address} on ${typeof host === "string" ? host : "?"}`;
}

async function inContext<T>(action: string, props: Props, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw withContext(`Unable to ${action} ${resourceName(props)}`, error, connectionSecrets(props));
  }
}

function outputsOf(rawConnection: unknown, outputs: HiddenDeviceOutputs): Props {
  return { connection: rawConnection, ...outputs };
}

function idOf(inputs: HiddenPciDeviceInputs): string {
  return `${inputs.connection.host}/${inputs.address}`;
}

/** The provider object of `HiddenPciDevice`. */
export const hiddenPciDeviceProvider: pulumi.dynamic.ResourceProvider = {
  check(_olds: Props, news: Props) {
    const result = checkHiddenPciDeviceInputs(news);
    return Promise.resolve({ inputs: stripEngineKeys(result.inputs), failures: result.failures });
  },

  diff(_id: string, olds: Props, news: Props) {
    return Promise.resolve(diffHiddenPciDevice(olds, news));
  },

  create(raw: Props) {
    return inContext("create", raw, async () => {
      const inputs = parseHiddenPciDeviceInputs(raw);
      const open = await openHiddenDeviceHost(inputs.connection, inputs.method, inputs.bootEntries);
      await guardHideable(open, inputs.address);
      const edit = await open.method.add(inputs.address);
      const outs = await readHiddenDevice(open, inputs.address, edit.entries);
      return { id: idOf(inputs), outs: outputsOf(raw.connection, outs) };
    });
  },

  read(id: string, props: Props = {}) {
    return inContext("read", props, async () => {
      const stored = parseStored(props);
      const open = await openHiddenDeviceHost(stored.connection, stored.method, stored.bootEntries);
      const outs = await readHiddenDevice(open, stored.address, stored.bootEntries ?? []);
      return { id, props: outputsOf(props.connection, outs) };
    });
  },

  update(_id: string, olds: Props, news: Props) {
    return inContext("update", news, async () => {
      const stored = parseStored(olds);
      const inputs = parseHiddenPciDeviceInputs(news);
      const method = inputs.method === "auto" ? stored.method : inputs.method;
      const open = await openHiddenDeviceHost(inputs.connection, method, inputs.bootEntries);
      // Idempotent: writes only when an entry is missing (new labels, or drift).
      const edit = await open.method.add(inputs.address);
      const dropped = (stored.bootEntries ?? []).filter((label) => !edit.entries.includes(label));
      if (open.method.method === "extlinux" && dropped.length > 0) {
        // Built from the facts already probed: no second round of probing.
        await methodForEntries(open, dropped).remove(inputs.address);
      }
      const outs = await readHiddenDevice(open, inputs.address, edit.entries);
      return { outs: outputsOf(news.connection, outs) };
    });
  },

  delete(_id: string, props: Props) {
    return inContext("delete", props, async () => {
      const stored = parseStored(props);
      const open = await openHiddenDeviceHost(stored.connection, stored.method, stored.bootEntries);
      await open.method.remove(stored.address);
      if (open.pciDevices.find((device) => device.address === stored.address)?.driver === "pciback") {
        console.log(`${stored.address} stays hidden from dom0 on ${stored.connection.host} until the host reboots.`);
      }
    });
  },
};
