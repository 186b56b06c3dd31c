/**
 * `xe host-get-vms-which-prevent-evacuation uuid=H` (xen-api
 * `cli_operations.ml` `host_get_vms_which_prevent_evacuation`, the same in
 * tags XS62, v1.249.42 and v26.1.4; `cli_frontend.ml`: `uuid` required,
 * nothing else): for each error of the evacuation plan of H
 * (`xapi_host.ml` `get_vms_which_prevent_evacuation`), one record of the
 * VM's CLI record plus a read-only `reason` field, the error code and its
 * raw parameters joined with `,` (`VM_REQUIRES_SR,OpaqueRef:…,OpaqueRef:…`);
 * the fields printed are `params=`'s, by default `uuid`, `name-label` and
 * `reason` (`select_fields`), each record printed as `vm-list` prints one.
 * Nothing is printed when nothing blocks. On XS62 a guest whose plan holds
 * two errors is listed twice, oldest first (see `evacuation.ts`).
 */
import { optionalParam, requiredParam, type XeArgs } from "./args";
import type { XeContext } from "./context";
import { planEvacuation } from "./evacuation";
import { roField } from "./fields";
import { hostByUuid } from "./lookup";
import { printRecords, selectFields } from "./record-printer";
import { vmRecord } from "./vm-record";

const DEFAULT_FIELDS = ["uuid", "name-label", "reason"];

/** The command's stdout. */
export function hostGetVmsWhichPreventEvacuation(context: XeContext, args: XeArgs): string {
  const host = hostByUuid(context, requiredParam(args, "uuid"));
  const records = planEvacuation(context, host).flatMap((step) =>
    step.errors.map((error) => {
      const reason = error.raised === undefined ? "" : [error.raised.code, ...error.raised.params].join(",");
      return [...vmRecord(context, step.vm), roField("reason", () => reason)];
    }),
  );
  return printRecords(records.map((r) => selectFields(r, optionalParam(args, "params"), DEFAULT_FIELDS)), args.flags.has("minimal"));
}
