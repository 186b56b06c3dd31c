import { extlinuxHideEditCommand } from "../../../scripts/bench/extlinux-hide-edit";
import { assignmentCommands, baselineChanges, hiddenDeviceCommands, pciValue } from "../../../scripts/bench/per-command-lists";
import { buildWorkload, WORKLOADS } from "../../../scripts/bench/workload";

const VM = "c0ffee00-0000-4000-8000-000000000001";

describe("pciValue", () => {
  it("numbers the devices in order, as the provider writes them", () => {
    expect(pciValue(["0000:21:00.0", "0000:22:00.0"])).toBe("0/0000:21:00.0,1/0000:22:00.0");
  });
});

describe("assignmentCommands", () => {
  it("lists the create's reads, conflict scan, write and read-back, one command each", () => {
    expect(assignmentCommands(VM, ["0000:21:00.0", "0000:22:00.0"])).toEqual([
      `xe vm-list uuid=${VM} params=power-state --minimal`,
      `xe vm-param-get uuid=${VM} param-name=other-config param-key=pci || true`,
      "xe vm-list params=uuid,other-config",
      "ls /sys/bus/pci/devices",
      `xe vm-param-set uuid=${VM} other-config:pci=0/0000:21:00.0,1/0000:22:00.0`,
      `xe vm-param-get uuid=${VM} param-name=other-config param-key=pci`,
      `xe vm-list uuid=${VM} params=dom-id --minimal`,
      "xenstore-ls /local/domain/0/backend/pci || true",
    ]);
  });
});

describe("hiddenDeviceCommands", () => {
  it("lists the probe, the locked edit, extlinux -i and the read-backs, one command each", () => {
    expect(hiddenDeviceCommands("0000:5c:00.0")).toEqual([
      "cat /etc/xensource-inventory",
      "uname -r",
      "ls /sys/bus/pci/devices",
      "cat /boot/extlinux.conf",
      extlinuxHideEditCommand("0000:5c:00.0"),
      "extlinux -i /boot",
      "cat /boot/extlinux.conf",
      "readlink /sys/bus/pci/devices/0000:5c:00.0/driver || true",
    ]);
  });
});

describe("baselineChanges", () => {
  it("has one change per resource of the workload, hidden devices first, named as the provider run names them", () => {
    const changes = baselineChanges(buildWorkload(WORKLOADS.W2));
    expect(changes).toHaveLength(224);
    expect(changes[0]).toEqual({ host: 0, name: "hidden-h0-0", commands: hiddenDeviceCommands("0000:3e:00.0") });
    expect(changes[63]?.name).toBe("hidden-h7-63");
    expect(changes[64]).toEqual({ host: 0, name: "assign-h0-0", commands: assignmentCommands("c0ffee00-0000-4000-8000-000000000000", ["0000:20:00.0"]) });
    expect(changes[223]?.name).toBe("assign-h7-159");
    expect(changes.reduce((n, c) => n + c.commands.length, 0)).toBe(224 * 8);
  });
});
