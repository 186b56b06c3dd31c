/**
 * Every input field of both resources, for the hostile-input properties: where
 * the value goes, the property `check` must name, valid values, hostile values
 * and the contract that says which hostile values are nonetheless valid.
 */
import fc from "fast-check";

/** One input field under test. */
export interface FieldSpec {
  /** The property as `check` names it: `connection.port`, `devices[1]`. */
  property: string;
  /** Where the value goes in the inputs. */
  path: readonly (string | number)[];
  /** Values the contract accepts. */
  valid: fc.Arbitrary<unknown>;
  /** Hostile values: metacharacters, look-alikes, long strings, wrong types. */
  hostile: fc.Arbitrary<unknown>;
  /** The documented contract: whether `check` must accept this (hostile) value. */
  accepts: (value: unknown) => boolean;
}

/** Pieces of shell syntax, control characters and look-alikes; each has a character no strict field allows. */
export const FRAGMENTS = [
  ";", "|", "&&", "$(echo pwned > /tmp/xspci-pwned)", "`id`", "'", '"', "\\", "\n", "\r\n", "\0", "\t", " ", "*", "?",
  ">", "<", "#", "~", "!", "{a,b}", "$IFS", "%s%n", "-oProxyCommand=sh",
  "\uff10", "\uff16", "\u0430", "\u0435", "\u043e", "\u0441", "\u0456", "\u2024", "\uff0e", "\uff1a", "\u200b", "\u202e", "\u00a0", "\u2010",
];

/** Characters and their look-alikes (fullwidth digits, Cyrillic letters, one-dot leader…). */
const LOOK_ALIKES: Record<string, string> = {
  a: "\u0430", e: "\u0435", o: "\u043e", c: "\u0441", p: "\u0440", x: "\u0445", i: "\u0456", ".": "\u2024", ":": "\uff1a", "-": "\u2010",
  ...Object.fromEntries(Array.from({ length: 10 }, (_, d) => [String(d), String.fromCharCode(0xff10 + d)])),
};

/** `base` with 1 to 3 hostile fragments inserted, one character swapped for a look-alike, or padded to a very long string. */
export function hostileText(base: string): fc.Arbitrary<string> {
  const inserted = fc.tuple(fc.array(fc.tuple(fc.constantFrom(...FRAGMENTS), fc.nat()), { minLength: 1, maxLength: 3 })).map(([pieces]) =>
    pieces.reduce((text, [piece, at]) => {
      const i = at % (text.length + 1);
      return text.slice(0, i) + piece + text.slice(i);
    }, base),
  );
  const swappable = Array.from(base).flatMap((char, i) => (LOOK_ALIKES[char.toLowerCase()] === undefined ? [] : [i]));
  const lookAlike = fc.constantFrom(...swappable).map((i) => base.slice(0, i) + (LOOK_ALIKES[(base[i] ?? "").toLowerCase()] ?? "") + base.slice(i + 1));
  const long = fc.integer({ min: 300, max: 20_000 }).map((n) => base.padEnd(n, "0"));
  return fc.oneof(inserted, lookAlike, long);
}

/** Values of every JSON type and then some, none of them a string. */
const notString = fc.oneof(
  fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.bigInt(),
  fc.array(fc.string(), { maxLength: 3 }), fc.dictionary(fc.string(), fc.string(), { maxKeys: 3 }),
);
const notNumber = fc.oneof(fc.string(), fc.boolean(), fc.constant(null), fc.array(fc.integer(), { maxLength: 2 }), fc.constantFrom("22", "0x16", "\uff12\uff12", "22; reboot"));
const notBoolean = fc.oneof(fc.constantFrom("true", "false", "yes", 0, 1, null), fc.string(), fc.integer(), fc.array(fc.boolean(), { maxLength: 2 }));
// eslint-disable-next-line no-control-regex -- control characters are what a path may not hold
const CONTROL = /[\u0000-\u001f\u007f]/;

const chars = (text: string): string[] => text.split("");
const hex = (n: number) => fc.string({ unit: fc.constantFrom(...chars("0123456789abcdefABCDEF")), minLength: n, maxLength: n });
/** A PCI address in either form, any case. */
export const pciAddress = fc
  .tuple(fc.option(hex(4)), hex(2), fc.integer({ min: 0, max: 0x1f }), fc.integer({ min: 0, max: 7 }))
  .map(([domain, bus, device, fn]) => `${domain === null ? "" : `${domain}:`}${bus}:${device.toString(16).padStart(2, "0")}.${fn}`);
const label = fc.stringMatching(/^[A-Za-z0-9._-]{1,64}$/);
const base64 = fc.string({ unit: fc.constantFrom(...chars("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")), minLength: 43, maxLength: 43 });
const anyCase = (text: fc.Arbitrary<string>) => fc.tuple(text, fc.boolean()).map(([t, upper]) => (upper ? t.toUpperCase() : t));

const strictText = (base: string, valid: fc.Arbitrary<unknown>) => ({
  valid,
  hostile: fc.oneof(hostileText(base), notString, fc.constant("")),
  accepts: () => false,
});
const integer = (base: number, min: number, max: number) => ({
  valid: fc.integer({ min, max }),
  hostile: fc.oneof(notNumber, fc.integer(), fc.double(), fc.constantFrom(base + 0.5, -base, min - 1, max + 1, Number.NaN, Infinity)),
  accepts: (v: unknown) => typeof v === "number" && Number.isInteger(v) && v >= min && v <= max,
});
const boolean = { valid: fc.boolean(), hostile: notBoolean, accepts: (v: unknown) => typeof v === "boolean" };
/** Secrets go to ssh2, never to a shell: any non-empty string is valid. */
const secret = (base: string) => ({
  valid: fc.string({ unit: "binary", minLength: 1 }),
  hostile: fc.oneof(hostileText(base), notString, fc.constant("")),
  accepts: (v: unknown) => typeof v === "string" && v !== "",
});
/** Local file paths: anything but control characters, up to 4096 characters. */
const localPath = (base: string) => ({
  valid: fc.string({ unit: "binary", minLength: 1, maxLength: 300 }).filter((p) => !CONTROL.test(p)),
  hostile: fc.oneof(hostileText(base), notString, fc.constant("")),
  accepts: (v: unknown) => typeof v === "string" && v !== "" && v.length <= 4096 && !CONTROL.test(v),
});
const enumOf = (values: readonly string[]) => ({
  valid: fc.constantFrom(...values),
  hostile: fc.oneof(...values.map(hostileText), notString, fc.constantFrom(...values.map((v) => v.toUpperCase()), "")),
  accepts: (v: unknown) => typeof v === "string" && values.includes(v),
});
const list = (valid: fc.Arbitrary<unknown>, element: string, extra: fc.Arbitrary<unknown>[]) => ({
  valid,
  hostile: fc.oneof(
    notString.filter((v) => !Array.isArray(v)), fc.constant([]), fc.constant(`${element},${element}`), fc.constant(element),
    fc.constant([element, element]), fc.constant([[element]]), hostileText(element).map((bad) => [element.replace("0", "1"), bad]), ...extra,
  ),
  accepts: () => false,
});

/** The fields of `connection`, shared by both resources. */
export const CONNECTION_FIELDS: FieldSpec[] = [
  { property: "connection.host", ...strictText("127.0.0.1", fc.oneof(fc.ipV4(), fc.ipV6(), fc.domain())) },
  { property: "connection.port", ...integer(22, 1, 65535) },
  { property: "connection.user", ...strictText("root", fc.stringMatching(/^[A-Za-z0-9._][A-Za-z0-9._-]{0,31}$/)) },
  { property: "connection.privateKey", ...secret("-----BEGIN OPENSSH PRIVATE KEY-----\nb3Blbg==\n-----END OPENSSH PRIVATE KEY-----\n") },
  { property: "connection.privateKeyPassphrase", ...secret("correct horse") },
  { property: "connection.password", ...secret("hunter2") },
  { property: "connection.agent", ...localPath("/run/user/0/agent.sock") },
  { property: "connection.hostKey", ...strictText("SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8", base64.map((b) => `SHA256:${b}`)) },
  { property: "connection.knownHostsFile", ...localPath("~/.ssh/known_hosts") },
  { property: "connection.insecureIgnoreHostKey", ...boolean },
  { property: "connection.timeoutMs", ...integer(60000, 1000, 3_600_000) },
  { property: "connection.sudo", ...boolean },
].map((spec) => ({ ...spec, path: spec.property.split(".") }));

/** The fields of `PciAssignment` besides `connection`; the inputs hold `devices: ["01:00.0", "06:00.0"]`. */
export const PCI_ASSIGNMENT_FIELDS: FieldSpec[] = [
  { property: "vmUuid", path: ["vmUuid"], ...strictText("3e5b9d70-1f2c-4a8e-b6d4-90c1e7f2a845", anyCase(fc.uuid())) },
  {
    property: "devices", path: ["devices"],
    ...list(fc.uniqueArray(pciAddress, { minLength: 1, maxLength: 16, selector: (a) => (a.length === 7 ? `0000:${a}` : a).toLowerCase() }), "06:00.0", [
      fc.constant(["06:00.0", "0000:06:00.0"]),
      fc.constant(Array.from({ length: 17 }, (_, i) => `0${(i % 8).toString()}:${(i % 2).toString().padStart(2, "0")}.${(i % 3).toString()}`)),
    ]),
  },
  { property: "devices[1]", path: ["devices", 1], ...strictText("06:00.0", pciAddress.filter((a) => !/^(0000:)?01:00\.0$/i.test(a))) },
  { property: "coldBoot", path: ["coldBoot"], ...enumOf(["never", "whenRequired"]) },
];

/** The fields of `HiddenPciDevice` besides `connection`; the inputs hold `bootEntries: ["xe", "xe-serial"]`. */
export const HIDDEN_PCI_DEVICE_FIELDS: FieldSpec[] = [
  { property: "address", path: ["address"], ...strictText("06:00.0", pciAddress) },
  { property: "method", path: ["method"], ...enumOf(["auto", "extlinux", "xen-cmdline", "dom0-access"]) },
  { property: "bootEntries", path: ["bootEntries"], ...list(fc.uniqueArray(label, { minLength: 1, maxLength: 20 }), "xe", []) },
  { property: "bootEntries[1]", path: ["bootEntries", 1], ...strictText("xe-serial", label.filter((l) => l !== "xe")) },
];

/** A copy of `inputs` with `value` at `path` (arrays and objects copied along the way). */
export function withValue(inputs: Record<string, unknown>, path: readonly (string | number)[], value: unknown): Record<string, unknown> {
  const [head, ...rest] = path;
  if (head === undefined) return inputs;
  const copy = (Array.isArray(inputs) ? [...(inputs as unknown[])] : { ...inputs }) as Record<string | number, unknown>;
  copy[head] = rest.length === 0 ? value : withValue(copy[head] as Record<string, unknown>, rest, value);
  return copy;
}
