import type { Profile } from "../host";
import { err, GAMING, NAS, ok, removeTempHosts, tempHost, TV, xe } from "./tools.fixture";

afterAll(removeTempHosts);

const HOST = "5f0c7a3e-2b9d-4e61-a8f4-1d6c93b0e27a";

describe.each<Profile>(["xs62", "xs82", "xcpng83"])("filter and selector words on profile %s (cli_operations.ml get_field_type)", (profile) => {
  test("a list command fails on a word no field of the record answers, and prints nothing", () => {
    const dir = tempHost(profile);
    expect(xe(dir, "vm-list", "foo=bar")).toEqual(err("Unknown field 'foo'\n"));
    expect(xe(dir, "host-list", "nosuchfield=x")).toEqual(err("Unknown field 'nosuchfield'\n"));
    expect(xe(dir, "pool-list", "params=uuid", "colour=blue", "--minimal")).toEqual(err("Unknown field 'colour'\n"));
    expect(xe(dir, "vm-list", "other-config:pci=x", "nosuch:key=x")).toEqual(ok());
    expect(xe(dir, "vm-list", "nosuch:key=x")).toEqual(err("Unknown field 'nosuch:key'\n"));
  });

  test("words are applied in order: once no record is left, the rest are not looked at", () => {
    const dir = tempHost(profile);
    expect(xe(dir, "vm-list", "uuid=00000000-0000-0000-0000-000000000000", "foo=bar")).toEqual(ok());
    expect(xe(dir, "vm-list", "uuid=00000000-0000-0000-0000-000000000000", "foo=bar", "--minimal")).toEqual(ok("\n"));
    expect(xe(dir, "vm-list", "foo=bar", "uuid=00000000-0000-0000-0000-000000000000")).toEqual(err("Unknown field 'foo'\n"));
  });

  test("params=, the standard parameters and database: words are not filters", () => {
    const dir = tempHost(profile);
    expect(xe(dir, "vm-list", `uuid=${NAS}`, "params=name-label", "--minimal", "--all", "message-priority=3")).toEqual(ok("NAS\n"));
    expect(xe(dir, "vm-list", `uuid=${TV}`, "params=uuid", "database:vdi-uuid=x", "--minimal")).toEqual(ok(`${TV}\n`));
  });

  test("map entries filter as name:key or the old name-key form; name:key on a plain field is refused", () => {
    const dir = tempHost(profile);
    expect(xe(dir, "vm-list", "other-config:linux_template=true", "params=uuid", "--minimal")).toEqual(ok(`${TV}\n`));
    expect(xe(dir, "vm-list", "other-config-linux_template=true", "params=uuid", "--minimal")).toEqual(ok(`${TV}\n`));
    expect(xe(dir, "vm-list", "name-label:x=NAS")).toEqual(err("Field 'name-label' is not a set or map\n"));
    expect(xe(dir, "host-list", "chipset-info:iommu=true", "params=uuid", "--minimal")).toEqual(ok(`${HOST}\n`));
  });

  test("a VM command's selectors are filters too, its own parameters and the standard ones are not", () => {
    const dir = tempHost(profile);
    expect(xe(dir, "vm-shutdown", `uuid=${NAS}`, "colour=blue")).toEqual(err("Unknown field 'colour'\n"));
    expect(xe(dir, "vm-start", `uuid=${TV}`, "--bogus")).toEqual(err("Unknown field 'bogus'\n"));
    expect(xe(dir, "vm-start", `uuid=${TV}`, `on=${HOST}`, "--progress")).toEqual(ok());
    expect(xe(dir, "vm-shutdown", `uuid=${GAMING}`, "--force", "--progress")).toEqual(ok());
    expect(xe(dir, "vm-list", "params=power-state", "--minimal")).toEqual(ok("running,running,halted,running\n"));
  });

  test("a host command's selectors are filters too, its own parameters are not", () => {
    const dir = tempHost(profile);
    expect(xe(dir, "host-disable", "colour=blue")).toEqual(err("Unknown field 'colour'\n"));
    expect(xe(dir, "host-disable", "host=xenserver-home", "enabled=true", "--multiple")).toEqual(ok());
    // Only xapi v26 keeps network-uuid for host-evacuate; there the plan refuses (no other member).
    expect(xe(dir, "host-evacuate", "network-uuid=x")).toEqual(
      err(profile === "xcpng83" ? `There were no servers available to complete the specified operation.\n<extra>: ${NAS} (NAS)\n` : "Unknown field 'network-uuid'\n"),
    );
  });
});

describe("pci-list filters (XCP-ng 8.3)", () => {
  test("an unknown field fails; the set field dependencies filters with :contains", () => {
    const dir = tempHost("xcpng83");
    expect(xe(dir, "pci-list", "bogus=1")).toEqual(err("Unknown field 'bogus'\n"));
    expect(xe(dir, "pci-list", "dependencies:contains=0000:07:00.1", "params=pci-id", "--minimal")).toEqual(ok("0000:07:00.0\n"));
    expect(xe(dir, "pci-list", "dependencies-contains=0000:07:00.0", "params=pci-id", "--minimal")).toEqual(ok("0000:07:00.1\n"));
    expect(xe(dir, "pci-list", "dependencies:has=x")).toEqual(err("Invalid syntax for set filtering (should be set-param:contains=key)\n"));
  });
});
