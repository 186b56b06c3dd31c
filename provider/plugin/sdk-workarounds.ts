/**
 * Where `@pulumi/pulumi/provider`'s server (v3.259.0) and the engine
 * disagree, mended before the server runs.
 *
 * An import's `Read` (`pulumi import`, the `import` option) carries no state:
 * the engine marshals the missing state as no `properties` at all, and the
 * server's `read` calls `req.getProperties().toJavaScript()` on it, failing
 * every import with "Cannot read properties of undefined (reading
 * 'toJavaScript')" before the provider is asked. Missing properties read as
 * an empty struct here, which is what the provider takes for an import.
 */
import { createRequire } from "node:module";
import type * as structs from "google-protobuf/google/protobuf/struct_pb";
import { ReadRequest } from "@pulumi/pulumi/proto/provider_pb";

// The stubs' own copy of google-protobuf (a dependency of @pulumi/pulumi, not of this package).
const { Struct } = createRequire(require.resolve("@pulumi/pulumi/proto/provider_pb"))("google-protobuf/google/protobuf/struct_pb") as typeof structs;

let applied = false;

/** Makes a `ReadRequest` without properties read as one with an empty struct. Idempotent. */
export function applySdkWorkarounds(): void {
  if (applied) return;
  applied = true;
  // eslint-disable-next-line @typescript-eslint/unbound-method -- called below with the request as `this`
  const getProperties = ReadRequest.prototype.getProperties;
  ReadRequest.prototype.getProperties = function (this: ReadRequest): structs.Struct {
    return getProperties.call(this) ?? new Struct();
  };
}
