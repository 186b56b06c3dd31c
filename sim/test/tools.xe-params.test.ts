import { readSimState, type Profile } from "../host";
import { err, GAMING, NAS, ok, removeTempHosts, tempHost, TV, xe } from "./tools.fixture";

afterAll(removeTempHosts);

const NAS_OTHER_CONFIG = {
  "install-methods": "cdrom",
  mac_seed: "2b0c5f43-8d1e-6a7b-95c4-3e1f0a2d7b68",
  base_template_name: "Other install media",
  import_task: "OpaqueRef:NULL",
  last_shutdown_time: "20140112T09:41:17Z",
  last_shutdown_action: "Destroy",
  last_shutdown_initiator: "external",
  last_shutdown_reason: "halted",
};

function otherConfigOf(dir: string, uuid: string): Record<string, string> | undefined {
  return readSimState(dir).vms.find((vm) => vm.uuid === uuid)?.otherConfig;
}

describe.each<Profile>(["xs62", "xs82", "xcpng83"])("xe vm-param-* on profile %s", (profile) => {
  test("vm-param-set stores the pci key silently on a running VM and keeps every other key", () => {
    const dir = tempHost(profile);
    expect(xe(dir, "vm-param-set", "other-config:pci=0/0000:06:00.0", `uuid=${NAS}`)).toEqual(ok());
    expect(otherConfigOf(dir, NAS)).toEqual({ pci: "0/0000:06:00.0", ...NAS_OTHER_CONFIG });
    expect(readSimState(dir).vms.find((vm) => vm.uuid === NAS)?.powerState).toBe("running");
  });

  test("vm-param-get prints the whole map with the newest key first", () => {
    const dir = tempHost(profile);
    xe(dir, "vm-param-set", `uuid=${TV}`, "other-config:pci=0/0000:07:00.0");
    expect(xe(dir, "vm-param-get", `uuid=${TV}`, "param-name=other-config")).toEqual(
      ok(
        "pci: 0/0000:07:00.0; install-methods: cdrom,nfs,http,ftp; mac_seed: 85a2f1c6-3d4b-e970-1c8f-a6b2d5e3f917; " +
          "base_template_name: Ubuntu Precise Pangolin 12.04 (64-bit); import_task: OpaqueRef:NULL; linux_template: true\n",
      ),
    );
  });

  test("vm-param-get with param-key prints the raw value", () => {
    const dir = tempHost(profile);
    xe(dir, "vm-param-set", `uuid=${TV}`, "other-config:pci=0/0000:07:00.0,1/0000:07:00.1");
    expect(xe(dir, "vm-param-get", `uuid=${TV}`, "param-name=other-config", "param-key=pci")).toEqual(ok("0/0000:07:00.0,1/0000:07:00.1\n"));
  });

  test("vm-param-get of an absent key fails with 'Key pci not found in map'", () => {
    const dir = tempHost(profile);
    expect(xe(dir, "vm-param-get", `uuid=${TV}`, "param-name=other-config", "param-key=pci")).toEqual(err("Key pci not found in map\n"));
  });

  test("vm-param-get of an empty map prints an empty line", () => {
    const dir = tempHost(profile);
    xe(dir, "vm-param-clear", `uuid=${TV}`, "param-name=other-config");
    expect(xe(dir, "vm-param-get", `uuid=${TV}`, "param-name=other-config")).toEqual(ok("\n"));
  });

  test("vm-param-get prints name-label, power-state, dom-id and affinity", () => {
    const dir = tempHost(profile);
    expect(xe(dir, "vm-param-get", `uuid=${NAS}`, "param-name=name-label")).toEqual(ok("NAS\n"));
    expect(xe(dir, "vm-param-get", `uuid=${NAS}`, "param-name=power-state")).toEqual(ok("running\n"));
    expect(xe(dir, "vm-param-get", `uuid=${NAS}`, "param-name=dom-id")).toEqual(ok("1\n"));
    expect(xe(dir, "vm-param-get", `uuid=${TV}`, "param-name=dom-id")).toEqual(ok("-1\n"));
    expect(xe(dir, "vm-param-get", `uuid=${TV}`, "param-name=affinity")).toEqual(ok("<not in database>\n"));
  });

  test("attached-PCIs is not a field of the VM record", () => {
    const dir = tempHost(profile);
    expect(xe(dir, "vm-param-get", `uuid=${NAS}`, "param-name=attached-PCIs")).toEqual(
      err("Error code: Missing parameter\nError parameters: attached-PCIs\n"),
    );
  });

  test("the seed's two-word value stores the first piece with its comma, then fails on the stray word", () => {
    const dir = tempHost(profile);
    expect(xe(dir, "vm-param-set", "other-config:pci=0/0000:06:00.0,", "0/0000:07:00.0", `uuid=${NAS}`)).toEqual(
      err("Unknown field '0/0000:07:00.0'\n"),
    );
    expect(otherConfigOf(dir, NAS)?.pci).toBe("0/0000:06:00.0,");
  });

  test("vm-param-set applies parameters in order and keeps the ones before a failure", () => {
    const dir = tempHost(profile);
    expect(xe(dir, "vm-param-set", `uuid=${TV}`, "name-label=Television", "bogus=1", "other-config:pci=0/0000:06:00.0")).toEqual(
      err("Unknown field 'bogus'\n"),
    );
    const tv = readSimState(dir).vms.find((vm) => vm.uuid === TV);
    expect(tv?.nameLabel).toBe("Television");
    expect(tv?.otherConfig.pci).toBeUndefined();
  });

  test("vm-param-set of affinity to the host and back to empty", () => {
    const dir = tempHost(profile);
    const host = xe(dir, "host-list", "--minimal").stdout.trim();
    expect(xe(dir, "vm-param-set", `uuid=${TV}`, `affinity=${host}`)).toEqual(ok());
    expect(xe(dir, "vm-param-get", `uuid=${TV}`, "param-name=affinity")).toEqual(ok(`${host}\n`));
    expect(xe(dir, "vm-param-set", `uuid=${TV}`, "affinity=")).toEqual(ok());
    expect(xe(dir, "vm-param-get", `uuid=${TV}`, "param-name=affinity")).toEqual(ok("<not in database>\n"));
  });

  test("vm-param-remove removes only the pci key", () => {
    const dir = tempHost(profile);
    xe(dir, "vm-param-set", `uuid=${NAS}`, "other-config:pci=0/0000:06:00.0");
    expect(xe(dir, "vm-param-remove", `uuid=${NAS}`, "param-name=other-config", "param-key=pci")).toEqual(ok());
    expect(otherConfigOf(dir, NAS)).toEqual(NAS_OTHER_CONFIG);
  });

  test("vm-param-clear wipes every key of other-config", () => {
    const dir = tempHost(profile);
    xe(dir, "vm-param-set", `uuid=${NAS}`, "other-config:pci=0/0000:06:00.0");
    expect(xe(dir, "vm-param-clear", "param-name=other-config", `uuid=${NAS}`)).toEqual(ok());
    expect(otherConfigOf(dir, NAS)).toEqual({});
  });

  test("an unknown VM uuid with vm-param-* is UUID_INVALID", () => {
    const dir = tempHost(profile);
    const bad = "00000000-0000-0000-0000-000000000000";
    const expected = err(`The uuid you supplied was invalid.\ntype: VM\nuuid: ${bad}\n`);
    expect(xe(dir, "vm-param-get", `uuid=${bad}`, "param-name=other-config")).toEqual(expected);
    expect(xe(dir, "vm-param-set", `uuid=${bad}`, "other-config:pci=0/0000:06:00.0")).toEqual(expected);
    expect(xe(dir, "vm-param-remove", `uuid=${bad}`, "param-name=other-config", "param-key=pci")).toEqual(expected);
    expect(xe(dir, "vm-param-clear", `uuid=${bad}`, "param-name=other-config")).toEqual(expected);
  });

  test("a missing required parameter names it and points to xe help", () => {
    const dir = tempHost(profile);
    expect(xe(dir, "vm-param-get", `uuid=${NAS}`)).toEqual(err("Required parameter not found: param-name\nFor usage run: 'xe help'\n"));
    expect(xe(dir, "vm-param-set", "other-config:pci=0/0000:06:00.0")).toEqual(err("Required parameter not found: uuid\nFor usage run: 'xe help'\n"));
  });

  test("an unknown command is refused with the usage line", () => {
    const dir = tempHost(profile);
    expect(xe(dir, "vm-frobnicate", `uuid=${GAMING}`)).toEqual(err("Unknown command: vm-frobnicate\nFor usage run: 'xe help'\n"));
  });
});

describe("vm-param-remove of an absent key", () => {
  test("xs62 does not name the key", () => {
    const dir = tempHost("xs62");
    expect(xe(dir, "vm-param-remove", `uuid=${NAS}`, "param-name=other-config", "param-key=pci")).toEqual(err("Key is not in map\n"));
  });

  test.each<Profile>(["xs82", "xcpng83"])("%s names the key", (profile) => {
    const dir = tempHost(profile);
    expect(xe(dir, "vm-param-remove", `uuid=${NAS}`, "param-name=other-config", "param-key=pci")).toEqual(err("Key pci is not in map\n"));
  });
});

describe("the xe call counter", () => {
  test("counts every call, failed ones included", () => {
    const dir = tempHost("xs62");
    xe(dir, "vm-list");
    xe(dir, "vm-frobnicate");
    xe(dir, "vm-param-get", `uuid=${NAS}`, "param-name=name-label");
    expect(readSimState(dir).xeCalls).toBe(3);
  });
});
