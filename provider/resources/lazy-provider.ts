import type * as pulumi from "@pulumi/pulumi";

/**
 * The package name under which users install this package; the engine's
 * dynamic-provider process resolves it from the program's `node_modules`.
 */
export const PACKAGE_NAME = "pulumi-xenserver-pci";

/**
 * Builds the provider object that Pulumi serializes into state for a dynamic
 * resource. It captures nothing but two strings: each call `require`s the
 * installed package's implementation at run time. Why: the engine stores this
 * closure in the stack state and runs it on `refresh` and `destroy` (possibly
 * after an upgrade of the package), zod schemas and ssh2 cannot be serialized,
 * a captured credential would land in state in plaintext, and a `require`d
 * module is shared by every resource of the run (one SSH pool per process).
 *
 * @param modulePath - path inside the package of the module exporting the real provider
 * @param exportName - name of the export holding the real `ResourceProvider`
 */
export function lazyProvider(modulePath: string, exportName: string): pulumi.dynamic.ResourceProvider {
  const load = (): Required<pulumi.dynamic.ResourceProvider> => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- resolved at run time on purpose (see above)
    const mod = require(`pulumi-xenserver-pci/${modulePath}`) as Record<string, Required<pulumi.dynamic.ResourceProvider>>;
    const impl = mod[exportName];
    if (impl === undefined) {
      throw new Error(`pulumi-xenserver-pci: ${modulePath} has no export ${exportName}; reinstall the package.`);
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
