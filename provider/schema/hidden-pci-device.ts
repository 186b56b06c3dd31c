/**
 * Inputs of `HiddenPciDevice`: validation for `check` and the normalised, typed
 * inputs the provider works with.
 */
import { z } from "zod";
import type { Connection } from "../model/connection";
import { DEFAULT_REBOOT_TIMEOUT_MS } from "../model/host-reboot-plan";
import { isUnknown } from "../model/unknown";
import { connectionSchema } from "./connection";
import { deviceIdSchema } from "./device-id";
import { checkInputs, describeValue, expecting, parseInputs, pickKeys, type CheckResult } from "./failures";
import { pciAddressSchema, toNormalisedAddress } from "./pci-address";

/**
 * How the hide list is written: `auto` picks from the host's version, and on
 * XCP-ng 8.3 / XenServer 8 `xen-cmdline` for a device xapi has no PCI object for.
 */
export const HIDE_METHODS = ["auto", "extlinux", "xen-cmdline", "dom0-access"] as const;

/** Reboot policies: report only, or reboot the host when the hide list needs it. */
export const REBOOT_POLICIES = ["never", "whenRequired"] as const;

/** A reboot policy. */
export type RebootPolicy = (typeof REBOOT_POLICIES)[number];

/** Shorter makes no sense for a real host (a simulated one comes back in seconds). */
export const MIN_REBOOT_TIMEOUT_MS = 1000;
/** A day: anything longer is a typo. */
export const MAX_REBOOT_TIMEOUT_MS = 24 * 3_600_000;

/** A hide method as the user may choose it. */
export type HideMethodInput = (typeof HIDE_METHODS)[number];

// extlinux label names as the installer writes them (`xe`, `xe-serial`, `fallback`…).
const BOOT_ENTRY = /^[A-Za-z0-9._-]{1,64}$/;

const bootEntrySchema = z
  .string(expecting("an extlinux label", "expected 1 to 64 letters, digits, dots, dashes or underscores, e.g. xe-serial"))
  .regex(BOOT_ENTRY);

function noDuplicateEntries(list: readonly unknown[], ctx: z.RefinementCtx): void {
  list.forEach((entry, index) => {
    if (typeof entry === "string" && !isUnknown(entry) && list.indexOf(entry) !== index) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: [index],
        message: `${describeValue(entry)} repeats bootEntries[${list.indexOf(entry)}]; expected each label once`,
      });
    }
  });
}

/** Schema of the `HiddenPciDevice` inputs: strict; address normalised, defaults applied. */
export const hiddenPciDeviceSchema = z
  .object(
    {
      connection: connectionSchema,
      address: pciAddressSchema.transform(toNormalisedAddress),
      method: z
        .enum(HIDE_METHODS, expecting("a hide method", 'expected "auto", "extlinux", "xen-cmdline" or "dom0-access"'))
        .default("auto"),
      bootEntries: z
        .array(bootEntrySchema, expecting("a list of extlinux labels", 'expected a non-empty list of labels, e.g. ["xe", "xe-serial"]'))
        .min(1)
        .superRefine(noDuplicateEntries)
        .optional(),
      deviceId: deviceIdSchema.optional(),
      reboot: z.enum(REBOOT_POLICIES, expecting("a reboot policy", 'expected "never" or "whenRequired"')).default("never"),
      rebootTimeoutMs: z
        .number(expecting("a reboot deadline", `expected whole milliseconds from ${String(MIN_REBOOT_TIMEOUT_MS)} to ${String(MAX_REBOOT_TIMEOUT_MS)}, e.g. 1200000 (20 minutes)`))
        .int()
        .min(MIN_REBOOT_TIMEOUT_MS)
        .max(MAX_REBOOT_TIMEOUT_MS)
        .default(DEFAULT_REBOOT_TIMEOUT_MS),
    },
    expecting("a HiddenPciDevice input", "expected only the properties connection, address, method, bootEntries, deviceId, reboot, rebootTimeoutMs"),
  )
  .strict();

/** The validated, normalised inputs of a `HiddenPciDevice`. */
export interface HiddenPciDeviceInputs {
  connection: Connection;
  /** Normalised (`0000:06:00.0`). */
  address: string;
  /** As requested; `auto` is resolved by the provider. */
  method: HideMethodInput;
  /** extlinux labels to edit; `undefined` means every Xen entry. */
  bootEntries?: string[] | undefined;
  /** The id of the device, lower case; `undefined`: bound to what is there when the resource writes. */
  deviceId?: string | undefined;
  /** Whether create and update reboot the host when the hide list needs it. */
  reboot: RebootPolicy;
  /** How long the host may take to come back after `xe host-reboot`. */
  rebootTimeoutMs: number;
}

const INPUT_KEYS = ["connection", "address", "method", "bootEntries", "deviceId", "reboot", "rebootTimeoutMs"] as const;

/**
 * Pulumi `check` for `HiddenPciDevice`: failures for every bad input; the inputs
 * are returned untouched (the preview placeholder passes anywhere).
 *
 * @param news - the new inputs from the engine
 */
export function checkHiddenPciDeviceInputs(news: Record<string, unknown>): CheckResult {
  return checkInputs(hiddenPciDeviceSchema, news);
}

/**
 * Validates and normalises inputs, or old outputs (the output-only properties are
 * ignored), for create, update, read and delete.
 *
 * @param raw - inputs or old outputs, `__provider` included or not
 * @throws ValidationError with the same sentences `check` returns
 */
export function parseHiddenPciDeviceInputs(raw: Record<string, unknown>): HiddenPciDeviceInputs {
  return parseInputs(hiddenPciDeviceSchema, pickKeys(raw, INPUT_KEYS), "HiddenPciDevice");
}
