/**
 * The benchmark's Pulumi program (copied alone into a user project as
 * index.ts, so it imports only @pulumi/pulumi and the installed package).
 * Config:
 *   mode:        "provider" (PciAssignment + HiddenPciDevice) or "baseline" (PerCommandChange)
 *   hosts:       [{ host, port, hostKey }]
 *   sshKeys:     secret JSON array, the private key of each host, same order
 *   assignments: [{ host (index), vmUuid, devices }]          (provider mode)
 *   hidden:      [{ host (index), address }]                  (provider mode)
 *   changesFile: JSON file of [{ host (index), name, commands }] (baseline mode; too big for a
 *                config value passed on the command line)
 *   perCommandModule: absolute path of dist/scripts/bench/per-command-provider.js (baseline mode)
 */
import * as fs from "node:fs";
import * as pulumi from "@pulumi/pulumi";

interface HostConfig {
  host: string;
  port: number;
  hostKey: string;
}

interface ConnectionInput {
  host: string;
  port: number;
  user: string;
  privateKey: pulumi.Input<string>;
  hostKey: string;
}

type ResourceConstructor<A> = new (name: string, args: A, opts?: pulumi.CustomResourceOptions) => pulumi.CustomResource;

/** The part of the package's API this program uses. */
interface XenServerPci {
  PciAssignment: ResourceConstructor<{ connection: ConnectionInput; vmUuid: string; devices: string[] }>;
  HiddenPciDevice: ResourceConstructor<{ connection: ConnectionInput; address: string }>;
}

const cfg = new pulumi.Config();
const hosts = cfg.requireObject<HostConfig[]>("hosts");
const sshKeys = cfg.requireSecretObject<string[]>("sshKeys");
const keyOf = (host: number): pulumi.Output<string> => sshKeys.apply((keys) => keys[host] ?? "");

function hostOf(index: number): HostConfig {
  const host = hosts[index];
  if (host === undefined) throw new Error(`bench program: no host ${String(index)} in config "hosts"`);
  return host;
}

function connectionOf(index: number): ConnectionInput {
  const { host, port, hostKey } = hostOf(index);
  return { host, port, user: "root", privateKey: keyOf(index), hostKey };
}

function declareProviderResources(): void {
  // Loaded by name at run time, not imported: the repository's build compiles
  // this file too, and must not resolve the package to its own output.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- see above
  const xspci = require("pulumi-xenserver-pci") as XenServerPci;
  const assignments = cfg.requireObject<{ host: number; vmUuid: string; devices: string[] }[]>("assignments");
  const hidden = cfg.requireObject<{ host: number; address: string }[]>("hidden");
  hidden.forEach(
    (h, i) => new xspci.HiddenPciDevice(`hidden-h${String(h.host)}-${String(i)}`, { connection: connectionOf(h.host), address: h.address }),
  );
  assignments.forEach(
    (a, i) =>
      new xspci.PciAssignment(`assign-h${String(a.host)}-${String(i)}`, {
        connection: connectionOf(a.host),
        vmUuid: a.vmUuid,
        devices: a.devices,
      }),
  );
}

/**
 * The provider of PerCommandChange. It captures only the module path: the
 * engine serializes this object into state, so it must not hold ssh2 or a key.
 */
function perCommandProvider(modulePath: string): pulumi.dynamic.ResourceProvider {
  return {
    create: (inputs: Record<string, unknown>) => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded at run time, see above
      const mod = require(modulePath) as { perCommandProvider: { create: (i: unknown) => Promise<pulumi.dynamic.CreateResult> } };
      return mod.perCommandProvider.create(inputs);
    },
  };
}

interface PerCommandChangeArgs {
  host: string;
  port: number;
  user: string;
  hostKey: string;
  privateKey: pulumi.Input<string>;
  name: string;
  commands: string[];
}

/** One change made the per-command way: each command over its own SSH connection. */
class PerCommandChange extends pulumi.dynamic.Resource {
  constructor(name: string, args: PerCommandChangeArgs, provider: pulumi.dynamic.ResourceProvider) {
    super(provider, name, { ...args, privateKey: pulumi.secret(args.privateKey), commandCount: undefined }, {}, "bench", "PerCommandChange");
  }
}

function declareBaselineResources(): void {
  // One provider object for all, as the package's resources do: the SDK serializes it once.
  const provider = perCommandProvider(cfg.require("perCommandModule"));
  const changes = JSON.parse(fs.readFileSync(cfg.require("changesFile"), "utf8")) as { host: number; name: string; commands: string[] }[];
  for (const change of changes) {
    const { host, port, hostKey } = hostOf(change.host);
    new PerCommandChange(
      change.name,
      { host, port, user: "root", hostKey, privateKey: keyOf(change.host), name: change.name, commands: change.commands },
      provider,
    );
  }
}

if (cfg.require("mode") === "baseline") declareBaselineResources();
else declareProviderResources();
