/* eslint-disable @typescript-eslint/no-require-imports -- this module's one job is a require resolved at run time (see lazyProvider) */
import type * as pulumi from "@pulumi/pulumi";

/**
 * The package name under which users install this package; the engine's
 * dynamic-provider process resolves it from the program's `node_modules`.
 */
export const PACKAGE_NAME = "pulumi-xenserver-pci";

/** The names of the package's exported `providers` (provider/index.ts), the one entry state written from now on loads. */
export type ProviderName = "pciAssignment" | "hiddenPciDevice";

/** The methods of a dynamic provider, every one of which the providers have. */
type Method = "check" | "diff" | "create" | "read" | "update" | "delete";

/** The installed package's main module, as the stored closure sees it. */
interface InstalledPackage {
  readonly providers?: Partial<Record<string, Record<Method, (...args: unknown[]) => Promise<never>>>>;
}

/**
 * Builds the provider object that Pulumi serializes into state for a dynamic
 * resource. It captures nothing but one string: each call `require`s the
 * installed package's main module at run time and calls its exported
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
 * The closure's text is stored twice with every resource (its inputs and its
 * outputs), and the engine writes the whole state after each step of a run:
 * the methods share one caller and hold no comment, so that the text stays
 * short (2.1 kB instead of 2.3 kB; test/unit/resources/lazy-provider.test.ts).
 *
 * @param name - the export of `providers` holding the real `ResourceProvider`
 */
export function lazyProvider(name: ProviderName): pulumi.dynamic.ResourceProvider {
  const call = (method: Method, args: unknown[]): Promise<never> => {
    const impl = (require("pulumi-xenserver-pci") as InstalledPackage).providers?.[name];
    if (impl === undefined) throw new Error(`pulumi-xenserver-pci: the installed package exports no providers.${name}; reinstall the package.`);
    return impl[method](...args);
  };
  return {
    check: (...args) => call("check", args),
    diff: (...args) => call("diff", args),
    create: (...args) => call("create", args),
    read: (...args) => call("read", args),
    update: (...args) => call("update", args),
    delete: (...args) => call("delete", args),
  };
}
