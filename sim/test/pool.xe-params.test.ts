import { readPoolState, type Profile } from "../host";
import { DOM0S, HOSTS, removeTempPools, tempPool, xeOn } from "./pool.fixture";
import { err, ok, TV } from "./tools.fixture";

afterAll(removeTempPools);

describe.each<Profile>(["xs62", "xs82", "xcpng83"])("affinity in a pool on profile %s", (profile) => {
  test("vm-param-set affinity= a member's uuid, on any member, shows on every member and in the state", () => {
    const pool = tempPool(profile, 3);
    expect(xeOn(pool, 2, "vm-param-set", `uuid=${TV}`, `affinity=${HOSTS[1]}`)).toEqual(ok());
    for (const member of [0, 1, 2]) expect(xeOn(pool, member, "vm-param-get", `uuid=${TV}`, "param-name=affinity")).toEqual(ok(`${HOSTS[1]}\n`));
    expect(readPoolState(pool.dir).vms.find((v) => v.uuid === TV)?.affinity).toBe(HOSTS[1]);
  });

  test("a host outside the pool is UUID_INVALID and leaves the affinity as it was", () => {
    const pool = tempPool(profile, 2);
    xeOn(pool, 0, "vm-param-set", `uuid=${TV}`, `affinity=${HOSTS[0]}`);
    expect(xeOn(pool, 1, "vm-param-set", `uuid=${TV}`, `affinity=${HOSTS[2]}`)).toEqual(err(`The uuid you supplied was invalid.\ntype: host\nuuid: ${HOSTS[2]}\n`));
    expect(xeOn(pool, 1, "vm-param-get", `uuid=${TV}`, "param-name=affinity")).toEqual(ok(`${HOSTS[0]}\n`));
  });

  test("setting it empty and vm-param-clear both remove it", () => {
    const pool = tempPool(profile, 2);
    xeOn(pool, 0, "vm-param-set", `uuid=${TV}`, `affinity=${HOSTS[1]}`);
    expect(xeOn(pool, 1, "vm-param-set", `uuid=${TV}`, "affinity=")).toEqual(ok());
    expect(xeOn(pool, 0, "vm-param-get", `uuid=${TV}`, "param-name=affinity")).toEqual(ok("<not in database>\n"));
    xeOn(pool, 0, "vm-param-set", `uuid=${TV}`, `affinity=${HOSTS[1]}`);
    expect(xeOn(pool, 1, "vm-param-clear", `uuid=${TV}`, "param-name=affinity")).toEqual(ok());
    expect(xeOn(pool, 0, "vm-param-get", `uuid=${TV}`, "param-name=affinity")).toEqual(ok("<not in database>\n"));
    expect(readPoolState(pool.dir).vms.find((v) => v.uuid === TV)?.affinity).toBe("");
  });

  test("each control domain's affinity and resident-on are its own host", () => {
    const pool = tempPool(profile, 2);
    expect(DOM0S.slice(0, 2).map((dom0) => xeOn(pool, 0, "vm-list", `uuid=${dom0}`, "params=affinity", "--minimal"))).toEqual([ok(`${HOSTS[0]}\n`), ok(`${HOSTS[1]}\n`)]);
    expect(xeOn(pool, 1, "vm-list", `resident-on=${HOSTS[1]}`, "--minimal")).toEqual(ok(`${DOM0S[1]}\n`));
  });
});
