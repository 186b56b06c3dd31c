/**
 * The plugin's `Provider` (the object `@pulumi/pulumi/provider`'s `main`
 * serves over gRPC): each call names its resource by URN, is routed to that
 * resource's provider, gets plain values (secret wrappers taken off) and
 * answers with the secrets wrapped again, so that the state never holds a
 * credential in plain text. An empty `read` (no state, only an ID) is an
 * import. Every call runs as its resource's, so that the progress lines it
 * prints reach the engine attached to it, before the answer.
 */
import type * as provider from "@pulumi/pulumi/provider";
import { asResource, type EngineLog } from "./engine-log";
import { importResource, type ImportSource } from "./import-read";
import { invokeFunction } from "./invoke";
import { RESOURCE_PROVIDERS, type PlainResourceProvider } from "./resource-providers";
import { revealProps, secretOutputs, withSecretCredentials, type Props } from "./secrets";
import { resourceKindOf, typeOfUrn, type ResourceKind } from "./tokens";

/** What the plugin is built from. */
export interface PluginOptions {
  /** The package's version (package.json's). */
  version: string;
  /** schema.json's text. */
  schema: string;
  /** Where progress lines go; waited for before each answer. */
  log: Pick<EngineLog, "flushed">;
  /** The environment and files an import reads its credentials from. */
  importSource: ImportSource;
}

/** The resource a URN names, or an error in the SDK's words for one this plugin does not serve. */
function kindOf(urn: string): ResourceKind {
  const type = typeOfUrn(urn);
  const kind = resourceKindOf(type);
  if (kind === undefined) throw new Error(`unknown resource type ${type}`);
  return kind;
}

/**
 * The provider the plugin serves.
 *
 * @param options - version, schema, log and import source
 */
export function pluginProvider(options: PluginOptions): provider.Provider {
  /** Runs `work` with the URN's resource provider, as that resource's call, and answers once its progress lines are out. */
  const forResource = <T>(urn: string, work: (resource: PlainResourceProvider, kind: ResourceKind) => Promise<T>): Promise<T> =>
    asResource(urn, async () => {
      try {
        const kind = kindOf(urn);
        return await work(RESOURCE_PROVIDERS[kind], kind);
      } finally {
        await options.log.flushed();
      }
    });

  return {
    version: options.version,
    schema: options.schema,

    check: (urn, olds: Props, news: Props) =>
      forResource(urn, async (resource) => {
        const result = await resource.check(revealProps(olds), revealProps(news));
        // What the program sent secret stays secret, and the credentials are secret whatever the program sent.
        return { inputs: secretOutputs(result.inputs, news), failures: result.failures };
      }),

    diff: (id, urn, olds: Props, news: Props) => forResource(urn, (resource) => resource.diff(id, revealProps(olds), revealProps(news))),

    create: (urn, inputs: Props) =>
      forResource(urn, async (resource) => {
        const { id, outs } = await resource.create(revealProps(inputs));
        return { id, outs: secretOutputs(outs, inputs) };
      }),

    read: (id, urn, props: Props | undefined) =>
      forResource(urn, async (resource, kind) => {
        if (props === undefined || Object.keys(props).length === 0) {
          // An import: the engine has only the ID.
          const imported = await importResource(kind, id, options.importSource);
          return { id: imported.id, props: secretOutputs(imported.props), inputs: withSecretCredentials(imported.inputs) };
        }
        const read = await resource.read(id, revealProps(props));
        return { id: read.id, props: secretOutputs(read.props, props) };
      }),

    update: (id, urn, olds: Props, news: Props) =>
      forResource(urn, async (resource) => {
        const { outs } = await resource.update(id, revealProps(olds), revealProps(news));
        return { outs: secretOutputs(outs, news) };
      }),

    delete: (id, urn, props: Props) => forResource(urn, (resource) => resource.delete(id, revealProps(props))),

    invoke: (token, args: Props) =>
      asResource("", async () => {
        try {
          return await invokeFunction(token, revealProps(args));
        } finally {
          await options.log.flushed();
        }
      }),
  };
}
