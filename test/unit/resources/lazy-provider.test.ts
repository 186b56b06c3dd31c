/**
 * The provider closure Pulumi stores in state (provider/resources/lazy-provider.ts):
 * serialized as the engine serializes it, then run as the dynamic-provider
 * process runs it, with `require("pulumi-xenserver-pci")` answered by a stand-in package.
 */
import * as vm from "node:vm";
import { serializeFunction } from "@pulumi/pulumi/runtime";
import { lazyProvider, type ProviderName } from "../../../provider/resources/lazy-provider";

async function storedText(name: ProviderName): Promise<string> {
  const provider = lazyProvider(name);
  return (await serializeFunction(() => provider, { allowSecrets: true })).text;
}

type Loaded = Record<string, (...args: unknown[]) => Promise<unknown>>;

/** Runs the stored text as the dynamic-provider process does, with `pkg` as the installed package. */
function load(text: string, pkg: unknown): Loaded {
  const module = { exports: {} as { handler?: () => Loaded } };
  const requireStandIn = (id: string): unknown => {
    if (id === "pulumi-xenserver-pci") return pkg;
    throw new Error(`unexpected require of ${id}`);
  };
  vm.runInNewContext(text, { exports: module.exports, module, require: requireStandIn });
  if (module.exports.handler === undefined) throw new Error("the stored text exports no handler");
  return module.exports.handler();
}

describe("the provider closure stored in state", () => {
  test.each<ProviderName>(["pciAssignment", "hiddenPciDevice"])("%s: names the package, never a file inside it, in at most 2,150 characters", async (name) => {
    const text = await storedText(name);
    expect(text).toContain('require("pulumi-xenserver-pci")');
    expect(text).not.toMatch(/dist\/|\.js"/);
    expect(text.length).toBeLessThanOrEqual(2150);
  });

  test("each method calls the installed package's export of the same name, with the engine's arguments", async () => {
    const calls: [string, unknown[]][] = [];
    const method = (m: string) => (...args: unknown[]): Promise<string> => {
      calls.push([m, args]);
      return Promise.resolve(`${m} done`);
    };
    const pkg = { providers: { hiddenPciDevice: Object.fromEntries(["check", "diff", "create", "read", "update", "delete"].map((m) => [m, method(m)])) } };
    const provider = load(await storedText("hiddenPciDevice"), pkg);
    await expect(provider.check?.({ a: 1 }, { a: 2 })).resolves.toBe("check done");
    await expect(provider.diff?.("id-1", { a: 1 }, { a: 2 })).resolves.toBe("diff done");
    await expect(provider.create?.({ a: 2 })).resolves.toBe("create done");
    await expect(provider.read?.("id-1", { a: 2 })).resolves.toBe("read done");
    await expect(provider.update?.("id-1", { a: 1 }, { a: 2 })).resolves.toBe("update done");
    await expect(provider.delete?.("id-1", { a: 2 })).resolves.toBe("delete done");
    expect(calls).toEqual([
      ["check", [{ a: 1 }, { a: 2 }]],
      ["diff", ["id-1", { a: 1 }, { a: 2 }]],
      ["create", [{ a: 2 }]],
      ["read", ["id-1", { a: 2 }]],
      ["update", ["id-1", { a: 1 }, { a: 2 }]],
      ["delete", ["id-1", { a: 2 }]],
    ]);
  });

  test("an installed package without the export fails with what to do", async () => {
    const provider = load(await storedText("pciAssignment"), { providers: {} });
    expect(() => provider.create?.({})).toThrow("pulumi-xenserver-pci: the installed package exports no providers.pciAssignment; reinstall the package.");
  });
});
