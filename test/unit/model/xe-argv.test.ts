import { ValidationError } from "../../../provider/errors";
import {
  dom0AccessArgv,
  evacuationBlockersArgv,
  getPciKeyArgv,
  poolRecordArgv,
  removeHostOtherConfigArgv,
  setHostOtherConfigArgv,
  hostListArgv,
  pciUuidArgv,
  listGuestsArgv,
  setAffinityArgv,
  setVmParamsArgv,
  vmRecordArgv,
  pciListArgv,
  removePciKeyArgv,
  setPciKeyArgv,
  vmAffinityAndOtherConfigArgv,
  vmParamArgv,
  vmShutdownArgv,
  vmStartArgv,
} from "../../../provider/model/xe-argv";

const VM = "db4c64e1-44ce-f9f3-3236-0d86df260249";
const HOST = "6f1b1b0e-8a4c-4f1e-9d1a-5b1f4d7e2c3a";

describe("xe argv builders", () => {
  it.each<[string, string[], string[]]>([
    ["power state", vmParamArgv(VM, "power-state"), ["xe", "vm-list", `uuid=${VM}`, "params=power-state", "--minimal"]],
    ["name", vmParamArgv(VM, "name-label"), ["xe", "vm-list", `uuid=${VM}`, "params=name-label", "--minimal"]],
    ["dom-id", vmParamArgv(VM, "dom-id"), ["xe", "vm-list", `uuid=${VM}`, "params=dom-id", "--minimal"]],
    ["affinity and other-config in one record", vmAffinityAndOtherConfigArgv(VM), ["xe", "vm-list", `uuid=${VM}`, "params=affinity,other-config"]],
    ["pci key read", getPciKeyArgv(VM), ["xe", "vm-param-get", `uuid=${VM}`, "param-name=other-config", "param-key=pci"]],
    [
      "pci key write",
      setPciKeyArgv(VM, "0/0000:01:00.0,1/0000:06:00.0"),
      ["xe", "vm-param-set", `uuid=${VM}`, "other-config:pci=0/0000:01:00.0,1/0000:06:00.0"],
    ],
    ["pci key removal", removePciKeyArgv(VM), ["xe", "vm-param-remove", `uuid=${VM}`, "param-name=other-config", "param-key=pci"]],
    ["guest list", listGuestsArgv(), ["xe", "vm-list", "is-control-domain=false", "params=uuid,name-label,power-state,dom-id,other-config,resident-on,affinity"]],
    ["one VM's record", vmRecordArgv(VM), ["xe", "vm-list", `uuid=${VM}`, "params=uuid,name-label,power-state,dom-id,resident-on,affinity"]],
    ["the pool's hosts", hostListArgv(), ["xe", "host-list", "params=uuid,name-label,chipset-info"]],
    ["this host's PCI object", pciUuidArgv("06:00.0", HOST), ["xe", "pci-list", "pci-id=0000:06:00.0", `host-uuid=${HOST}`, "params=uuid", "--minimal"]],
    ["pin to a host", setAffinityArgv(VM, HOST), ["xe", "vm-param-set", `uuid=${VM}`, `affinity=${HOST}`]],
    ["clear the affinity", setAffinityArgv(VM, ""), ["xe", "vm-param-set", `uuid=${VM}`, "affinity="]],
    ["pin and key in one call, the pin first", setVmParamsArgv(VM, { affinity: HOST, pciValue: "0/0000:06:00.0" }), ["xe", "vm-param-set", `uuid=${VM}`, `affinity=${HOST}`, "other-config:pci=0/0000:06:00.0"]],
    ["unpin and key in one call", setVmParamsArgv(VM, { affinity: "", pciValue: "0/0000:06:00.0" }), ["xe", "vm-param-set", `uuid=${VM}`, "affinity=", "other-config:pci=0/0000:06:00.0"]],
    ["the key alone", setVmParamsArgv(VM, { pciValue: "0/0000:06:00.0" }), ["xe", "vm-param-set", `uuid=${VM}`, "other-config:pci=0/0000:06:00.0"]],
    ["clean shutdown", vmShutdownArgv(VM), ["xe", "vm-shutdown", `uuid=${VM}`]],
    ["forced shutdown", vmShutdownArgv(VM, { force: true }), ["xe", "vm-shutdown", `uuid=${VM}`, "--force"]],
    ["pinned start", vmStartArgv(VM, HOST), ["xe", "vm-start", `uuid=${VM}`, `on=${HOST}`]],
    ["pci list", pciListArgv(), ["xe", "pci-list"]],
    ["dom0 access off", dom0AccessArgv("disable", HOST), ["xe", "pci-disable-dom0-access", `uuid=${HOST}`]],
    ["dom0 access on", dom0AccessArgv("enable", HOST), ["xe", "pci-enable-dom0-access", `uuid=${HOST}`]],
    ["dom0 access status", dom0AccessArgv("get-status", HOST), ["xe", "pci-get-dom0-access-status", `uuid=${HOST}`]],
  ])("builds the %s command as separate words", (_title, argv, expected) => {
    expect(argv).toEqual(expected);
  });

  it("lower-cases UUIDs", () => {
    expect(vmParamArgv(VM.toUpperCase(), "power-state")[2]).toBe(`uuid=${VM}`);
  });

  it.each([`${VM} params=uuid`, "", "not-a-uuid", `${VM}\n`])("refuses %j as a UUID", (bad) => {
    expect(() => getPciKeyArgv(bad)).toThrow(ValidationError);
    expect(() => getPciKeyArgv(bad)).toThrow(`${JSON.stringify(bad)} is not a UUID.`);
  });

  it("refuses an empty or space-holding pci value, which would split into two xe words", () => {
    expect(() => setPciKeyArgv(VM, "")).toThrow('"" is not an encoded device list.');
    expect(() => setPciKeyArgv(VM, "0/0000:06:00.0, 0/0000:07:00.0")).toThrow(ValidationError);
    expect(() => setVmParamsArgv(VM, { affinity: HOST, pciValue: "" })).toThrow('"" is not an encoded device list.');
  });

  it("refuses a vm-param-set with nothing to set", () => {
    expect(() => setVmParamsArgv(VM, {})).toThrow("setVmParamsArgv needs an affinity or a pci value");
  });
});

describe("the host reboot's xe argv builders", () => {
  it.each<[string, string[], string[]]>([
    ["the pool's record", poolRecordArgv(), ["xe", "pool-list", "params=uuid,master,ha-enabled"]],
    ["the VMs that prevent evacuation", evacuationBlockersArgv(HOST.toUpperCase()), ["xe", "host-get-vms-which-prevent-evacuation", `uuid=${HOST}`]],
    ["the reboot's mark", setHostOtherConfigArgv(HOST, "xenserver-pci-reboot", `${VM},${VM}`), ["xe", "host-param-set", `uuid=${HOST}`, `other-config:xenserver-pci-reboot=${VM},${VM}`]],
    ["the mark's removal", removeHostOtherConfigArgv(HOST, "xenserver-pci-reboot"), ["xe", "host-param-remove", `uuid=${HOST}`, "param-name=other-config", "param-key=xenserver-pci-reboot"]],
  ])("%s", (_title, argv, expected) => {
    expect(argv).toEqual(expected);
  });

  it.each<[string, () => string[], string]>([
    ["a value with a space", () => setHostOtherConfigArgv(HOST, "xenserver-pci-reboot", "a b"), 'Invalid host other-config entry "xenserver-pci-reboot=a b": expected lower-case letters, digits, "-" and ",".'],
    ["a key with a colon", () => removeHostOtherConfigArgv(HOST, "a:b"), 'Invalid host other-config key "a:b": expected lower-case letters, digits and "-".'],
    ["a host UUID with a second word", () => evacuationBlockersArgv(`${HOST} params=all`), `"${HOST} params=all" is not a UUID.`],
  ])("refuses %s before it reaches xe", (_title, build, message) => {
    let thrown: unknown;
    try {
      build();
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ValidationError);
    expect((thrown as ValidationError).reason).toContain(message);
  });
});
