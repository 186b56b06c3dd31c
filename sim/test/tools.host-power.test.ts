import * as fs from "node:fs";
import * as path from "node:path";
import { defaultInventory, readHostState, readSimState, rebootHost, runTool, setRebootTimings, type Profile } from "../host";
import { updateHostState } from "../host/state-store";
import { sshdStarted, takePowerStep } from "../power/power-steps";
import { err, GAMING, NAS, ok, removeTempHosts, tempHost, TV, xe } from "./tools.fixture";

afterAll(removeTempHosts);

const HOST = "5f0c7a3e-2b9d-4e61-a8f4-1d6c93b0e27a";
const NOT_DISABLED = "This operation cannot be performed because the host is not disabled. Please disable the host and then try again.\n";
const STILL_BOOTING = "The host toolstack is still initialising. Please wait.\n";
const REFUSED = "Error: Connection refused (calling connect )\n";

function hostWord(profile: Profile): string {
  return profile === "xs62" ? "host" : "server";
}

function phase(dir: string): string {
  return readHostState(dir).power.phase;
}

function powerStates(dir: string): Record<string, string> {
  return Object.fromEntries(readSimState(dir).vms.map((vm) => [vm.nameLabel, vm.powerState]));
}

function otherConfigKey(dir: string, key: string): string {
  return xe(dir, "host-param-get", `uuid=${HOST}`, "param-name=other-config", `param-key=${key}`).stdout.trim();
}

/** Takes the autostart step that follows a reboot, as the xapi process would when it is due. */
function autostartStep(dir: string): void {
  const { autostartDue } = readHostState(dir).power;
  expect(autostartDue).toBeGreaterThan(0);
  expect(takePowerStep(dir, autostartDue)).toBeUndefined();
  expect(readHostState(dir).power.autostartDue).toBe(0);
}

/** Takes the reboot's steps as the xapi process would, each when it is due, until the host reaches `until`. */
function stepUntil(dir: string, until: string): void {
  for (let i = 0; i < 10 && phase(dir) !== until; i++) {
    const { due } = readHostState(dir).power;
    if (takePowerStep(dir, Math.max(Date.now(), due)) === "start-sshd") sshdStarted(dir, Date.now());
  }
  expect(phase(dir)).toBe(until);
}

function disabledHost(profile: Profile): string {
  const dir = tempHost(profile);
  expect(xe(dir, "host-disable", `uuid=${HOST}`)).toEqual(ok());
  return dir;
}

describe.each<Profile>(["xs62", "xs82", "xcpng83"])("host power commands on profile %s", (profile) => {
  test("the host record has enabled and other-config in xapi's field order, with the times xapi's start wrote", () => {
    const dir = tempHost(profile);
    expect(xe(dir, "host-list", "params=all").stdout.split("\n").map((l) => l.split(":")[0]?.trim())).toEqual([
      "uuid ( RO)",
      "name-label ( RW)",
      "name-description ( RW)",
      "enabled ( RO)",
      "other-config (MRW)",
      "chipset-info (MRO)",
      "hostname ( RO)",
      "address ( RO)",
      "",
      "",
      "",
    ]);
    expect(xe(dir, "host-param-get", `uuid=${HOST}`, "param-name=enabled")).toEqual(ok("true\n"));
    const map = xe(dir, "host-param-get", `uuid=${HOST}`, "param-name=other-config").stdout;
    expect(map).toMatch(/^agent_start_time: \d{10}\.; boot_time: \d{10}\.\n$/);
    const bootTime = otherConfigKey(dir, "boot_time");
    // Whole seconds on every version (dbsync_slave.ml get_start_time; 6.2 and 8.2 round through an ISO 8601 date).
    expect(bootTime).toMatch(/^\d{10}\.$/);
    expect(Math.abs(Number.parseFloat(bootTime) - Date.now() / 1000)).toBeLessThan(60);
    expect(xe(dir, "host-param-get", `uuid=${HOST}`, "param-name=other-config", "param-key=nope")).toEqual(err("Key nope not found in map\n"));
  });

  test("host-disable disables the host and leaves its VMs running; a second one changes nothing", () => {
    const dir = disabledHost(profile);
    expect(xe(dir, "host-list", "params=enabled", "--minimal")).toEqual(ok("false\n"));
    expect(xe(dir, "host-disable")).toEqual(ok());
    expect(readSimState(dir)).toMatchObject({ enabled: false, power: "up", boots: 0 });
    expect(powerStates(dir)).toEqual({ NAS: "running", Gaming: "running", TV: "halted" });
  });

  test("host-reboot of an enabled host is refused with HOST_NOT_DISABLED, running VMs or not", () => {
    const dir = tempHost(profile);
    expect(xe(dir, "host-reboot", `uuid=${HOST}`)).toEqual(err(NOT_DISABLED));
    expect(xe(dir, "host-reboot")).toEqual(err(NOT_DISABLED));
    expect(phase(dir)).toBe("up");
  });

  test("host-reboot of a disabled host returns at once with nothing printed; VMs still run until the shutdown begins", () => {
    const dir = disabledHost(profile);
    expect(xe(dir, "host-reboot", "host=xenserver-home")).toEqual(ok());
    expect(readHostState(dir).power.phase).toBe("reboot-pending");
    expect(readHostState(dir).power.due - Date.now()).toBeGreaterThan(500);
    expect(powerStates(dir)).toEqual({ NAS: "running", Gaming: "running", TV: "halted" });
    expect(xe(dir, "vm-list", "params=uuid", "--minimal").exitCode).toBe(0);
  });

  test("host selectors: an unknown host matches nothing", () => {
    const dir = disabledHost(profile);
    expect(xe(dir, "host-reboot", "uuid=00000000-0000-0000-0000-000000000000")).toEqual(err("No matching hosts found\n"));
    expect(xe(dir, "host-enable", "host=elsewhere")).toEqual(err("No matching hosts found\n"));
  });

  test("host-evacuate of a single host fails before moving anything: no other host is enabled", () => {
    const dir = tempHost(profile);
    expect(xe(dir, "host-evacuate", `uuid=${HOST}`)).toEqual(
      err(`There were no ${hostWord(profile)}s available to complete the specified operation.\n<extra>: ${NAS} (NAS)\n`),
    );
    expect(powerStates(dir)).toEqual({ NAS: "running", Gaming: "running", TV: "halted" });
  });

  test("host-evacuate of a host without guests succeeds", () => {
    const dir = tempHost(profile);
    expect(xe(dir, "vm-shutdown", `uuid=${NAS}`)).toEqual(ok());
    expect(xe(dir, "vm-shutdown", `uuid=${GAMING}`, "--force")).toEqual(ok());
    expect(xe(dir, "host-evacuate", `uuid=${HOST}`)).toEqual(ok());
  });

  test("the reboot: clean shutdowns, a hard one after the deadline, dom0 down, xe refused while xapi starts, HOST_STILL_BOOTING, then enabled", () => {
    const dir = disabledHost(profile);
    const before = { boot: otherConfigKey(dir, "boot_time"), agent: otherConfigKey(dir, "agent_start_time") };
    expect(xe(dir, "host-reboot")).toEqual(ok());
    stepUntil(dir, "clearing");
    // The guest without PV drivers ignores the clean shutdown until the deadline.
    expect(powerStates(dir)).toEqual({ NAS: "halted", Gaming: "running", TV: "halted" });
    expect(xe(dir, "vm-list", "params=uuid", "--minimal").exitCode).toBe(0);
    stepUntil(dir, "down");
    expect(powerStates(dir)).toEqual({ NAS: "halted", Gaming: "halted", TV: "halted" });
    expect(xe(dir, "vm-list")).toEqual(err(REFUSED));
    stepUntil(dir, "xapi-starting");
    expect(readSimState(dir)).toMatchObject({ boots: 1, enabled: false, power: "xapi-starting" });
    expect(xe(dir, "host-enable")).toEqual(err(REFUSED));
    stepUntil(dir, "xapi-initialising");
    expect(xe(dir, "host-enable")).toEqual(err(STILL_BOOTING));
    expect(xe(dir, "host-list", "params=enabled", "--minimal")).toEqual(ok("false\n"));
    expect(otherConfigKey(dir, "boot_time")).not.toBe(before.boot);
    expect(Number.parseFloat(otherConfigKey(dir, "agent_start_time"))).toBeGreaterThan(Number.parseFloat(before.agent));
    stepUntil(dir, "up");
    expect(readSimState(dir)).toMatchObject({ boots: 1, enabled: true, power: "up" });
    expect(xe(dir, "host-list", "params=enabled", "--minimal")).toEqual(ok("true\n"));
    expect(powerStates(dir)).toEqual({ NAS: "halted", Gaming: "halted", TV: "halted" });
  });

  test("without a guest that ignores its clean shutdown, the shutdown goes straight to dom0 going down", () => {
    const dir = disabledHost(profile);
    expect(xe(dir, "vm-shutdown", `uuid=${GAMING}`, "--force")).toEqual(ok());
    expect(xe(dir, "host-reboot")).toEqual(ok());
    const { due } = readHostState(dir).power;
    expect(takePowerStep(dir, due)).toBe("stop-sshd");
    expect(phase(dir)).toBe("down");
    expect(powerStates(dir).NAS).toBe("halted");
  });

  test("the boot applies the boot config as a power cycle does", () => {
    const dir = disabledHost(profile);
    const key = profile === "xs62" ? "pciback.hide" : "xen-pciback.hide";
    if (profile === "xs62") {
      const conf = readSimState(dir).bootConfig.replace(/( splash)( --- \/boot\/initrd)/g, `$1 ${key}=(0000:06:00.0)$2`);
      fs.writeFileSync(path.join(dir, "root/boot/extlinux.conf"), conf);
    } else {
      expect(runTool(dir, "xen-cmdline", ["--set-dom0", `${key}=(0000:06:00.0)`]).exitCode).toBe(0);
    }
    expect(xe(dir, "host-reboot")).toEqual(ok());
    stepUntil(dir, "up");
    const state = readSimState(dir);
    expect(state.cmdline).toContain(`${key}=(0000:06:00.0)`);
    expect(state.pcis.find((p) => p.address === "0000:06:00.0")?.driver).toBe("pciback");
  });

  test("host-param-set and host-param-remove edit the host's other-config", () => {
    const dir = tempHost(profile);
    expect(xe(dir, "host-param-set", `uuid=${HOST}`, "other-config:MAINTENANCE_MODE=true")).toEqual(ok());
    expect(otherConfigKey(dir, "MAINTENANCE_MODE")).toBe("true");
    expect(xe(dir, "host-param-remove", `uuid=${HOST}`, "param-name=other-config", "param-key=MAINTENANCE_MODE")).toEqual(ok());
    expect(xe(dir, "host-param-get", `uuid=${HOST}`, "param-name=other-config", "param-key=MAINTENANCE_MODE")).toEqual(
      err("Key MAINTENANCE_MODE not found in map\n"),
    );
  });

  test("host-enable drops MAINTENANCE_MODE and enables a disabled host", () => {
    const dir = disabledHost(profile);
    expect(xe(dir, "host-param-set", `uuid=${HOST}`, "other-config:MAINTENANCE_MODE=true")).toEqual(ok());
    expect(xe(dir, "host-enable", `uuid=${HOST}`)).toEqual(ok());
    expect(readSimState(dir).enabled).toBe(true);
    expect(xe(dir, "host-param-get", `uuid=${HOST}`, "param-name=other-config", "param-key=MAINTENANCE_MODE").exitCode).toBe(1);
    expect(xe(dir, "host-enable", `uuid=${HOST}`)).toEqual(ok());
  });

  test("a power cycle counts a boot and rewrites boot_time, and is refused during a reboot through xapi", () => {
    const dir = tempHost(profile);
    const bootTime = otherConfigKey(dir, "boot_time");
    rebootHost(dir);
    expect(readSimState(dir)).toMatchObject({ boots: 1, enabled: true, power: "up" });
    expect(otherConfigKey(dir, "boot_time")).not.toBe(bootTime);
    expect(xe(dir, "host-disable")).toEqual(ok());
    expect(xe(dir, "host-reboot")).toEqual(ok());
    expect(() => {
      rebootHost(dir);
    }).toThrow(`Unable to reboot the simulated host in ${dir}: a reboot through xapi is under way (reboot-pending); wait until the host is up.`);
  });
});

describe("host-enable after host-reboot", () => {
  test("xs62 marks the host disabled until its reboot at once: HOST_DISABLED_UNTIL_REBOOT without the host", () => {
    const dir = disabledHost("xs62");
    expect(xe(dir, "host-reboot")).toEqual(ok());
    expect(xe(dir, "host-enable")).toEqual(
      err("The specified host is disabled and cannot be re-enabled until after it has rebooted.\nhost: <unknown>\n"),
    );
    stepUntil(dir, "clearing");
    expect(xe(dir, "host-enable", `uuid=${HOST}`).stderr).toContain("cannot be re-enabled until after it has rebooted");
    stepUntil(dir, "up");
    expect(readSimState(dir).enabled).toBe(true);
  });

  test.each<Profile>(["xs82", "xcpng83"])("%s sets it only when the shutdown has cleared the host: before, host-enable works and the reboot goes on", (profile) => {
    const dir = disabledHost(profile);
    expect(xe(dir, "host-reboot")).toEqual(ok());
    expect(xe(dir, "host-enable")).toEqual(ok());
    expect(readSimState(dir)).toMatchObject({ enabled: true, power: "reboot-pending" });
    stepUntil(dir, "down");
    expect(readHostState(dir).disabledUntilReboot).toBe(true);
    stepUntil(dir, "up");
    expect(readHostState(dir)).toMatchObject({ disabledUntilReboot: false, enabled: true, boots: 1 });
  });
});

describe("host-disable auto-enable=false", () => {
  test("xcpng83 keeps the host disabled after the boot until host-enable", () => {
    const dir = tempHost("xcpng83");
    expect(xe(dir, "host-disable", "auto-enable=false")).toEqual(ok());
    expect(xe(dir, "host-reboot")).toEqual(ok());
    stepUntil(dir, "up");
    expect(readSimState(dir)).toMatchObject({ enabled: false, boots: 1 });
    expect(xe(dir, "host-enable")).toEqual(ok());
    expect(readSimState(dir).enabled).toBe(true);
  });

  test("xcpng83 refuses a value that is not a boolean, before any host changes", () => {
    const dir = tempHost("xcpng83");
    expect(xe(dir, "host-disable", "auto-enable=maybe")).toEqual(
      err("Error: Failed to parse parameter 'auto-enable': Expected 'true','t','yes','y','1','false','f','no','n','0' got maybe\n"),
    );
    expect(readSimState(dir).enabled).toBe(true);
  });

  test.each<Profile>(["xs62", "xs82"])("%s reads it as a filter on a field hosts lack: Unknown field, and the host stays enabled", (profile) => {
    const dir = tempHost(profile);
    // cli_operations.ml host_disable: no parameter of its own before xapi 25.31, so get_field_type fails.
    expect(xe(dir, "host-disable", "auto-enable=false")).toEqual(err("Unknown field 'auto-enable'\n"));
    expect(readSimState(dir).enabled).toBe(true);
  });
});

describe.each<Profile>(["xs62", "xcpng83"])("the pool object and auto power-on on profile %s", (profile) => {
  test("pool-list prints the one pool, master first among its fields; pool-param-set writes its other-config", () => {
    const dir = tempHost(profile);
    const uuid = xe(dir, "pool-list", "--minimal").stdout.trim();
    expect(uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(xe(dir, "pool-list", "params=master", "--minimal")).toEqual(ok(`${HOST}\n`));
    expect(xe(dir, "pool-param-set", `uuid=${uuid}`, "other-config:auto_poweron=true")).toEqual(ok());
    expect(xe(dir, "pool-param-get", `uuid=${uuid}`, "param-name=other-config", "param-key=auto_poweron")).toEqual(ok("true\n"));
    expect(xe(dir, "pool-list", "params=uuid", "other-config:auto_poweron=true", "--minimal")).toEqual(ok(`${uuid}\n`));
    expect(xe(dir, "pool-param-remove", `uuid=${uuid}`, "param-name=other-config", "param-key=auto_poweron")).toEqual(ok());
    expect(xe(dir, "pool-param-get", "uuid=nope", "param-name=other-config")).toEqual(err("The uuid you supplied was invalid.\ntype: pool\nuuid: nope\n"));
  });

  test("after the boot the VMs marked auto_poweron start when the pool's auto_poweron is true", () => {
    const dir = disabledHost(profile);
    const pool = xe(dir, "pool-list", "--minimal").stdout.trim();
    xe(dir, "pool-param-set", `uuid=${pool}`, "other-config:auto_poweron=true");
    xe(dir, "vm-param-set", `uuid=${TV}`, "other-config:auto_poweron=true");
    xe(dir, "vm-param-set", `uuid=${GAMING}`, "other-config:auto_poweron=true");
    xe(dir, "vm-param-set", `uuid=${NAS}`, "other-config:auto_poweron=True");
    expect(xe(dir, "host-reboot")).toEqual(ok());
    stepUntil(dir, "xapi-initialising");
    expect(powerStates(dir)).toEqual({ NAS: "halted", Gaming: "halted", TV: "halted" });
    stepUntil(dir, "up");
    // The autostart is a later step of its own: the host is up and enabled, its VMs still halted.
    expect(readSimState(dir)).toMatchObject({ enabled: true, power: "up" });
    expect(powerStates(dir)).toEqual({ NAS: "halted", Gaming: "halted", TV: "halted" });
    autostartStep(dir);
    expect(powerStates(dir)).toEqual({ NAS: "halted", Gaming: "running", TV: "running" });
  });

  test("a VM that cannot start is left halted and the others still start", () => {
    const dir = disabledHost(profile);
    const pool = xe(dir, "pool-list", "--minimal").stdout.trim();
    xe(dir, "pool-param-set", `uuid=${pool}`, "other-config:auto_poweron=true");
    xe(dir, "vm-param-set", `uuid=${NAS}`, "other-config:auto_poweron=true", "other-config:pci=0/0000:0a:00.0");
    xe(dir, "vm-param-set", `uuid=${TV}`, "other-config:auto_poweron=true");
    expect(xe(dir, "host-reboot")).toEqual(ok());
    stepUntil(dir, "up");
    autostartStep(dir);
    expect(powerStates(dir)).toEqual({ NAS: "halted", Gaming: "halted", TV: "running" });
  });

  test("without the pool's key nothing starts, and a power cycle starts them too", () => {
    const dir = disabledHost(profile);
    xe(dir, "vm-param-set", `uuid=${TV}`, "other-config:auto_poweron=true");
    expect(xe(dir, "host-reboot")).toEqual(ok());
    stepUntil(dir, "up");
    expect(powerStates(dir).TV).toBe("halted");
    const pool = xe(dir, "pool-list", "--minimal").stdout.trim();
    xe(dir, "pool-param-set", `uuid=${pool}`, "other-config:auto_poweron=true");
    rebootHost(dir);
    expect(powerStates(dir).TV).toBe("running");
  });
});

describe.each<Profile>(["xs62", "xs82", "xcpng83"])("a second host-reboot on profile %s", (profile) => {
  test("is OTHER_OPERATION_IN_PROGRESS (operation shutdown) until xapi starts again, even once the host is enabled", () => {
    const dir = disabledHost(profile);
    expect(xe(dir, "host-reboot")).toEqual(ok());
    const task = readHostState(dir).power.task;
    const tail = profile === "xcpng83" ? `operation_type: shutdown\noperation_ref: ${task} (Host is rebooting)\n` : "<extra>: shutdown\n";
    const refusal = err(`Another operation involving the object is currently in progress\nclass: host\nobject: ${HOST} (xenserver-home)\n${tail}`);
    expect(xe(dir, "host-reboot", `uuid=${HOST}`)).toEqual(refusal);
    stepUntil(dir, "clearing");
    expect(xe(dir, "host-reboot")).toEqual(refusal);
    stepUntil(dir, "xapi-initialising");
    expect(readHostState(dir).power.task).toBe("");
    expect(xe(dir, "host-reboot")).toEqual(ok());
    expect(readHostState(dir).power).toMatchObject({ phase: "reboot-pending" });
  });
});

describe("HOST_DISABLED_UNTIL_REBOOT's parameter, by version (xapi_host.ml assert_safe_to_reenable)", () => {
  test.each<[Profile, string]>([
    ["xs62", "The specified host is disabled and cannot be re-enabled until after it has rebooted.\nhost: <unknown>\n"],
    ["xs82", "The specified server is disabled and cannot be re-enabled until after it has rebooted.\nhost: <unknown>\n"],
    ["xcpng83", `The specified server is disabled and cannot be re-enabled until after it has rebooted.\nhost: ${HOST} (xenserver-home)\n`],
  ])("%s", (profile, text) => {
    const dir = disabledHost(profile);
    // Later versions set the flag at the end of the shutdown's clearing, just before dom0 goes down: set it by hand to read the text.
    updateHostState(dir, (state) => {
      state.disabledUntilReboot = true;
    });
    expect(xe(dir, "host-enable")).toEqual(err(text));
  });
});

describe.each<Profile>(["xs62", "xs82", "xcpng83"])("boot times and power history on profile %s", (profile) => {
  test("every boot is at least 2 s after the one before, and boot_time is whole seconds", () => {
    const dir = tempHost(profile);
    const first = readHostState(dir).power.bootedAt;
    rebootHost(dir);
    rebootHost(dir);
    const { bootedAt } = readHostState(dir).power;
    expect(bootedAt - first).toBeGreaterThanOrEqual(4000);
    expect(otherConfigKey(dir, "boot_time")).toBe(`${Math.floor(bootedAt / 1000)}.`);
  });

  test("powerHistory records every phase change of a reboot through xapi, the return to up included", () => {
    const dir = disabledHost(profile);
    expect(readSimState(dir).powerHistory).toEqual([]);
    expect(xe(dir, "host-reboot")).toEqual(ok());
    stepUntil(dir, "up");
    const history = readSimState(dir).powerHistory;
    expect(history.map((t) => t.phase)).toEqual(["reboot-pending", "clearing", "down", "booting", "xapi-starting", "xapi-initialising", "up"]);
    expect(history.every((t) => Number.isInteger(t.at) && t.at > 0)).toBe(true);
    rebootHost(dir);
    expect(readSimState(dir).powerHistory.slice(-2).map((t) => t.phase)).toEqual(["down", "up"]);
  });

  test("powerHistory keeps the last 200 transitions", () => {
    const dir = tempHost(profile);
    for (let i = 0; i < 101; i += 1) rebootHost(dir);
    const history = readSimState(dir).powerHistory;
    // 202 transitions, down and up per power cycle: the first cycle's two are gone.
    expect(history).toHaveLength(200);
    expect([history[0]?.phase, history.at(-1)?.phase]).toEqual(["down", "up"]);
    expect(readSimState(dir).boots).toBe(101);
  });
});

describe.each<Profile>(["xs62", "xs82", "xcpng83"])("the autostart step on profile %s", (profile) => {
  test("runs autostartDelayMs after the host is enabled; a host going down before it runs forgets it", () => {
    const dir = disabledHost(profile);
    setRebootTimings(dir, { autostartDelayMs: 5000 });
    const pool = xe(dir, "pool-list", "--minimal").stdout.trim();
    xe(dir, "pool-param-set", `uuid=${pool}`, "other-config:auto_poweron=true");
    xe(dir, "vm-param-set", `uuid=${TV}`, "other-config:auto_poweron=true");
    expect(xe(dir, "host-reboot")).toEqual(ok());
    stepUntil(dir, "up");
    const { autostartDue } = readHostState(dir).power;
    const upAt = readSimState(dir).powerHistory.at(-1)?.at ?? 0;
    expect(autostartDue - upAt).toBe(5000);
    expect(takePowerStep(dir, autostartDue - 1)).toBeUndefined();
    expect(powerStates(dir).TV).toBe("halted");
    expect(xe(dir, "host-disable")).toEqual(ok());
    expect(xe(dir, "host-reboot")).toEqual(ok());
    stepUntil(dir, "xapi-starting");
    expect(readHostState(dir).power.autostartDue).toBe(0);
    stepUntil(dir, "up");
    autostartStep(dir);
    expect(powerStates(dir).TV).toBe("running");
  });

  test("a VM no host can take stays halted and the others start: the start's rules hold for the autostart too", () => {
    const inventory = defaultInventory(profile);
    inventory.vms = inventory.vms.map((vm) => (vm.uuid === TV ? { ...vm, memoryMiB: 100_000 } : vm));
    const dir = tempHost(profile, inventory);
    expect(xe(dir, "vm-shutdown", `uuid=${NAS}`)).toEqual(ok());
    const pool = xe(dir, "pool-list", "--minimal").stdout.trim();
    xe(dir, "pool-param-set", `uuid=${pool}`, "other-config:auto_poweron=true");
    for (const vm of [TV, NAS]) xe(dir, "vm-param-set", `uuid=${vm}`, "other-config:auto_poweron=true");
    expect(xe(dir, "vm-start", `uuid=${TV}`)).toEqual(err(`${profile === "xs62" ? "Not enough host memory is available to perform this operation" : "Not enough server memory is available to perform this operation."}\nneeded: 104857600000\navailable: 67645734912\n`));
    expect(xe(dir, "host-disable")).toEqual(ok());
    expect(xe(dir, "host-reboot")).toEqual(ok());
    stepUntil(dir, "up");
    autostartStep(dir);
    expect(powerStates(dir)).toEqual({ NAS: "running", Gaming: "halted", TV: "halted" });
  });
});

describe.each<Profile>(["xs62", "xs82", "xcpng83"])("a host alone on profile %s", (profile) => {
  test("pool-list shows ha-enabled false; vm-start on the disabled host is HOST_DISABLED, without on= NO_HOSTS_AVAILABLE with the report", () => {
    const dir = disabledHost(profile);
    expect(xe(dir, "pool-list", "params=ha-enabled", "--minimal")).toEqual(ok("false\n"));
    expect(xe(dir, "pool-list", "params=all").stdout.split("\n").slice(-4)).toEqual(["          ha-enabled ( RO): false", "", "", ""]);
    expect(xe(dir, "vm-start", `uuid=${TV}`, "on=xenserver-home")).toEqual(err(`The specified ${hostWord(profile)} is disabled.\nhost: ${HOST} (xenserver-home)\n`));
    expect(xe(dir, "vm-start", `uuid=${TV}`)).toEqual({
      stdout:
        "There are no suitable hosts to start this VM on.\nThe following table provides per-host reasons for why the VM could not be started:\n\n" +
        "xenserver-home    : Cannot start here [Host disabled (use 'xe host-enable' to re-enable)]\n\n\n",
      stderr: `There were no ${hostWord(profile)}s available to complete the specified operation.\n`,
      exitCode: 1,
    });
  });
});
