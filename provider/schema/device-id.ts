/**
 * Zod schemas for the identity a resource is bound to: `vvvv:dddd` or
 * `vvvv:dddd:ssss:ssss`, as `lspci -nn` prints vendor and device ids.
 */
import { z } from "zod";
import { DEVICE_ID_EXPECTED, formatDeviceId, parseDeviceId } from "../model/pci-identity";
import { describeValue, expecting } from "./failures";

/** One bound id, validated and normalised to lower case. */
export const deviceIdSchema = z
  .string(expecting("a device id", DEVICE_ID_EXPECTED))
  .superRefine((value, ctx) => {
    if (parseDeviceId(value) === undefined) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: `${describeValue(value)} is not a device id; ${DEVICE_ID_EXPECTED}` });
    }
  })
  .transform((value) => {
    const id = parseDeviceId(value);
    return id === undefined ? value : formatDeviceId(id);
  });

/**
 * Adds an issue on `deviceIds` when it is not parallel to `devices` (one id
 * per device, in the same order). Lists the engine has not resolved yet (a
 * preview) are not arrays and are skipped.
 */
export function deviceIdsParallel(value: { devices?: unknown; deviceIds?: unknown }, ctx: z.RefinementCtx): void {
  const { devices, deviceIds } = value;
  if (!Array.isArray(devices) || !Array.isArray(deviceIds) || devices.length === deviceIds.length) return;
  ctx.addIssue({
    code: z.ZodIssueCode.custom,
    path: ["deviceIds"],
    message: `${String(deviceIds.length)} ids for ${String(devices.length)} devices; expected one id per device, in the order of devices`,
  });
}
