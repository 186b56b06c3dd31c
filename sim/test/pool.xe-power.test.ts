import * as fs from "node:fs";
import * as path from "node:path";
import { DEFAULT_INVENTORY, readPoolState, rebootHost, type InventoryVm, type PoolInventory, type Profile } from "../host";
import { HOSTS, memberDir, removeTempPools, tempPool, toolOn, xeOn, type TempPool } from "./pool.fixture";
import { err, GAMING, NAS, ok, TV } from "./tools.fixture";

afterAll(removeTempPools);

/** INTERNAL_ERROR's description: two spaces between its sentences on 6.2. */
function internal(profile: Profile): string {
  const gap = profile === "xs62" ? "  " : " ";
  return `The server failed to handle your request, due to an internal error.${gap}The given message may give details useful for debugging the problem.\n`;
}

const NIC = DEFAULT_INVENTORY.pcis.filter((p) => p.address === "0000:06:00.0");
const GPU = DEFAULT_INVENTORY.pcis.filter((p) => p.address.startsWith("0000:07:00."));

const R = "11111111-0000-0000-0000-00000000000a";
const X = "11111111-0000-0000-0000-00000000000b";
const Y = "11111111-0000-0000-0000-00000000000c";
const Z = "11111111-0000-0000-0000-00000000000d";

function vm(uuid: string, nameLabel: string, extra: Partial<InventoryVm> = {}): InventoryVm {
  return { uuid, nameLabel, powerState: "halted", otherConfig: {}, ...extra };
}

/** R runs on the master; X, Y and Z are halted. */
const FOUR_VMS: PoolInventory = { vms: [vm(R, "R", { powerState: "running" }), vm(X, "X"), vm(Y, "Y"), vm(Z, "Z")], pcis: NIC };

function residentOn(pool: TempPool, uuid: string): string | undefined {
  return readPoolState(pool.dir).vms.find((v) => v.uuid === uuid)?.residentOn;
}

function vmOf(pool: TempPool, uuid: string): { powerState: string; residentOn: string; attachedDevices: string[] } | undefined {
  const found = readPoolState(pool.dir).vms.find((v) => v.uuid === uuid);
  return found === undefined ? undefined : { powerState: found.powerState, residentOn: found.residentOn, attachedDevices: found.attachedDevices };
}

function driversOf(pool: TempPool, address: string): (string | undefined)[] {
  return readPoolState(pool.dir).hosts.map((h) => h.pcis.find((p) => p.address === address)?.driver);
}

function domId(pool: TempPool, uuid: string): string {
  return xeOn(pool, 0, "vm-list", `uuid=${uuid}`, "params=dom-id", "--minimal").stdout.trim();
}

describe.each<Profile>(["xs62", "xs82", "xcpng83"])("VM placement in a pool on profile %s", (profile) => {
  test("without on= or affinity a VM starts on the member running the fewest guests, the lowest index first", () => {
    const pool = tempPool(profile, 3, FOUR_VMS);
    expect(xeOn(pool, 0, "vm-start", `uuid=${X}`)).toEqual(ok());
    expect(residentOn(pool, X)).toBe(HOSTS[1]);
    expect(xeOn(pool, 1, "vm-start", `uuid=${Y}`)).toEqual(ok());
    expect(residentOn(pool, Y)).toBe(HOSTS[2]);
    expect(xeOn(pool, 2, "vm-start", `uuid=${Z}`)).toEqual(ok());
    expect(residentOn(pool, Z)).toBe(HOSTS[0]);
  });

  test("a VM with affinity starts on its affinity host, however busy", () => {
    const pool = tempPool(profile, 3, FOUR_VMS);
    expect(xeOn(pool, 2, "vm-param-set", `uuid=${X}`, `affinity=${HOSTS[0]}`)).toEqual(ok());
    expect(xeOn(pool, 2, "vm-start", `uuid=${X}`)).toEqual(ok());
    expect(residentOn(pool, X)).toBe(HOSTS[0]);
  });

  test("on= pins the start, by host uuid or name-label, over the affinity", () => {
    const pool = tempPool(profile, 3, FOUR_VMS);
    xeOn(pool, 0, "vm-param-set", `uuid=${X}`, `affinity=${HOSTS[1]}`);
    expect(xeOn(pool, 1, "vm-start", `uuid=${X}`, `on=${HOSTS[2]}`)).toEqual(ok());
    expect(residentOn(pool, X)).toBe(HOSTS[2]);
    expect(xeOn(pool, 1, "vm-start", `uuid=${Y}`, "on=xenserver-home-0")).toEqual(ok());
    expect(residentOn(pool, Y)).toBe(HOSTS[0]);
  });

  test("on= a host outside the pool is the CLI's Host … not found and starts nothing", () => {
    const pool = tempPool(profile, 2, FOUR_VMS);
    expect(xeOn(pool, 1, "vm-start", `uuid=${X}`, "on=11111111-2222-3333-4444-555555555555")).toEqual(
      // cli_operations.ml vm_start resolves on= with get_host_by_name_or_id (name-label or uuid).
      err("Host 11111111-2222-3333-4444-555555555555 not found\n"),
    );
    expect(vmOf(pool, X)).toEqual({ powerState: "halted", residentOn: "", attachedDevices: [] });
  });

  test("domain ids are per host: each member numbers its own domains from 1", () => {
    const pool = tempPool(profile, 2, FOUR_VMS);
    xeOn(pool, 0, "vm-start", `uuid=${X}`, `on=${HOSTS[1]}`);
    xeOn(pool, 0, "vm-start", `uuid=${Y}`, `on=${HOSTS[1]}`);
    xeOn(pool, 0, "vm-start", `uuid=${Z}`, `on=${HOSTS[0]}`);
    expect([R, X, Y, Z].map((uuid) => domId(pool, uuid))).toEqual(["1", "1", "2", "2"]);
    expect(toolOn(pool, 0, "xenstore-ls", "/local/domain/1")).toEqual(ok(`domid = "1"\nname = "R"\nvm = "/vm/${R}"\n`));
    expect(toolOn(pool, 1, "xenstore-ls", "/local/domain/1")).toEqual(ok(`domid = "1"\nname = "X"\nvm = "/vm/${X}"\n`));
  });
});

describe.each<Profile>(["xs62", "xs82", "xcpng83"])("passthrough devices in a pool on profile %s", (profile) => {
  test("a start attaches the functions of the member it starts on, and only that member's xenstore has the backend", () => {
    const pool = tempPool(profile, 2, { hosts: [{ pcis: NIC }, { pcis: [...NIC, ...GPU] }], vms: [vm(X, "X", { otherConfig: { pci: "0/0000:06:00.0,1/0000:07:00.0" } })] });
    expect(xeOn(pool, 0, "vm-start", `uuid=${X}`, `on=${HOSTS[1]}`)).toEqual(ok());
    expect(vmOf(pool, X)).toEqual({ powerState: "running", residentOn: HOSTS[1], attachedDevices: ["0000:06:00.0", "0000:07:00.0"] });
    expect(driversOf(pool, "0000:06:00.0")).toEqual(["atl1c", "pciback"]);
    expect(toolOn(pool, 1, "xenstore-read", "/local/domain/0/backend/pci/1/0/dev-0", "/local/domain/0/backend/pci/1/0/dev-1")).toEqual(ok("0000:06:00.0\n0000:07:00.0\n"));
    expect(toolOn(pool, 0, "xenstore-ls", "/local/domain/0/backend/pci")).toEqual(err("xenstore-ls: xs_directory (/local/domain/0/backend/pci): No such file or directory\n"));
    expect(toolOn(pool, 0, "xenstore-ls", "/local/domain/0")).toEqual(ok('backend = ""\ndomid = "0"\nname = "Domain-0"\n'));
  });

  test("a start on a member without the function fails with xenopsd's error and leaves the VM halted", () => {
    const pool = tempPool(profile, 2, { hosts: [{ pcis: NIC }, { pcis: GPU }], vms: [vm(X, "X", { otherConfig: { pci: "0/0000:07:00.0" } })] });
    expect(xeOn(pool, 1, "vm-start", `uuid=${X}`, `on=${HOSTS[0]}`)).toEqual(err(`${internal(profile)}message: xenopsd internal error: Cannot_add(0000:07:00.0, Xenctrl.Error("19: No such device"))\n`));
    expect(vmOf(pool, X)).toEqual({ powerState: "halted", residentOn: "", attachedDevices: [] });
    expect(xeOn(pool, 0, "vm-start", `uuid=${X}`, `on=${HOSTS[1]}`)).toEqual(ok());
  });

  test("a function held by a VM on the same member fails the start; the same address on another member does not", () => {
    const vms = [vm(R, "R", { powerState: "running", otherConfig: { pci: "0/0000:06:00.0" } }), vm(X, "X", { otherConfig: { pci: "0/0000:06:00.0" } })];
    const pool = tempPool(profile, 2, { vms, pcis: NIC });
    expect(xeOn(pool, 1, "vm-start", `uuid=${X}`, `on=${HOSTS[0]}`)).toEqual(
      err(`${internal(profile)}message: xenopsd internal error: Cannot_add(0000:06:00.0, Xenctrl.Error("16: Device or resource busy"))\n`),
    );
    expect(xeOn(pool, 1, "vm-start", `uuid=${X}`, `on=${HOSTS[1]}`)).toEqual(ok());
    expect(readPoolState(pool.dir).vms.map((v) => [v.residentOn, v.attachedDevices])).toEqual([
      [HOSTS[0], ["0000:06:00.0"]],
      [HOSTS[1], ["0000:06:00.0"]],
    ]);
    expect(driversOf(pool, "0000:06:00.0")).toEqual(["pciback", "pciback"]);
  });

  test("placement ignores other-config:pci: a VM whose device another VM holds is still sent to the busy member by affinity", () => {
    const vms = [vm(R, "R", { powerState: "running", otherConfig: { pci: "0/0000:06:00.0" } }), vm(X, "X", { affinity: 0, otherConfig: { pci: "0/0000:06:00.0" } })];
    const pool = tempPool(profile, 2, { vms, pcis: NIC });
    expect(xeOn(pool, 1, "vm-start", `uuid=${X}`).stderr).toContain("Cannot_add(0000:06:00.0");
    expect(vmOf(pool, X)?.powerState).toBe("halted");
  });

  test("a shutdown from another member releases the function on the VM's own member", () => {
    const pool = tempPool(profile, 2, { vms: [vm(X, "X", { powerState: "running", residentOn: 1, otherConfig: { pci: "0/0000:06:00.0" } })], pcis: NIC });
    expect(driversOf(pool, "0000:06:00.0")).toEqual(["atl1c", "pciback"]);
    expect(xeOn(pool, 0, "vm-shutdown", `uuid=${X}`)).toEqual(ok());
    expect(vmOf(pool, X)).toEqual({ powerState: "halted", residentOn: "", attachedDevices: [] });
    expect(driversOf(pool, "0000:06:00.0")).toEqual(["atl1c", "atl1c"]);
    expect(toolOn(pool, 1, "xenstore-ls", "/local/domain/1")).toEqual(err("xenstore-ls: xs_directory (/local/domain/1): No such file or directory\n"));
  });

  test("a VM reboot stays on its member and takes that member's next domain id", () => {
    const pool = tempPool(profile, 2, { vms: [vm(X, "X", { powerState: "running", residentOn: 1, otherConfig: { pci: "0/0000:06:00.0" } })], pcis: NIC });
    expect(xeOn(pool, 0, "vm-reboot", `uuid=${X}`)).toEqual(ok());
    expect(vmOf(pool, X)).toEqual({ powerState: "running", residentOn: HOSTS[1], attachedDevices: ["0000:06:00.0"] });
    expect(domId(pool, X)).toBe("2");
    expect(toolOn(pool, 1, "xenstore-read", "/local/domain/0/backend/pci/2/0/dev-0")).toEqual(ok("0000:06:00.0\n"));
  });
});

describe.each<Profile>(["xs62", "xs82", "xcpng83"])("rebooting one member of a pool on profile %s", (profile) => {
  test("halts that member's VMs and restarts its domain ids; the other members' VMs keep running", () => {
    const vms = [vm(R, "R", { powerState: "running" }), vm(X, "X", { powerState: "running", residentOn: 1, otherConfig: { pci: "0/0000:06:00.0" } }), vm(Y, "Y", { powerState: "running", residentOn: 1 })];
    const pool = tempPool(profile, 3, { vms, pcis: NIC });
    rebootHost(memberDir(pool, 1));
    expect(readPoolState(pool.dir).vms.map((v) => [v.nameLabel, v.powerState, v.residentOn])).toEqual([
      ["R", "running", HOSTS[0]],
      ["X", "halted", ""],
      ["Y", "halted", ""],
    ]);
    expect(driversOf(pool, "0000:06:00.0")).toEqual(["atl1c", "atl1c", "atl1c"]);
    expect(domId(pool, R)).toBe("1");
    xeOn(pool, 0, "vm-start", `uuid=${Y}`, `on=${HOSTS[1]}`);
    expect(domId(pool, Y)).toBe("1");
  });

  test("boots the member from its own boot config only", () => {
    const pool = tempPool(profile, 2, { vms: [], pcis: NIC });
    const hideKey = profile === "xs62" ? "pciback.hide" : "xen-pciback.hide";
    const config = profile === "xs62" ? "boot/extlinux.conf" : "boot/grub/grub.cfg";
    const file = path.join(memberDir(pool, 1), "root", config);
    fs.writeFileSync(file, fs.readFileSync(file, "utf8").replace("console=hvc0 console=tty0 quiet", `console=hvc0 console=tty0 ${hideKey}=(0000:06:00.0) quiet`));
    rebootHost(memberDir(pool, 1));
    rebootHost(memberDir(pool, 0));
    const hosts = readPoolState(pool.dir).hosts;
    expect(hosts.map((h) => h.cmdline.includes(`${hideKey}=(0000:06:00.0)`))).toEqual([false, true]);
    expect(driversOf(pool, "0000:06:00.0")).toEqual(["atl1c", "pciback"]);
  });
});

describe("xe calls in a pool", () => {
  test("count on the member they run on", () => {
    const pool = tempPool("xs62", 2);
    xeOn(pool, 1, "vm-list");
    xeOn(pool, 1, "host-list");
    xeOn(pool, 0, "vm-list");
    expect(readPoolState(pool.dir).hosts.map((h) => h.xeCalls)).toEqual([1, 2]);
  });

  test("take a member's injected fault only on that member", () => {
    const pool = tempPool("xs62", 2);
    fs.writeFileSync(path.join(memberDir(pool, 1), "faults.json"), JSON.stringify({ xe: [{ failCall: 1, stderr: "boom\n" }] }));
    expect(xeOn(pool, 0, "vm-param-set", `uuid=${TV}`, "name-label=zero")).toEqual(ok());
    expect(xeOn(pool, 1, "vm-param-set", `uuid=${TV}`, "name-label=one")).toEqual(err("boom\n"));
    expect(xeOn(pool, 1, "vm-param-get", `uuid=${TV}`, "param-name=name-label")).toEqual(ok("zero\n"));
  });

  test("see a change made on another member at once (one database)", () => {
    const pool = tempPool("xcpng83", 3);
    expect(xeOn(pool, 2, "vm-param-set", `uuid=${NAS}`, "other-config:pci=0/0000:06:00.0")).toEqual(ok());
    expect(xeOn(pool, 0, "vm-param-get", `uuid=${NAS}`, "param-name=other-config", "param-key=pci")).toEqual(ok("0/0000:06:00.0\n"));
    expect(xeOn(pool, 1, "vm-shutdown", `uuid=${GAMING}`, "--force")).toEqual(ok());
    expect(xeOn(pool, 2, "vm-list", `uuid=${GAMING}`, "params=power-state", "--minimal")).toEqual(ok("halted\n"));
  });
});
