import * as fs from "node:fs";
import * as path from "node:path";
import type { Profile } from "../host";
import { DOM0S, HOSTS, removeTempPools, tempPool, xeOn } from "./pool.fixture";
import { err, GAMING, NAS, ok, TV } from "./tools.fixture";

afterAll(removeTempPools);

function golden(name: string): string {
  return fs.readFileSync(path.join(__dirname, "golden", name), "utf8");
}

describe.each<Profile>(["xs62", "xs82", "xcpng83"])("xe lists in a pool on profile %s", (profile) => {
  test("vm-list on any member prints the same records: every member's dom0, then the guests", () => {
    const pool = tempPool(profile, 2);
    expect(xeOn(pool, 0, "vm-list")).toEqual(ok(golden("pool-vm-list.default.txt")));
    expect(xeOn(pool, 1, "vm-list")).toEqual(ok(golden("pool-vm-list.default.txt")));
  });

  test("vm-list --minimal of a 3-member pool lists the three dom0s and the guests", () => {
    const pool = tempPool(profile, 3);
    expect(xeOn(pool, 2, "vm-list", "--minimal")).toEqual(ok(`${DOM0S.join(",")},${NAS},${GAMING},${TV}\n`));
    expect(xeOn(pool, 2, "vm-list", "is-control-domain=true", "params=resident-on", "--minimal")).toEqual(ok(`${HOSTS.join(",")}\n`));
  });

  test("host-list on any member prints every member", () => {
    const pool = tempPool(profile, 2);
    expect(xeOn(pool, 1, "host-list")).toEqual(ok(golden("pool-host-list.default.txt")));
    expect(xeOn(pool, 0, "host-list", "--minimal")).toEqual(ok(`${HOSTS[0]},${HOSTS[1]}\n`));
  });

  test("host-list filters on a member's uuid and name-label, and prints its address", () => {
    const pool = tempPool(profile, 3);
    expect(xeOn(pool, 0, "host-list", `uuid=${HOSTS[2]}`, "params=name-label", "--minimal")).toEqual(ok("xenserver-home-2\n"));
    expect(xeOn(pool, 0, "host-list", "name-label=xenserver-home-1", "params=address", "--minimal")).toEqual(ok("192.168.1.11\n"));
  });

  test("resident-on and affinity of a halted VM without affinity are null references on every member", () => {
    const pool = tempPool(profile, 2);
    for (const member of [0, 1]) {
      expect(xeOn(pool, member, "vm-param-get", `uuid=${TV}`, "param-name=resident-on")).toEqual(ok("<not in database>\n"));
      expect(xeOn(pool, member, "vm-param-get", `uuid=${TV}`, "param-name=affinity")).toEqual(ok("<not in database>\n"));
      expect(xeOn(pool, member, "vm-param-get", `uuid=${NAS}`, "param-name=resident-on")).toEqual(ok(`${HOSTS[0]}\n`));
    }
  });

  test("params= selects resident-on and affinity in record order, with each VM's own host and dom-id", () => {
    const pool = tempPool(profile, 2);
    xeOn(pool, 0, "vm-param-set", `uuid=${TV}`, `affinity=${HOSTS[1]}`);
    xeOn(pool, 0, "vm-start", `uuid=${TV}`);
    expect(xeOn(pool, 1, "vm-list", "params=dom-id,affinity,resident-on,power-state,name-label,uuid")).toEqual(ok(golden("pool-vm-list.placement.txt")));
  });
});

describe.each<Profile>(["xs62", "xs82"])("pci-list in a pool on profile %s", (profile) => {
  test("is an unknown command on every member", () => {
    const pool = tempPool(profile, 2);
    expect(xeOn(pool, 1, "pci-list")).toEqual(err("Unknown command: pci-list\nFor usage run: 'xe help'\n"));
  });
});

describe("pci-list in an XCP-ng 8.3 pool", () => {
  test("prints one object per member for an address both have, each naming its host", () => {
    const pool = tempPool("xcpng83", 2);
    expect(xeOn(pool, 0, "pci-list", "pci-id=0000:06:00.0", "params=all")).toEqual(ok(golden("pool-pci-list.nic.all.txt")));
  });

  test("lists every function of every member, and host-uuid= keeps one member's", () => {
    const pool = tempPool("xcpng83", 3);
    const all = xeOn(pool, 1, "pci-list", "--minimal").stdout.trim().split(",");
    expect(all).toHaveLength(18);
    expect(new Set(all).size).toBe(18);
    const mine = xeOn(pool, 1, "pci-list", `host-uuid=${HOSTS[2]}`, "--minimal").stdout.trim().split(",");
    expect(mine).toEqual(all.slice(12));
    expect(xeOn(pool, 0, "pci-list", `host-uuid=${HOSTS[2]}`, "params=host-name-label", "--minimal")).toEqual(ok(Array(6).fill("xenserver-home-2").join(",") + "\n"));
  });

  test("dependencies name only the other functions on the same member", () => {
    const pool = tempPool("xcpng83", 2);
    expect(xeOn(pool, 0, "pci-list", "pci-id=0000:07:00.1", "params=host-uuid,dependencies")).toEqual(
      ok(
        `host-uuid ( RO)       : ${HOSTS[0]}\n    dependencies (SRO): 0000:07:00.0\n\n\n` +
          `host-uuid ( RO)       : ${HOSTS[1]}\n    dependencies (SRO): 0000:07:00.0\n\n\n`,
      ),
    );
  });
});
