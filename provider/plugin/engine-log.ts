/**
 * Progress lines of the plugin, sent to the engine's log. The engine reads
 * the plugin's stdout for its port and then, for a resource plugin, shows its
 * stdout and stderr only with `--debug` (pkg: "Hiding logs from …"); the
 * dynamic provider's stdout, by contrast, is shown. So that `pulumi up` shows
 * the same lines ("Host h: rebooting…") through the plugin, they go over the
 * engine's `Log` RPC, each with the URN of the resource whose call printed it,
 * in order; without an engine (a plugin started by hand) they go to stderr,
 * never to stdout.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { createRequire } from "node:module";
import { EngineClient } from "@pulumi/pulumi/proto/engine_grpc_pb";
import { LogRequest, LogSeverity } from "@pulumi/pulumi/proto/engine_pb";
import type { ProgressSink } from "../providers/progress";

// The stubs' own copy of grpc-js: its credentials are of the class the client checks.
const grpc = createRequire(require.resolve("@pulumi/pulumi/proto/engine_grpc_pb"))("@grpc/grpc-js") as typeof import("@grpc/grpc-js");

const currentUrn = new AsyncLocalStorage<string>();

/**
 * Runs `work` as the call of the resource `urn`: progress lines it prints
 * are attached to that resource.
 *
 * @param urn - the resource's URN, `""` for a function
 */
export function asResource<T>(urn: string, work: () => Promise<T>): Promise<T> {
  return currentUrn.run(urn, work);
}

/**
 * The engine's address among the plugin's arguments, as `@pulumi/pulumi/provider`
 * reads it: the first argument that is not a logging or tracing flag.
 *
 * @param args - the plugin's arguments (`process.argv.slice(2)`)
 */
export function engineAddressOf(args: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i] ?? "";
    if (arg === "--tracing") i += 1;
    else if (arg !== "--logtostderr" && !arg.startsWith("-v=")) return arg;
  }
  return undefined;
}

/** A progress sink that can be waited for. */
export interface EngineLog {
  sink: ProgressSink;
  /** Settles once every line given so far was delivered (or fell back to stderr). */
  flushed(): Promise<void>;
}

/**
 * The sink of the plugin's progress lines.
 *
 * @param address - the engine's address, `undefined` when there is none
 * @param stderr - where lines go without an engine, or when the engine cannot take them
 */
export function engineLog(address: string | undefined, stderr: (text: string) => void = (text) => process.stderr.write(text)): EngineLog {
  let client: EngineClient | undefined;
  let last: Promise<void> = Promise.resolve();
  const send = (line: string, urn: string): Promise<void> =>
    new Promise((resolve) => {
      client ??= new EngineClient(address ?? "", grpc.credentials.createInsecure());
      const request = new LogRequest().setSeverity(LogSeverity.INFO).setMessage(line).setUrn(urn).setStreamid(0).setEphemeral(false);
      client.log(request, (error) => {
        if (error !== null) stderr(`${line}\n`);
        resolve();
      });
    });
  return {
    sink: (line) => {
      if (address === undefined) {
        stderr(`${line}\n`);
        return;
      }
      const urn = currentUrn.getStore() ?? "";
      // One at a time, so that the engine shows the lines in the order they were printed.
      last = last.then(() => send(line, urn));
    },
    flushed: () => last,
  };
}
