/**
 * Reliability: hostile input. Property-based runs over every input field of
 * both resources through the providers' `check` and `diff`, as the engine calls
 * them, with a live simulated host behind the connection whose counters must
 * stay at zero; then hostile VM names read from the host, through create.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { inspect } from "node:util";
import fc from "fast-check";
import { providers } from "../../provider";
import { UNKNOWN } from "../../provider/model/unknown";
import { CONNECTION_FIELDS, HIDDEN_PCI_DEVICE_FIELDS, PCI_ASSIGNMENT_FIELDS, withValue, type FieldSpec } from "./input-fields";
import { CaseTally, engineCalls, startReliabilitySim, type EngineCalls, type ReliabilitySim } from "./support";
import { nextRun } from "../support/next-run";

const NAS = "db4c64e1-44ce-f9f3-3236-0d86df260249";
const TV = "3e5b9d70-1f2c-4a8e-b6d4-90c1e7f2a845";
/** Valid and hostile values tried per field and resource. */
const VALID_RUNS = 40;
const HOSTILE_RUNS = 120;
// eslint-disable-next-line no-control-regex -- a reason must not carry raw control characters into logs
const CONTROL = /[\u0000-\u001f\u007f]/;

interface Resource {
  name: string;
  calls: EngineCalls;
  inputs: Record<string, unknown>;
  /** Old outputs for `diff`. */
  olds: Record<string, unknown>;
  fields: FieldSpec[];
}

function show(value: unknown): string {
  return inspect(value, { breakLength: Infinity, maxStringLength: 80, maxArrayLength: 5 });
}

/** Whether `property` is `parent` or lies inside it (`devices[1]` inside `devices`). */
function inside(property: string, parent: string): boolean {
  return property === parent || property.startsWith(`${parent}[`) || property.startsWith(`${parent}.`);
}

describe("hostile input through check and diff of both providers", () => {
  let rel: ReliabilitySim;
  let resources: Resource[];

  beforeAll(async () => {
    rel = await startReliabilitySim("hostile");
    const pciInputs = { connection: rel.connection, vmUuid: TV, devices: ["01:00.0", "06:00.0"], coldBoot: "never" };
    const hiddenInputs = { connection: rel.connection, address: "06:00.0", method: "extlinux", bootEntries: ["xe", "xe-serial"] };
    resources = [
      {
        name: "PciAssignment",
        calls: engineCalls(providers.pciAssignment),
        inputs: pciInputs,
        olds: { ...pciInputs, devices: ["0000:01:00.0", "0000:06:00.0"], pciValue: "0/0000:01:00.0,1/0000:06:00.0" },
        fields: PCI_ASSIGNMENT_FIELDS,
      },
      {
        name: "HiddenPciDevice",
        calls: engineCalls(providers.hiddenPciDevice),
        inputs: hiddenInputs,
        olds: { ...hiddenInputs, address: "0000:06:00.0", hiddenInBootConfig: true },
        fields: HIDDEN_PCI_DEVICE_FIELDS,
      },
    ];
  });

  afterAll(async () => {
    await rel.stop();
  });

  beforeEach(() => {
    rel.sim.resetCounters();
  });

  /** One case: `check` accepts (and `diff` then works) or fails naming `property` and nothing else. */
  async function checkCase(resource: Resource, news: Record<string, unknown>, property: string, accepted: boolean): Promise<void> {
    const { inputs, failures } = await resource.calls.check({ ...news, __provider: "serialized-provider" });
    if (accepted) {
      expect(failures).toEqual([]);
      expect(inputs).toEqual(news);
      const diff = await resource.calls.diff(`127.0.0.1/x`, resource.olds, inputs);
      expect(typeof diff.changes).toBe("boolean");
      return;
    }
    expect(failures.length).toBeGreaterThan(0);
    for (const failure of failures) {
      expect({ property: failure.property, inside: inside(failure.property, property) }).toEqual({ property: failure.property, inside: true });
      expect(failure.reason).not.toMatch(CONTROL);
    }
  }

  /** Runs the valid and the hostile values of each field through `checkCase`, then checks the host saw nothing. */
  async function fieldRuns(tally: CaseTally, pick: (resource: Resource) => FieldSpec[]): Promise<void> {
    for (const resource of resources) {
      for (const spec of pick(resource)) {
        const runCase = (value: unknown, accepted: boolean) =>
          tally.run(`${resource.name} ${spec.property}=${show(value)}`, () =>
            checkCase(resource, withValue(resource.inputs, spec.path, value), spec.property, accepted),
          );
        await fc.assert(fc.asyncProperty(spec.valid, async (value) => { await runCase(value, true); }), { numRuns: VALID_RUNS });
        await fc.assert(fc.asyncProperty(spec.hostile, async (value) => { await runCase(value, spec.accepts(value)); }), { numRuns: HOSTILE_RUNS });
      }
    }
    await tally.run("the host saw no connection, exec or xe call", () => {
      expect(rel.sim.state().counters).toEqual({ sshConnections: 0, execs: 0, xeCalls: 0 });
    });
  }

  const hostileKinds = "shell metacharacters, quotes, newlines, NUL, look-alikes, 300-20000 chars, wrong types";

  it("every connection field of both resources accepts valid values and refuses hostile ones naming the property", async () => {
    const tally = new CaseTally();
    await fieldRuns(tally, () => CONNECTION_FIELDS);
    const row = tally.record("hostile input", `connection: 12 fields x 2 resources, valid and hostile (${hostileKinds}); host counters 0`);
    expect(tally.failures).toEqual([]);
    expect(row.held).toBe(row.cases);
  });

  it("every field of PciAssignment and HiddenPciDevice accepts valid values and refuses hostile ones naming the property", async () => {
    const tally = new CaseTally();
    await fieldRuns(tally, (resource) => resource.fields);
    const names = [...PCI_ASSIGNMENT_FIELDS, ...HIDDEN_PCI_DEVICE_FIELDS].map((spec) => spec.property).join(", ");
    const row = tally.record("hostile input", `resource fields (${names}), valid and hostile; host counters 0`);
    expect(tally.failures).toEqual([]);
    expect(row.held).toBe(row.cases);
  });

  it("an unknown property, top-level or in connection, fails check naming exactly that property", async () => {
    const tally = new CaseTally();
    const odd = ["Host", "hostkey", "private_key", "passwd", "$(reboot)", "a;b", "constructor", "toString", "__proto__", "\uff48ost", "host ", "devices\n"];
    const keyName = fc.oneof(fc.constantFrom(...odd), fc.string({ minLength: 1, maxLength: 20 }));
    for (const resource of resources) {
      for (const inConnection of [false, true]) {
        const known = Object.keys(inConnection ? (resource.inputs.connection as object) : resource.inputs);
        const allowed = [...known, ...(inConnection ? CONNECTION_FIELDS.map((spec) => spec.path[1]) : ["__provider", ...resource.fields.map((spec) => spec.path[0])])];
        const keys = keyName.filter((key) => !allowed.includes(key));
        await fc.assert(
          fc.asyncProperty(keys, fc.oneof(fc.string(), fc.integer(), fc.boolean()), async (key, value) => {
            await tally.run(`${resource.name} extra key ${show(key)}`, async () => {
              const holder: Record<string, unknown> = { ...(inConnection ? (resource.inputs.connection as Record<string, unknown>) : resource.inputs) };
              Object.defineProperty(holder, key, { value, enumerable: true, writable: true, configurable: true });
              const news = inConnection ? { ...resource.inputs, connection: holder } : holder;
              const property = inConnection ? `connection.${key}` : key;
              const { failures } = await resource.calls.check(news);
              expect(failures.map((failure) => failure.property)).toEqual([property]);
              expect(failures[0]?.reason).not.toMatch(CONTROL);
            });
          }),
          { numRuns: 60 },
        );
      }
    }
    await tally.run("the host saw nothing", () => {
      expect(rel.sim.state().counters).toEqual({ sshConnections: 0, execs: 0, xeCalls: 0 });
    });
    const row = tally.record("hostile input", "unknown keys (hostile names, __proto__, look-alikes) top-level and in connection, 2 resources");
    expect(tally.failures).toEqual([]);
    expect(row.held).toBe(row.cases);
  });

  it("the preview placeholder in any set of fields passes check and diff without touching the host", async () => {
    const tally = new CaseTally();
    for (const resource of resources) {
      const paths = [["connection"], ...CONNECTION_FIELDS.map((spec) => spec.path), ...resource.fields.map((spec) => spec.path)];
      await fc.assert(
        fc.asyncProperty(fc.subarray(paths, { minLength: 1 }), async (chosen) => {
          // Longest paths first, so that a whole unknown object wins over its members.
          const news = [...chosen].sort((a, b) => b.length - a.length).reduce((inputs, at) => withValue(inputs, at, UNKNOWN), resource.inputs);
          await tally.run(`${resource.name} unknown at ${show(chosen)}`, () => checkCase(resource, news, "", true));
        }),
        { numRuns: 150 },
      );
    }
    await tally.run("the host saw nothing", () => {
      expect(rel.sim.state().counters).toEqual({ sshConnections: 0, execs: 0, xeCalls: 0 });
    });
    const row = tally.record("hostile input", "preview placeholder in random sets of fields (whole objects, lists, elements), 2 resources");
    expect(tally.failures).toEqual([]);
    expect(row.held).toBe(row.cases);
  });

  it("a VM name-label full of shell syntax comes back verbatim from create and read, and nothing runs", async () => {
    const tally = new CaseTally();
    const marker = path.join(rel.dir, "pwned");
    const names = [
      `NAS'; echo 1 > ${marker}; '`,
      `NAS"; echo 2 > ${marker}; "`,
      `$(echo 3 > ${marker})`,
      `\`echo 4 > ${marker}\``,
      `-n NAS | tee ${marker} && reboot`,
      `NAS, name-label=x: %s \\n \uff2e\uff21\uff33 \u202e`,
    ];
    const calls = engineCalls(providers.pciAssignment);
    for (const name of names) {
      await tally.run(`name-label ${show(name)}`, async () => {
        // A case that broke before its delete must not leave its key to the next one.
        rel.sim.xe("vm-param-remove", `uuid=${NAS}`, "param-name=other-config", "param-key=pci");
        expect(rel.sim.xe("vm-param-set", `uuid=${NAS}`, `name-label=${name}`).exitCode).toBe(0);
        nextRun();
        const { id, outs } = await calls.create({ connection: rel.connection, vmUuid: NAS, devices: ["06:00.0"] });
        expect(outs).toMatchObject({
          vmName: name,
          // The sentence quotes the name as a JSON string: embedded quotes cannot end it early.
          nextSteps: [`Shut down VM ${JSON.stringify(name)} (${NAS}) and start it again (a reboot is not enough) so that it sees 0000:06:00.0.`],
        });
        expect((await calls.read(id, outs)).props).toMatchObject({ vmName: name, pciValue: "0/0000:06:00.0" });
        await calls.delete(id, outs);
        const vm = rel.sim.state().vms.find((candidate) => candidate.uuid === NAS);
        expect({ name: vm?.nameLabel, pci: vm?.otherConfig.pci, markerExists: fs.existsSync(marker) }).toEqual({ name, pci: undefined, markerExists: false });
      });
    }
    const row = tally.record("hostile input", `VM name-labels with quotes, $(), backticks, pipes, look-alikes: create/read/delete, nothing runs`);
    expect(tally.failures).toEqual([]);
    expect(row.held).toBe(row.cases);
  });
});
