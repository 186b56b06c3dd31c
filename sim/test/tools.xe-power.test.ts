import { readSimState, rebootHost, runTool, type Profile } from "../host";
import { err, GAMING, NAS, ok, removeTempHosts, tempHost, TV, xe } from "./tools.fixture";

afterAll(removeTempHosts);

/** INTERNAL_ERROR's description: two spaces between its sentences on 6.2. */
function internal(profile: Profile): string {
  const gap = profile === "xs62" ? "  " : " ";
  return `The server failed to handle your request, due to an internal error.${gap}The given message may give details useful for debugging the problem.\n`;
}

function badPowerState(gap: string, vm: string, expected: string, actual: string): string {
  return (
    `You attempted an operation on a VM that was not in an appropriate power state at the time; for example, you attempted to start a VM that was already running.${gap}` +
    "The parameters returned are the VM's handle, and the expected and actual VM state at the time of the call.\n" +
    `vm: ${vm}\nexpected: ${expected}\nactual: ${actual}\n`
  );
}

function vmState(dir: string, uuid: string): { powerState: string; attachedDevices: string[] } | undefined {
  const vm = readSimState(dir).vms.find((v) => v.uuid === uuid);
  return vm === undefined ? undefined : { powerState: vm.powerState, attachedDevices: vm.attachedDevices };
}

function driverOf(dir: string, address: string): string | undefined {
  return readSimState(dir).pcis.find((p) => p.address === address)?.driver;
}

describe.each<Profile>(["xs62", "xs82", "xcpng83"])("VM power operations on profile %s", (profile) => {
  test("vm-start attaches the devices in xapi's order and publishes them in xenstore", () => {
    const dir = tempHost(profile);
    xe(dir, "vm-param-set", `uuid=${TV}`, "other-config:pci=0/0000:06:00.0,0/0000:07:00.0,1/0000:07:00.1");
    expect(xe(dir, "vm-start", `uuid=${TV}`)).toEqual(ok());
    expect(vmState(dir, TV)).toEqual({ powerState: "running", attachedDevices: ["0000:07:00.0", "0000:06:00.0", "0000:07:00.1"] });
    expect(xe(dir, "vm-list", `uuid=${TV}`, "params=dom-id", "--minimal")).toEqual(ok("3\n"));
    expect(runTool(dir, "xenstore-read", ["/local/domain/0/backend/pci/3/0/dev-1"])).toEqual(ok("0000:06:00.0\n"));
    expect(runTool(dir, "xenstore-ls", ["/local/domain/0/backend/pci/3"])).toEqual(
      ok(
        [
          '0 = ""',
          ' dev-0 = "0000:07:00.0"',
          ' dev-1 = "0000:06:00.0"',
          ' dev-2 = "0000:07:00.1"',
          ' domain = "TV"',
          ' frontend = "/local/domain/3/device/pci/0"',
          ' frontend-id = "3"',
          ' key-0 = "0000:07:00.0"',
          ' key-1 = "0000:06:00.0"',
          ' key-2 = "0000:07:00.1"',
          ' num_devs = "3"',
          ' online = "1"',
          ' opts-0 = "msitranslate=0,power_mgmt=0"',
          ' opts-1 = "msitranslate=0,power_mgmt=0"',
          ' opts-2 = "msitranslate=0,power_mgmt=0"',
          ' state = "4"',
          ' state-0 = "1"',
          ' state-1 = "1"',
          ' state-2 = "1"',
          ' vdev-0 = "0000:00:01.0"',
          ' vdev-1 = "0000:00:02.0"',
          ' vdev-2 = "0000:00:03.0"',
          "",
        ].join("\n"),
      ),
    );
    expect(driverOf(dir, "0000:06:00.0")).toBe("pciback");
  });

  test("a pci key whose pieces are all dropped still starts the VM, with nothing attached", () => {
    const dir = tempHost(profile);
    xe(dir, "vm-param-set", `uuid=${TV}`, "other-config:pci=06:00.0");
    expect(xe(dir, "vm-start", `uuid=${TV}`)).toEqual(ok());
    expect(vmState(dir, TV)).toEqual({ powerState: "running", attachedDevices: [] });
    expect(runTool(dir, "xenstore-ls", ["/local/domain/0/backend/pci/3"])).toEqual(
      err("xenstore-ls: xs_directory (/local/domain/0/backend/pci/3): No such file or directory\n"),
    );
  });

  test("a device attached to another running VM fails the start with xenopsd's internal error", () => {
    const dir = tempHost(profile);
    xe(dir, "vm-param-set", `uuid=${NAS}`, "other-config:pci=0/0000:06:00.0");
    xe(dir, "vm-shutdown", `uuid=${NAS}`);
    xe(dir, "vm-start", `uuid=${NAS}`);
    xe(dir, "vm-param-set", `uuid=${TV}`, "other-config:pci=0/0000:06:00.0");
    expect(xe(dir, "vm-start", `uuid=${TV}`)).toEqual(
      err(`${internal(profile)}message: xenopsd internal error: Cannot_add(0000:06:00.0, Xenctrl.Error("16: Device or resource busy"))\n`),
    );
    expect(vmState(dir, TV)).toEqual({ powerState: "halted", attachedDevices: [] });
    expect(vmState(dir, NAS)).toEqual({ powerState: "running", attachedDevices: ["0000:06:00.0"] });
  });

  test("vm-start of a running VM is VM_BAD_POWER_STATE", () => {
    const dir = tempHost(profile);
    const gap = profile === "xs62" ? "  " : " ";
    expect(xe(dir, "vm-start", `uuid=${NAS}`)).toEqual(err(badPowerState(gap, `${NAS} (NAS)`, "halted", "running")));
  });

  test("vm-shutdown and vm-reboot of a halted VM are VM_BAD_POWER_STATE", () => {
    const dir = tempHost(profile);
    const gap = profile === "xs62" ? "  " : " ";
    expect(xe(dir, "vm-shutdown", `uuid=${TV}`)).toEqual(err(badPowerState(gap, `${TV} (TV)`, "running", "halted")));
    expect(xe(dir, "vm-reboot", `uuid=${TV}`)).toEqual(err(badPowerState(gap, `${TV} (TV)`, "running", "halted")));
  });

  test("an unknown VM uuid with vm-start, vm-shutdown and vm-reboot finds no VM", () => {
    const dir = tempHost(profile);
    const bad = "uuid=00000000-0000-0000-0000-000000000000";
    for (const command of ["vm-start", "vm-shutdown", "vm-reboot"]) expect(xe(dir, command, bad)).toEqual(err("No matching VMs found\n"));
  });

  test("a forced shutdown of the HVM guest without PV drivers works and releases its domain", () => {
    const dir = tempHost(profile);
    expect(xe(dir, "vm-shutdown", `uuid=${GAMING}`, "--force")).toEqual(ok());
    expect(vmState(dir, GAMING)).toEqual({ powerState: "halted", attachedDevices: [] });
    expect(xe(dir, "vm-list", `uuid=${GAMING}`, "params=dom-id", "--minimal")).toEqual(ok("-1\n"));
    expect(runTool(dir, "xenstore-ls", ["/local/domain/2"])).toEqual(err("xenstore-ls: xs_directory (/local/domain/2): No such file or directory\n"));
  });

  test("a shutdown returns a device that is not hidden to its dom0 driver", () => {
    const dir = tempHost(profile);
    xe(dir, "vm-param-set", `uuid=${TV}`, "other-config:pci=0/0000:06:00.0");
    xe(dir, "vm-start", `uuid=${TV}`);
    expect(xe(dir, "vm-shutdown", `uuid=${TV}`)).toEqual(ok());
    expect(driverOf(dir, "0000:06:00.0")).toBe("atl1c");
  });

  test("a reboot keeps the devices of the old domain: a changed pci key needs a cold boot", () => {
    const dir = tempHost(profile);
    xe(dir, "vm-param-set", `uuid=${NAS}`, "other-config:pci=0/0000:06:00.0");
    xe(dir, "vm-shutdown", `uuid=${NAS}`);
    xe(dir, "vm-start", `uuid=${NAS}`);
    xe(dir, "vm-param-set", `uuid=${NAS}`, "other-config:pci=0/0000:01:00.0");
    expect(xe(dir, "vm-reboot", `uuid=${NAS}`)).toEqual(ok());
    expect(vmState(dir, NAS)).toEqual({ powerState: "running", attachedDevices: ["0000:06:00.0"] });
    expect(xe(dir, "vm-list", `uuid=${NAS}`, "params=dom-id", "--minimal")).toEqual(ok("4\n"));
    xe(dir, "vm-shutdown", `uuid=${NAS}`);
    xe(dir, "vm-start", `uuid=${NAS}`);
    expect(vmState(dir, NAS)).toEqual({ powerState: "running", attachedDevices: ["0000:01:00.0"] });
  });

  test("vm-start on= a host outside the pool is the CLI's Host … not found and on= this host starts", () => {
    const dir = tempHost(profile);
    const host = xe(dir, "host-list", "params=uuid", "--minimal").stdout.trim();
    expect(xe(dir, "vm-start", `uuid=${TV}`, "on=11111111-2222-3333-4444-555555555555")).toEqual(
      // cli_operations.ml vm_start resolves on= with get_host_by_name_or_id (name-label or uuid).
      err("Host 11111111-2222-3333-4444-555555555555 not found\n"),
    );
    expect(xe(dir, "vm-start", `uuid=${TV}`, `on=${host}`)).toEqual(ok());
  });
});

describe("clean shutdown of an HVM guest without PV drivers", () => {
  test("xs62 refuses with VM_MISSING_PV_DRIVERS", () => {
    const dir = tempHost("xs62");
    const expected = err(
      `You attempted an operation on a VM which requires PV drivers to be installed but the drivers were not detected.\nvm: ${GAMING} (Gaming)\n`,
    );
    expect(xe(dir, "vm-shutdown", `uuid=${GAMING}`)).toEqual(expected);
    expect(xe(dir, "vm-reboot", `uuid=${GAMING}`)).toEqual(expected);
    expect(vmState(dir, GAMING)?.powerState).toBe("running");
  });

  test.each<Profile>(["xs82", "xcpng83"])("%s refuses with VM_LACKS_FEATURE", (profile) => {
    const dir = tempHost(profile);
    expect(xe(dir, "vm-shutdown", `uuid=${GAMING}`)).toEqual(err(`You attempted an operation on a VM which lacks the feature.\nvm: ${GAMING} (Gaming)\n`));
  });
});

describe("host reboot", () => {
  test("halts every guest, clears the PCI backends and restarts dom-id numbering", () => {
    const dir = tempHost("xs62");
    xe(dir, "vm-param-set", `uuid=${TV}`, "other-config:pci=0/0000:06:00.0");
    xe(dir, "vm-start", `uuid=${TV}`);
    rebootHost(dir);
    const state = readSimState(dir);
    expect(state.vms.map((vm) => [vm.nameLabel, vm.powerState, vm.attachedDevices])).toEqual([
      ["NAS", "halted", []],
      ["Gaming", "halted", []],
      ["TV", "halted", []],
    ]);
    expect(runTool(dir, "xenstore-ls", ["/local/domain/0/backend/pci"])).toEqual(
      err("xenstore-ls: xs_directory (/local/domain/0/backend/pci): No such file or directory\n"),
    );
    expect(driverOf(dir, "0000:06:00.0")).toBe("atl1c");
    xe(dir, "vm-start", `uuid=${TV}`);
    expect(xe(dir, "vm-list", `uuid=${TV}`, "params=dom-id", "--minimal")).toEqual(ok("1\n"));
  });
});
