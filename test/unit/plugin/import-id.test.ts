/**
 * Import IDs: `[user@]host[:port]/<key>`, the IDs `create` returns included.
 */
import { parseImportId } from "../../../provider/plugin/import-id";
import { ValidationError } from "../../../provider/errors";

const UUID = "db4c64e1-44ce-f9f3-3236-0d86df260249";

describe("parseImportId", () => {
  it.each([
    [`127.0.0.1/${UUID}`, { host: "127.0.0.1", port: undefined, user: undefined, target: UUID }],
    [`xs1.lan:2222/${UUID}`, { host: "xs1.lan", port: 2222, user: undefined, target: UUID }],
    [`admin@xs1/0000:06:00.0`, { host: "xs1", port: undefined, user: "admin", target: "0000:06:00.0" }],
    [`admin@[fe80::1]:22/06:00.0`, { host: "fe80::1", port: 22, user: "admin", target: "06:00.0" }],
    // create's ID for an IPv6 host: all of it is the host.
    [`fe80::1/06:00.0`, { host: "fe80::1", port: undefined, user: undefined, target: "06:00.0" }],
  ])("%s", (id, expected) => {
    expect(parseImportId(id, "<x>")).toEqual(expected);
  });

  it.each([
    [UUID, "has no slash before the resource's key"],
    ["xs1/", "does not end in one <vm-uuid>"],
    [`xs1/a/${UUID}`, "does not end in one <vm-uuid>"],
    [`@xs1/${UUID}`, "has an empty user before @"],
    [`root@/${UUID}`, "names no host"],
    [`xs1:ssh/${UUID}`, 'has "ssh" where the port goes'],
    [`xs1:/${UUID}`, 'has "" where the port goes'],
    [`[fe80::1/${UUID}`, "names no host"],
  ])("refuses %s: it %s", (id, problem) => {
    let error: unknown;
    try {
      parseImportId(id, "<vm-uuid>");
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).reason).toBe(
      `the import ID ${JSON.stringify(id)} ${problem}; expected [user@]host[:port]/<vm-uuid>, e.g. root@10.0.0.5:22/${UUID}`,
    );
  });
});
