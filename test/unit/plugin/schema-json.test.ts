/**
 * schema.json (what the plugin's `GetSchema` returns and the SDKs are
 * generated from) says what the zod schemas say: the same property names,
 * required properties, types, enums and defaults, and `secret` exactly on the
 * connection's credentials; and the names the plugin serves. So neither can
 * change without the other.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { z } from "zod";
import { FUNCTION_TOKENS, PACKAGE, RESOURCE_TOKENS, CONNECTION_TYPE } from "../../../provider/plugin/tokens";
import { CONNECTION_KEYS, CONNECTION_SECRET_KEYS, connectionSchema } from "../../../provider/schema/connection";
import { HIDDEN_VALUE } from "../../../provider/schema/failures";
import { hiddenPciDeviceSchema } from "../../../provider/schema/hidden-pci-device";
import { getPciDevicesArgsSchema, getVmArgsSchema } from "../../../provider/schema/lookups";
import { pciAssignmentObject } from "../../../provider/schema/pci-assignment";

const ROOT = path.resolve(__dirname, "..", "..", "..");

interface SchemaProperty {
  type?: string;
  $ref?: string;
  items?: SchemaProperty;
  default?: unknown;
  secret?: boolean;
  description?: string;
}

interface SchemaObject {
  type?: string;
  properties?: Record<string, SchemaProperty>;
  required?: string[];
  enum?: { value: string; name?: string }[];
  description?: string;
}

interface PackageSchema {
  name: string;
  version: string;
  resources: Record<string, { inputProperties: Record<string, SchemaProperty>; requiredInputs: string[]; properties: Record<string, SchemaProperty>; required: string[]; description: string }>;
  functions: Record<string, { inputs: SchemaObject; outputs: SchemaObject; description: string }>;
  types: Record<string, SchemaObject>;
}

const schema = JSON.parse(fs.readFileSync(path.join(ROOT, "schema.json"), "utf8")) as PackageSchema;

/** What both sides can say of one property. */
interface Facts {
  type: string;
  required: boolean;
  default?: unknown;
  enum?: string[];
  items?: Facts;
}

/** The facts of a zod property: wrappers (optional, default, refinements, transforms) taken off. */
function zodFacts(type: z.ZodTypeAny): Facts {
  let current = type;
  let required = true;
  let defaultValue: unknown;
  for (;;) {
    if (current instanceof z.ZodOptional) {
      required = false;
      current = current.unwrap() as z.ZodTypeAny;
    } else if (current instanceof z.ZodDefault) {
      required = false;
      defaultValue = (current._def as { defaultValue: () => unknown }).defaultValue();
      current = current.removeDefault() as z.ZodTypeAny;
    } else if (current instanceof z.ZodEffects) {
      current = current.innerType() as z.ZodTypeAny;
    } else break;
  }
  const base = { required, ...(defaultValue === undefined ? {} : { default: defaultValue }) };
  if (current instanceof z.ZodString) return { type: "string", ...base };
  if (current instanceof z.ZodBoolean) return { type: "boolean", ...base };
  if (current instanceof z.ZodNumber) return { type: current.isInt ? "integer" : "number", ...base };
  if (current instanceof z.ZodEnum) return { type: "string", enum: [...(current.options as string[])], ...base };
  if (current instanceof z.ZodArray) return { type: "array", items: zodFacts(current.element as z.ZodTypeAny), ...base };
  if (current instanceof z.ZodObject) return { type: "object", ...base };
  throw new Error(`no facts for ${current.constructor.name}`);
}

/** The facts of a schema.json property, `$ref`s resolved. */
function schemaFacts(property: SchemaProperty, required: boolean): Facts {
  const base = { required, ...(property.default === undefined ? {} : { default: property.default }) };
  if (property.$ref !== undefined) {
    const target = schema.types[property.$ref.replace("#/types/", "")];
    if (target === undefined) throw new Error(`${property.$ref} is not in types`);
    if (target.enum !== undefined) return { type: target.type ?? "?", enum: target.enum.map((item) => item.value), ...base };
    return { type: target.type ?? "?", ...base };
  }
  if (property.type === "array") return { type: "array", items: schemaFacts(property.items ?? {}, true), ...base };
  return { type: property.type ?? "?", ...base };
}

function zodObjectFacts(object: z.AnyZodObject): Record<string, Facts> {
  return Object.fromEntries(Object.entries(object.shape as Record<string, z.ZodTypeAny>).map(([name, type]) => [name, zodFacts(type)]));
}

function schemaObjectFacts(properties: Record<string, SchemaProperty>, required: readonly string[]): Record<string, Facts> {
  return Object.fromEntries(Object.entries(properties).map(([name, property]) => [name, schemaFacts(property, required.includes(name))]));
}

/** Every property object anywhere in the schema, with where it is. */
function everyProperty(): [string, SchemaProperty][] {
  const found: [string, SchemaProperty][] = [];
  const walk = (where: string, properties: Record<string, SchemaProperty> | undefined): void => {
    for (const [name, property] of Object.entries(properties ?? {})) found.push([`${where}.${name}`, property]);
  };
  for (const [token, resource] of Object.entries(schema.resources)) {
    walk(`${token} input`, resource.inputProperties);
    walk(`${token} output`, resource.properties);
  }
  for (const [token, fn] of Object.entries(schema.functions)) {
    walk(`${token} input`, fn.inputs.properties);
    walk(`${token} output`, fn.outputs.properties);
  }
  for (const [token, type] of Object.entries(schema.types)) walk(token, type.properties);
  return found;
}

describe("schema.json", () => {
  it("names the package, its version, and exactly the resources and functions the plugin serves", () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { version: string };
    expect(schema.name).toBe(PACKAGE);
    expect(schema.version).toBe(pkg.version);
    expect(Object.keys(schema.resources).sort()).toEqual(Object.values(RESOURCE_TOKENS).sort());
    expect(Object.keys(schema.functions).sort()).toEqual(Object.values(FUNCTION_TOKENS).sort());
  });

  it("describes the connection as the zod schema validates it, property by property, in the README's order", () => {
    const type = schema.types[CONNECTION_TYPE];
    expect(Object.keys(type?.properties ?? {})).toEqual([...CONNECTION_KEYS]);
    expect(schemaObjectFacts(type?.properties ?? {}, type?.required ?? [])).toEqual(zodObjectFacts(connectionSchema));
  });

  it.each([
    ["PciAssignment", RESOURCE_TOKENS.pciAssignment, pciAssignmentObject],
    ["HiddenPciDevice", RESOURCE_TOKENS.hiddenPciDevice, hiddenPciDeviceSchema],
  ] as const)("%s: inputs, required inputs, types, enums and defaults as in zod", (_name, token, zodSchema) => {
    const resource = schema.resources[token];
    expect(resource).toBeDefined();
    expect(schemaObjectFacts(resource?.inputProperties ?? {}, resource?.requiredInputs ?? [])).toEqual(zodObjectFacts(zodSchema));
    expect(resource?.inputProperties.connection?.$ref).toBe(`#/types/${CONNECTION_TYPE}`);
    // Every input is echoed as an output of the same type.
    for (const [name, input] of Object.entries(resource?.inputProperties ?? {})) {
      const output = resource?.properties[name];
      expect([name, output?.$ref ?? output?.type]).toEqual([name, input.$ref ?? input.type]);
    }
  });

  it.each([
    ["getPciDevices", FUNCTION_TOKENS.getPciDevices, getPciDevicesArgsSchema],
    ["getVm", FUNCTION_TOKENS.getVm, getVmArgsSchema],
  ] as const)("%s: arguments as in zod", (_name, token, zodSchema) => {
    const fn = schema.functions[token];
    expect(schemaObjectFacts(fn?.inputs.properties ?? {}, fn?.inputs.required ?? [])).toEqual(zodObjectFacts(zodSchema));
  });

  it("marks secret exactly the connection's credentials, which are the properties whose bad values zod never shows", () => {
    const secrets = everyProperty().filter(([, property]) => property.secret === true).map(([where]) => where);
    expect(secrets).toEqual(CONNECTION_SECRET_KEYS.map((key) => `${CONNECTION_TYPE}.${key}`));
    const hidden = CONNECTION_KEYS.filter((key) => {
      const result = connectionSchema.safeParse({ host: "xs1", [key]: key === "host" ? 42 : { secret: "shown?" } });
      return !result.success && result.error.issues.some((issue) => issue.message.startsWith(HIDDEN_VALUE));
    });
    expect(hidden).toEqual([...CONNECTION_SECRET_KEYS]);
  });

  it("describes every resource, function, type and property", () => {
    const undescribed = [
      ...Object.entries(schema.resources).filter(([, r]) => !r.description),
      ...Object.entries(schema.functions).filter(([, f]) => !f.description),
      ...Object.entries(schema.types).filter(([, t]) => !t.description),
      ...everyProperty().filter(([, property]) => !property.description),
    ].map(([where]) => where);
    expect(undescribed).toEqual([]);
  });

  it("gives each output type the fields the functions and resources return", () => {
    const hardware = schema.types["xenserver-pci:index:PciHardware"];
    expect(hardware?.required).toEqual(["address", "vendorId", "deviceId", "subsystemVendorId", "subsystemId", "classCode", "vendorName", "deviceName"]);
    const info = schema.types["xenserver-pci:index:PciDeviceInfo"];
    expect(info?.required).toEqual([...(hardware?.required ?? []), "driver", "hiddenNow", "hiddenInBootConfig", "assignedTo", "siblings", "holdsRootDisk"]);
  });
});
