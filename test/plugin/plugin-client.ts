/**
 * The built plugin (`dist/provider/plugin/main.js`) as the engine runs it: a
 * child process whose first stdout line is its port, talked to over gRPC with
 * `@pulumi/pulumi`'s generated stubs; and a stand-in for the engine's `Log`
 * service, to see the progress lines the plugin sends there.
 */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import * as path from "node:path";
import * as grpc from "@grpc/grpc-js";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { EngineService } from "@pulumi/pulumi/proto/engine_grpc_pb";
import type { LogRequest } from "@pulumi/pulumi/proto/engine_pb";
import type { PluginInfo } from "@pulumi/pulumi/proto/plugin_pb";
import { ResourceProviderClient } from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as proto from "@pulumi/pulumi/proto/provider_pb";

/** The built plugin's entry point. */
export const PLUGIN_MAIN = path.resolve(__dirname, "..", "..", "dist", "provider", "plugin", "main.js");

/** The secret wrapper's keys, spelled out as the engine sends them. */
export const SECRET_SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/** `value` as the engine sends a secret. */
export function secret(value: unknown): Record<string, unknown> {
  return { [SECRET_SIG_KEY]: SECRET_SIG, value };
}

/** A wire value with every secret's content replaced by `[secret]`: what anyone can read without decrypting. */
export function plainParts(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(plainParts);
  if (typeof value === "object" && value !== null) {
    const record = value as Record<string, unknown>;
    if (record[SECRET_SIG_KEY] === SECRET_SIG) return "[secret]";
    return Object.fromEntries(Object.entries(record).map(([key, item]) => [key, plainParts(item)]));
  }
  return value;
}

/** A gRPC failure as the client sees it: the status code and the details (the error's text). */
export class CallError extends Error {
  constructor(
    readonly code: number,
    readonly details: string,
  ) {
    super(details);
  }
}

/** A resource URN of the test stack. */
export function urnOf(type: string, name: string): string {
  return `urn:pulumi:test::plugin-test::${type}::${name}`;
}

/** One unary call: `start` makes it with the callback given. */
function unary<Res>(start: (callback: (error: grpc.ServiceError | null, response: Res) => void) => unknown): Promise<Res> {
  return new Promise((resolve, reject) => {
    start((error, response) => {
      if (error !== null) reject(new CallError(error.code, error.details));
      else resolve(response);
    });
  });
}

const struct = (value: Record<string, unknown>): Struct => Struct.fromJavaScript(value as Parameters<typeof Struct.fromJavaScript>[0]);

/** The plugin's answers, as plain JavaScript. */
export interface DiffAnswer {
  changes: "none" | "some" | "unknown";
  replaces: string[];
  deleteBeforeReplace: boolean;
}

/** A running plugin and a client of it. */
export class PluginProcess {
  private stdoutAfterPort = "";
  private stderrText = "";

  private constructor(
    private readonly child: ChildProcessWithoutNullStreams,
    readonly client: ResourceProviderClient,
  ) {}

  /**
   * Starts the plugin and waits for its port.
   *
   * @param options - the engine address it is given, and its environment
   */
  static async start(options: { engineAddress?: string; env?: NodeJS.ProcessEnv } = {}): Promise<PluginProcess> {
    const child = spawn(process.execPath, [PLUGIN_MAIN, ...(options.engineAddress === undefined ? [] : [options.engineAddress])], {
      env: options.env ?? process.env,
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (data: string) => (stderr += data));
    const port = await new Promise<number>((resolve, reject) => {
      const onData = (data: string): void => {
        stdout += data;
        const newline = stdout.indexOf("\n");
        if (newline < 0) return;
        child.stdout.off("data", onData);
        const line = stdout.slice(0, newline);
        if (!/^[0-9]+$/.test(line)) reject(new Error(`the plugin's first stdout line is not a port: ${JSON.stringify(line)}\n${stderr}`));
        resolve(Number(line));
      };
      child.stdout.setEncoding("utf8").on("data", onData);
      child.on("exit", (code) => {
        reject(new Error(`the plugin exited (${String(code)}) before printing its port\n${stderr}`));
      });
    });
    const plugin = new PluginProcess(child, new ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure()));
    plugin.stdoutAfterPort = stdout.slice(stdout.indexOf("\n") + 1);
    child.stdout.on("data", (data: string) => (plugin.stdoutAfterPort += data));
    child.stderr.on("data", (data: string) => (plugin.stderrText += data));
    plugin.stderrText = stderr;
    return plugin;
  }

  /** What the plugin wrote to stdout after its port line. */
  get laterStdout(): string {
    return this.stdoutAfterPort;
  }

  /** What the plugin wrote to stderr. */
  get stderr(): string {
    return this.stderrText;
  }

  /** Stops the plugin as the engine does at the end of a run. */
  async stop(): Promise<void> {
    this.client.close();
    if (this.child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.child.once("exit", resolve));
    this.child.kill("SIGINT");
    await exited;
  }

  /** `GetPluginInfo`: the version the plugin reports. */
  async pluginInfo(): Promise<string> {
    return (await unary<PluginInfo>((callback) => this.client.getPluginInfo(new Empty(), callback))).getVersion();
  }

  /** `GetSchema`: the schema's text. */
  async schema(): Promise<string> {
    return (await unary<proto.GetSchemaResponse>((callback) => this.client.getSchema(new proto.GetSchemaRequest().setVersion(0), callback))).getSchema();
  }

  /** `CheckConfig` of the provider's configuration `news`. */
  checkConfig(news: Record<string, unknown>): Promise<unknown> {
    return unary<proto.CheckResponse>((callback) => this.client.checkConfig(new proto.CheckRequest().setUrn(urnOf("pulumi:providers:xenserver-pci", "default")).setOlds(struct({})).setNews(struct(news)), callback));
  }

  /** `Configure`, as the engine sends it; what the plugin says it accepts. */
  async configure(args: Record<string, unknown>): Promise<{ acceptSecrets: boolean; acceptResources: boolean }> {
    const response = await unary<proto.ConfigureResponse>((callback) => this.client.configure(new proto.ConfigureRequest().setArgs(struct(args)).setAcceptsecrets(true).setAcceptresources(true), callback));
    return { acceptSecrets: response.getAcceptsecrets(), acceptResources: response.getAcceptresources() };
  }

  /** `Check`: the inputs to use and the failures. */
  async check(urn: string, news: Record<string, unknown>, olds: Record<string, unknown> = {}): Promise<{ inputs: Record<string, unknown>; failures: { property: string; reason: string }[] }> {
    const response = await unary<proto.CheckResponse>((callback) => this.client.check(new proto.CheckRequest().setUrn(urn).setOlds(struct(olds)).setNews(struct(news)), callback));
    return {
      inputs: response.getInputs()?.toJavaScript() ?? {},
      failures: response.getFailuresList().map((failure) => ({ property: failure.getProperty(), reason: failure.getReason() })),
    };
  }

  /** `Diff` of old outputs against new (checked) inputs. */
  async diff(urn: string, id: string, olds: Record<string, unknown>, news: Record<string, unknown>): Promise<DiffAnswer> {
    const response = await unary<proto.DiffResponse>((callback) => this.client.diff(new proto.DiffRequest().setUrn(urn).setId(id).setOlds(struct(olds)).setNews(struct(news)), callback));
    const changes = { [proto.DiffResponse.DiffChanges.DIFF_NONE]: "none", [proto.DiffResponse.DiffChanges.DIFF_SOME]: "some", [proto.DiffResponse.DiffChanges.DIFF_UNKNOWN]: "unknown" } as const;
    return { changes: changes[response.getChanges()], replaces: response.getReplacesList(), deleteBeforeReplace: response.getDeletebeforereplace() };
  }

  /** `Create`: the id and the outputs. */
  async create(urn: string, properties: Record<string, unknown>): Promise<{ id: string; outs: Record<string, unknown> }> {
    const response = await unary<proto.CreateResponse>((callback) => this.client.create(new proto.CreateRequest().setUrn(urn).setProperties(struct(properties)), callback));
    return { id: response.getId(), outs: response.getProperties()?.toJavaScript() ?? {} };
  }

  /** `Read`; `properties` left out: an import's read, which the engine sends without any (not even an empty struct). */
  async read(urn: string, id: string, properties?: Record<string, unknown>): Promise<{ id: string; props: Record<string, unknown>; inputs: Record<string, unknown> | undefined }> {
    const request = new proto.ReadRequest().setUrn(urn).setId(id);
    if (properties !== undefined) request.setProperties(struct(properties));
    const response = await unary<proto.ReadResponse>((callback) => this.client.read(request, callback));
    return { id: response.getId(), props: response.getProperties()?.toJavaScript() ?? {}, inputs: response.getInputs()?.toJavaScript() };
  }

  /** `Update`: the new outputs. */
  async update(urn: string, id: string, olds: Record<string, unknown>, news: Record<string, unknown>): Promise<Record<string, unknown>> {
    const response = await unary<proto.UpdateResponse>((callback) => this.client.update(new proto.UpdateRequest().setUrn(urn).setId(id).setOlds(struct(olds)).setNews(struct(news)), callback));
    return response.getProperties()?.toJavaScript() ?? {};
  }

  /** `Delete` of the resource whose outputs are `properties`. */
  async delete(urn: string, id: string, properties: Record<string, unknown>): Promise<void> {
    await unary<Empty>((callback) => this.client.delete(new proto.DeleteRequest().setUrn(urn).setId(id).setProperties(struct(properties)), callback));
  }

  /** `Invoke` of the function `tok`: its result and the failures of its arguments. */
  async invoke(tok: string, args: Record<string, unknown>): Promise<{ outputs: Record<string, unknown>; failures: { property: string; reason: string }[] }> {
    const response = await unary<proto.InvokeResponse>((callback) => this.client.invoke(new proto.InvokeRequest().setTok(tok).setArgs(struct(args)), callback));
    return {
      outputs: response.getReturn()?.toJavaScript() ?? {},
      failures: response.getFailuresList().map((failure) => ({ property: failure.getProperty(), reason: failure.getReason() })),
    };
  }
}

/** One `Log` call the engine stand-in received. */
export interface LoggedLine {
  severity: number;
  message: string;
  urn: string;
}

/** A stand-in for the engine's gRPC service: records `Log` calls. */
export class FakeEngine {
  private constructor(
    private readonly server: grpc.Server,
    readonly address: string,
    /** Every line received, in order. */
    readonly lines: LoggedLine[],
  ) {}

  /** Starts the stand-in on a free port of 127.0.0.1. */
  static async start(): Promise<FakeEngine> {
    const server = new grpc.Server();
    const lines: LoggedLine[] = [];
    server.addService(EngineService, {
      log: (request: grpc.ServerUnaryCall<LogRequest, Empty>, callback: grpc.sendUnaryData<Empty>) => {
        lines.push({ severity: request.request.getSeverity(), message: request.request.getMessage(), urn: request.request.getUrn() });
        callback(null, new Empty());
      },
    });
    const port = await new Promise<number>((resolve, reject) => {
      server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, bound) => {
        if (error !== null) reject(error);
        else resolve(bound);
      });
    });
    return new FakeEngine(server, `127.0.0.1:${port}`, lines);
  }

  /** Stops the stand-in. */
  stop(): Promise<void> {
    return new Promise((resolve) => {
      this.server.tryShutdown(() => {
        resolve();
      });
    });
  }
}
