/**
 * Inputs of `PciAssignment`: validation for `check` and the normalised, typed
 * inputs the provider works with.
 */
import { z } from "zod";
import type { Connection } from "../model/connection";
import { connectionSchema } from "./connection";
import { deviceIdSchema, deviceIdsParallel } from "./device-id";
import { checkInputs, expecting, parseInputs, pickKeys, type CheckResult } from "./failures";
import { noDuplicateAddresses, pciAddressSchema, toNormalisedAddress } from "./pci-address";

/** Most devices one assignment may hold (a guest has a handful of passthrough slots). */
export const MAX_DEVICES = 16;

/** Cold boot policies: report only, or shut the VM down and start it again. */
export const COLD_BOOT_POLICIES = ["never", "whenRequired"] as const;

/** A cold boot policy. */
export type ColdBootPolicy = (typeof COLD_BOOT_POLICIES)[number];

const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** A VM UUID in any case, normalised to lower case. */
export const vmUuidSchema = z
  .string(expecting("a VM UUID", "expected 32 hex digits as 8-4-4-4-12, e.g. db4c64e1-44ce-f9f3-3236-0d86df260249"))
  .regex(UUID)
  .transform((uuid) => uuid.toLowerCase());

/** The `PciAssignment` input object, before the checks across properties (for `pick`). */
export const pciAssignmentObject = z
  .object(
    {
      connection: connectionSchema,
      vmUuid: vmUuidSchema,
      devices: z
        .array(
          pciAddressSchema,
          expecting("a device list", `expected a list of 1 to ${MAX_DEVICES} PCI addresses in attach order, e.g. ["01:00.0", "06:00.0"]`),
        )
        .min(1)
        .max(MAX_DEVICES)
        .superRefine(noDuplicateAddresses("devices"))
        .transform((devices) => devices.map(toNormalisedAddress)),
      coldBoot: z
        .enum(COLD_BOOT_POLICIES, expecting("a cold boot policy", 'expected "never" or "whenRequired"'))
        .default("never"),
      pinToHost: z.boolean(expecting("a pinToHost flag", "expected true or false")).default(true),
      deviceIds: z
        .array(deviceIdSchema, expecting("a list of device ids", 'expected one vvvv:dddd[:ssss:ssss] id per device, in the order of devices, e.g. ["1000:0072", "1969:1063"]'))
        .optional(),
    },
    expecting("a PciAssignment input", "expected only the properties connection, vmUuid, devices, coldBoot, pinToHost, deviceIds"),
  )
  .strict();

/** Schema of the `PciAssignment` inputs: strict; devices and UUID normalised, defaults applied; deviceIds parallel to devices. */
export const pciAssignmentSchema = pciAssignmentObject.superRefine(deviceIdsParallel);

/** The validated, normalised inputs of a `PciAssignment`. */
export interface PciAssignmentInputs {
  connection: Connection;
  /** Lower case. */
  vmUuid: string;
  /** Normalised (`0000:06:00.0`), in attach order, no duplicates. */
  devices: string[];
  coldBoot: ColdBootPolicy;
  /** In a pool of more than one host: pin the VM to this host (its `affinity`) so that xapi starts it here. */
  pinToHost: boolean;
  /** The ids of the devices, parallel to `devices`, lower case; `undefined`: bound to what is there when the resource writes. */
  deviceIds?: string[] | undefined;
}

const INPUT_KEYS = ["connection", "vmUuid", "devices", "coldBoot", "pinToHost", "deviceIds"] as const;

/**
 * Pulumi `check` for `PciAssignment`: failures for every bad input; the inputs
 * are returned untouched (the preview placeholder passes anywhere).
 *
 * @param news - the new inputs from the engine
 */
export function checkPciAssignmentInputs(news: Record<string, unknown>): CheckResult {
  return checkInputs(pciAssignmentSchema, news);
}

/**
 * Validates and normalises inputs, or old outputs (which echo them; the output-only
 * properties are ignored), for create, update, read and delete.
 *
 * @param raw - inputs or old outputs, `__provider` included or not
 * @throws ValidationError with the same sentences `check` returns
 */
export function parsePciAssignmentInputs(raw: Record<string, unknown>): PciAssignmentInputs {
  return parseInputs(pciAssignmentSchema, pickKeys(raw, INPUT_KEYS), "PciAssignment");
}
