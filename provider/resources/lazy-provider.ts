import type * as pulumi from "@pulumi/pulumi";

/**
 * The package name under which users install this package; the engine's
 * dynamic-provider process resolves it from the program's `node_modules`.
 */
export const PACKAGE_NAME = "pulumi-xenserver-pci";

/** The names of the package's exported `providers` (provider/index.ts), the one entry state written from now on loads. */
export type ProviderName = "pciAssignment" | "hiddenPciDevice";

/**
 * Builds the provider object that Pulumi serializes into state for a dynamic
 * resource. It captures nothing but one string: each call `require`s the
 * installed package's main module at run time and takes its exported
 * `providers[name]`. Why: the engine stores this closure in the stack state
 * and runs it on `refresh` and `destroy` (possibly after an upgrade of the
 * package), zod schemas and ssh2 cannot be serialized, a captured credential
 * would land in state in plaintext, and a `require`d module is shared by
 * every resource of the run (one SSH pool per process). Resolving by the
 * package's public export, not by a file path, lets the files inside the
 * package move. State written by 0.1.0 names the files
 * `dist/provider/providers/pci-assignment` and `hidden-pci-device`: those
 * paths keep loading (test/e2e/state-compat.test.ts).
 *
 * @param name - the export of `providers` holding the real `ResourceProvider`
 */
export function lazyProvider(name: ProviderName): pulumi.dynamic.ResourceProvider {
  const load = (): Required<pulumi.dynamic.ResourceProvider> => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- resolved at run time on purpose (see above)
    const pkg = require("pulumi-xenserver-pci") as { providers?: Record<string, Required<pulumi.dynamic.ResourceProvider> | undefined> };
    const impl = pkg.providers?.[name];
    if (impl === undefined) {
      throw new Error(`pulumi-xenserver-pci: the installed package exports no providers.${name}; reinstall the package.`);
    }
    return impl;
  };
  return {
    check: (olds, news) => load().check(olds, news),
    diff: (id, olds, news) => load().diff(id, olds, news),
    create: (inputs) => load().create(inputs),
    read: (id, props) => load().read(id, props),
    update: (id, olds, news) => load().update(id, olds, news),
    delete: (id, props) => load().delete(id, props),
  };
}
