/**
 * Zod schemas for host PCI addresses and ordered device lists.
 */
import { z } from "zod";
import { isUnknown } from "../model/unknown";
import { normalisePciAddress, PCI_ADDRESS_EXPECTED, parsePciAddress } from "../model/pci-address";
import { describeValue, expecting, formatPropertyPath } from "./failures";

/** One host PCI address (`BB:DD.F` or `DDDD:BB:DD.F`), validated but not yet normalised. */
export const pciAddressSchema = z
  .string(expecting("a PCI address", PCI_ADDRESS_EXPECTED))
  .superRefine((value, ctx) => {
    const parsed = parsePciAddress(value);
    if (!parsed.ok) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: `${describeValue(value)} ${parsed.problem}; ${PCI_ADDRESS_EXPECTED}` });
    }
  });

/**
 * The normalised form of an address the schema accepted (`0000:06:00.0`).
 *
 * @param value - a valid address
 */
export function toNormalisedAddress(value: string): string {
  return normalisePciAddress(value) ?? value;
}

/**
 * Adds one issue per entry that repeats an earlier one after normalisation
 * (`06:00.0` and `0000:06:00.0` are the same device). Unknown and invalid entries
 * are skipped: they are reported on their own or not at all.
 *
 * @param name - the list's property name, for the message
 */
export function noDuplicateAddresses(name: string) {
  return (list: readonly unknown[], ctx: z.RefinementCtx): void => {
    const firstSeen = new Map<string, number>();
    list.forEach((entry, index) => {
      if (typeof entry !== "string" || isUnknown(entry)) return;
      const parsed = parsePciAddress(entry);
      if (!parsed.ok) return;
      const first = firstSeen.get(parsed.address);
      if (first === undefined) {
        firstSeen.set(parsed.address, index);
        return;
      }
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: [index],
        message: `${describeValue(entry)} repeats ${formatPropertyPath([name, first])} (both are ${parsed.address}); expected each device once`,
      });
    });
  };
}
