import { generatedPoolVmUuid } from "../../support/generated-inventory";
import { parseBenchArgs } from "../../../scripts/bench/args";
import { assignmentResourceName, buildWorkload, hiddenResourceName, resourceCount, WORKLOADS } from "../../../scripts/bench/workload";

describe("buildWorkload", () => {
  it("gives W1's one host 40 assignments of alternately one and two devices, then 8 hidden devices after them", () => {
    const w = buildWorkload(WORKLOADS.W1);
    expect(w.assignments).toHaveLength(40);
    expect(w.assignments.slice(0, 3)).toEqual([
      { host: 0, vmUuid: "c0ffee00-0000-4000-8000-000000000000", devices: ["0000:20:00.0"] },
      { host: 0, vmUuid: "c0ffee00-0000-4000-8000-000000000001", devices: ["0000:21:00.0", "0000:22:00.0"] },
      { host: 0, vmUuid: "c0ffee00-0000-4000-8000-000000000002", devices: ["0000:23:00.0"] },
    ]);
    expect(w.assignments[39]).toEqual({ host: 0, vmUuid: "c0ffee00-0000-4000-8000-000000000027", devices: ["0000:5a:00.0", "0000:5b:00.0"] });
    expect(w.hidden.map((h) => h.address)).toEqual([
      "0000:5c:00.0", "0000:5d:00.0", "0000:5e:00.0", "0000:5f:00.0", "0000:60:00.0", "0000:61:00.0", "0000:62:00.0", "0000:63:00.0",
    ]);
    expect(w.inventorySize).toEqual({ vms: 40, devices: 68 });
    expect(resourceCount(w)).toBe(48);
  });

  it("gives each of W2's 8 pool members 20 VMs of its own with the same devices, and the same 8 hidden devices", () => {
    const w = buildWorkload(WORKLOADS.W2);
    expect(resourceCount(w)).toBe(224);
    expect(w.inventorySize).toEqual({ vms: 20, devices: 38 });
    const devicesOf = (host: number): (readonly string[])[] => w.assignments.filter((a) => a.host === host).map((a) => a.devices);
    for (let host = 0; host < 8; host += 1) {
      const assignments = w.assignments.filter((a) => a.host === host);
      expect(assignments).toHaveLength(20);
      // One pool: each member's VMs are its own; the addresses are the same on every member.
      expect(assignments.map((a) => a.vmUuid)).toEqual(Array.from({ length: 20 }, (_, i) => generatedPoolVmUuid(host, i)));
      expect(devicesOf(host)).toEqual(devicesOf(0));
      expect(w.hidden.filter((h) => h.host === host).map((h) => h.address)).toEqual([
        "0000:3e:00.0", "0000:3f:00.0", "0000:40:00.0", "0000:41:00.0", "0000:42:00.0", "0000:43:00.0", "0000:44:00.0", "0000:45:00.0",
      ]);
    }
    expect(new Set(w.assignments.map((a) => a.vmUuid)).size).toBe(160);
  });

  it("never gives one device to two resources of a host", () => {
    const w = buildWorkload(WORKLOADS.W1);
    const used = [...w.assignments.flatMap((a) => a.devices), ...w.hidden.map((h) => h.address)];
    expect(new Set(used).size).toBe(68);
  });
});

describe("resource names", () => {
  it("name resources by kind, host and index", () => {
    expect(hiddenResourceName(3, 17)).toBe("hidden-h3-17");
    expect(assignmentResourceName(0, 5)).toBe("assign-h0-5");
  });
});

describe("parseBenchArgs", () => {
  it("defaults to W1 and reads --workload in both forms", () => {
    expect(parseBenchArgs([])).toBe("W1");
    expect(parseBenchArgs(["--workload", "W2"])).toBe("W2");
    expect(parseBenchArgs(["--workload=W2"])).toBe("W2");
  });

  it("rejects an unknown workload and an unknown argument, naming the accepted values", () => {
    expect(() => parseBenchArgs(["--workload", "W3"])).toThrow(
      'Unable to run the benchmark: unknown workload "W3"; use --workload W1 or --workload W2.',
    );
    expect(() => parseBenchArgs(["--fast"])).toThrow('Unable to run the benchmark: unknown argument "--fast"; use --workload W1 or --workload W2.');
  });
});
