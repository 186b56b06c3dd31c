import * as fs from "node:fs";
import * as path from "node:path";
import type { Profile } from "../host";
import { err, GAMING, NAS, ok, removeTempHosts, tempHost, TV, xe } from "./tools.fixture";

afterAll(removeTempHosts);

function golden(name: string): string {
  return fs.readFileSync(path.join(__dirname, "golden", name), "utf8");
}

const DOM0 = "c73c9a3a-6cfc-505f-4db3-14757393496f";
const HOST = "5f0c7a3e-2b9d-4e61-a8f4-1d6c93b0e27a";

describe("xe record layout (Cli_printer.multi_line_record)", () => {
  test("vm-list prints dom0 and every guest with the default fields", () => {
    expect(xe(tempHost("xcpng83"), "vm-list")).toEqual(ok(golden("vm-list.default.txt")));
  });

  test("vm-list params= prints fields in record order, not params order", () => {
    expect(xe(tempHost("xcpng83"), "vm-list", "params=uuid,name-label,power-state,dom-id,other-config")).toEqual(ok(golden("vm-list.params.txt")));
  });

  test("vm-list params=all prints every field of the record", () => {
    expect(xe(tempHost("xcpng83"), "vm-list", `uuid=${NAS}`, "params=all")).toEqual(ok(golden("vm-list.all.txt")));
  });

  test("host-list prints the host record", () => {
    expect(xe(tempHost("xs62"), "host-list")).toEqual(ok(golden("host-list.default.txt")));
  });

  test("pci-list prints every function on XCP-ng 8.3", () => {
    expect(xe(tempHost("xcpng83"), "pci-list")).toEqual(ok(golden("pci-list.default.txt")));
  });

  test("pci-list params=all names the other functions of the device as dependencies", () => {
    expect(xe(tempHost("xcpng83"), "pci-list", "pci-id=0000:07:00.0", "params=all")).toEqual(ok(golden("pci-list.all.txt")));
  });
});

describe.each<Profile>(["xs62", "xs82", "xcpng83"])("xe vm-list on profile %s", (profile) => {
  test("--minimal with a uuid filter prints the power state", () => {
    const dir = tempHost(profile);
    expect(xe(dir, "vm-list", `uuid=${NAS}`, "params=power-state", "--minimal")).toEqual(ok("running\n"));
    expect(xe(dir, "vm-list", `uuid=${TV}`, "params=power-state", "--minimal")).toEqual(ok("halted\n"));
  });

  test("an unknown uuid prints an empty line and succeeds", () => {
    const dir = tempHost(profile);
    expect(xe(dir, "vm-list", "uuid=00000000-0000-0000-0000-000000000000", "params=power-state", "--minimal")).toEqual(ok("\n"));
  });

  test("--minimal joins the first field of each record with commas", () => {
    const dir = tempHost(profile);
    expect(xe(dir, "vm-list", "--minimal")).toEqual(ok(`${DOM0},${NAS},${GAMING},${TV}\n`));
    expect(xe(dir, "vm-list", "is-control-domain=false", "power-state=running", "--minimal")).toEqual(ok(`${NAS},${GAMING}\n`));
  });

  test("--minimal escapes commas and backslashes in values", () => {
    const dir = tempHost(profile);
    xe(dir, "vm-param-set", `uuid=${TV}`, "name-label=TV,rec\\1");
    expect(xe(dir, "vm-list", "name-label=TV,rec\\1", "params=name-label", "--minimal")).toEqual(ok("TV\\,rec\\\\1\n"));
  });

  test("a map entry filter selects on other-config keys", () => {
    const dir = tempHost(profile);
    xe(dir, "vm-param-set", `uuid=${TV}`, "other-config:pci=0/0000:06:00.0");
    expect(xe(dir, "vm-list", "other-config:pci=0/0000:06:00.0", "--minimal")).toEqual(ok(`${TV}\n`));
  });

  test("host-list --minimal prints the host uuid", () => {
    expect(xe(tempHost(profile), "host-list", "--minimal")).toEqual(ok(`${HOST}\n`));
  });
});

describe.each<Profile>(["xs62", "xs82"])("pci commands on profile %s", (profile) => {
  test.each(["pci-list", "pci-get-dom0-access-status", "pci-disable-dom0-access", "pci-enable-dom0-access"])("%s is an unknown command", (command) => {
    expect(xe(tempHost(profile), command)).toEqual(err(`Unknown command: ${command}\nFor usage run: 'xe help'\n`));
  });
});
