/**
 * Arguments of the lookups (`getPciDevices`, `getVm`) as the provider
 * plugin's functions receive them: the schema that `schema.json` is checked
 * against, and the validation of what is not the connection (which the
 * lookups validate themselves, in the words the resources use).
 */
import { z } from "zod";
import { connectionSchema } from "./connection";
import { expecting } from "./failures";

/** Arguments of `getPciDevices`. */
export const getPciDevicesArgsSchema = z
  .object({ connection: connectionSchema }, expecting("getPciDevices arguments", "expected only the property connection"))
  .strict();

/** Arguments of `getVm`. */
export const getVmArgsSchema = z
  .object(
    {
      connection: connectionSchema,
      nameLabel: z.string(expecting("a VM name-label", 'expected the exact, case-sensitive name-label as a non-empty string, e.g. "NAS"')).min(1),
    },
    expecting("getVm arguments", "expected only the properties connection, nameLabel"),
  )
  .strict();
